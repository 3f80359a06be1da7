import { ROLES } from '@lt/people';
import { createHash } from 'node:crypto';
import { EditMessage } from '../libs/chat/src/edit-message';
import type { FeedEnvelope } from '@lt/realtime';
import type { ChatMessageView } from '@lt/chat';
import { assignment, assignOk, enrol } from './support/signing';
import { connect, feedOf, nextEvent, request, waitFor } from './support/sockets';
import {
  addUnit,
  buildOrg,
  codeOf,
  Org,
  person,
  postDirective,
  SignedIn,
  signIn,
  startTestApp,
  TestApp,
} from './support/test-app';
import { registerIncomingOk } from './support/documents';

interface Channel {
  id: string;
  kind: string;
  title: string;
  lastN: number;
  lastReadN: number;
  unread: number;
  unreadMentions: number;
  following: boolean;
  unit: { id: string } | null;
}

type ChatEvent = Extract<FeedEnvelope, { name: 'chat.message' }>;

describe('messaging: channels, threads, direct messages, search (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leaderW1: SignedIn; // chairman of ward 1
  let an: SignedIn; // official of ward 1
  let binh: SignedIn; // official of ward 1
  let officialW3: SignedIn; // another district's ward
  let leaderD1: SignedIn; // district 1: above ward 1, but not in its channel
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50', LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    leaderW1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    an = await person(t, [{ unit: org.w1, role: 'official' }]);
    binh = await person(t, [{ unit: org.w1, role: 'official' }]);
    officialW3 = await person(t, [{ unit: org.w3, role: 'official' }]);
    leaderD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(() => t.close());

  const open = async (who: SignedIn, url = t.url) => {
    const socket = await connect(url, who.token);
    sockets.push(socket);
    return socket;
  };
  const channels = async (who: SignedIn) =>
    (await t.http().get('/chat/channels').set(who.auth).expect(200)).body as Channel[];
  const unitChannel = async (who: SignedIn, unitId = org.w1.id) =>
    (await channels(who)).find((c) => c.kind === 'unit' && c.unit?.id === unitId)!;
  const post = (who: SignedIn, channelId: string, body: Record<string, unknown>, headers = {}) =>
    t.http().post(`/chat/channels/${channelId}/messages`).set(who.auth).set(headers).send(body);
  const postOk = async (who: SignedIn, channelId: string, body: Record<string, unknown>) => {
    const r = await post(who, channelId, body);
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as ChatMessageView;
  };
  const lastN = async (channelId: string) =>
    Number((await t.ds.query('SELECT last_n FROM chat_channels WHERE id = $1', [channelId]))[0].last_n);

  it("keeps a unit's channel for its people: live messages, mentions, unread counts and the read cursor", async () => {
    // A ward of its own, so the unread counts start from nothing whatever ran before.
    const ward = await addUnit(t, 'ward', 'Phường Kênh Riêng', org.d1);
    const an = await person(t, [{ unit: ward, role: 'official' }]);
    const binh = await person(t, [{ unit: ward, role: 'official' }]);
    const channel = await unitChannel(an, ward.id);
    expect(channel).toMatchObject({ title: ward.name, unread: 0 });
    // The district's leader is above the ward but not one of its people: the channel is not theirs.
    expect((await channels(leaderD1)).some((c) => c.id === channel.id)).toBe(false);
    expect(codeOf(await t.http().get(`/chat/channels/${channel.id}/messages`).set(leaderD1.auth))).toBe(
      '404 chat/channel_not_found',
    );
    expect(codeOf(await post(officialW3, channel.id, { body: 'Xin chào' }))).toBe(
      '404 chat/channel_not_found',
    );

    const binhSocket = await open(binh);
    const binhTab2 = await open(binh);
    const live = nextEvent<FeedEnvelope>(binhSocket, 'feed.event', (e) => e.name === 'chat.message');
    const sent = await postOk(an, channel.id, {
      body: 'Chiều nay 14 giờ họp giao ban tiến độ giải phóng mặt bằng.',
    });
    // Audited with a digest of the text, in the unit's chain.
    const [posted] = await t.ds.query(
      `SELECT acting_unit_id AS "unitId", after FROM audit_entries WHERE subject_id = $1 AND action = 'chat.message.post'`,
      [sent.id],
    );
    expect(posted).toMatchObject({
      unitId: ward.id,
      after: {
        channelId: channel.id,
        n: sent.n,
        sha256: createHash('sha256').update(sent.body).digest('hex'),
      },
    });
    const event = (await live) as ChatEvent;
    expect(event.payload).toMatchObject({
      channel: { id: channel.id, kind: 'unit', title: ward.name },
      message: { id: sent.id, n: sent.n, body: sent.body, author: { id: an.id } },
      mentionsYou: false,
    });

    const named = nextEvent<FeedEnvelope>(
      binhSocket,
      'feed.event',
      (e) => e.name === 'chat.message' && e.payload.mentionsYou,
    );
    const mention = await postOk(an, channel.id, { body: '@Bình gửi giúp số liệu nhé', mentions: [binh.id] });
    expect(mention.mentions).toEqual([{ id: binh.id, fullName: expect.any(String) }]);
    await named;

    const seen = (await channels(binh)).find((c) => c.id === channel.id)!;
    expect(seen).toMatchObject({ unread: 2, unreadMentions: 1, lastN: mention.n });
    // The author has read what they wrote.
    expect((await channels(an)).find((c) => c.id === channel.id)).toMatchObject({ unread: 0 });

    // Reading in one tab tells the other.
    const otherTab = nextEvent<FeedEnvelope>(binhTab2, 'feed.event', (e) => e.name === 'chat.read');
    const read = await request(binhSocket, 'chat.mark_read', { channelId: channel.id, upTo: sent.n });
    expect(read).toEqual({ ok: true, data: { lastReadN: sent.n, unread: 1 } });
    expect((await otherTab).payload).toEqual({ channelId: channel.id, lastReadN: sent.n, unread: 1 });
    // The cursor never moves back, nor past the last message.
    await t.http().post(`/chat/channels/${channel.id}/read`).set(binh.auth).send({ upTo: 1 }).expect(200);
    const far = await t
      .http()
      .post(`/chat/channels/${channel.id}/read`)
      .set(binh.auth)
      .send({ upTo: 10 ** 9 });
    expect(far.body).toEqual({ lastReadN: mention.n, unread: 0 });
  });

  it("does not count a unit's history from before one joined as unread", async () => {
    const channel = await unitChannel(an);
    await postOk(an, channel.id, { body: 'Trước khi đồng chí mới về phường' });
    const newcomer = await person(t, [{ unit: org.w1, role: 'official' }]);
    expect(await unitChannel(newcomer)).toMatchObject({ unread: 0, lastReadN: await lastN(channel.id) });
    await postOk(an, channel.id, { body: 'Chào đồng chí mới' });
    expect(await unitChannel(newcomer)).toMatchObject({ unread: 1 });
  });

  it('refuses a mention of someone who cannot read the channel, storing nothing', async () => {
    const channel = await unitChannel(an);
    const before = await lastN(channel.id);
    const r = await post(an, channel.id, { body: '@Thạch Thang xem giúp', mentions: [officialW3.id] });
    expect(codeOf(r)).toBe('422 chat/mention_outside_channel');
    expect(r.body.message.vi).toMatch(/nhắc tên/);
    expect(await lastN(channel.id)).toBe(before);
  });

  it('sends over the socket too, validated against the contract, and a retry posts once', async () => {
    const channel = await unitChannel(an);
    const socket = await open(an);
    const before = await lastN(channel.id);
    const payload = {
      channelId: channel.id,
      body: 'Đã nhận, sẽ báo cáo trước 16 giờ.',
      clientKey: 'socket-key-0001',
    };
    const [first, again] = await Promise.all([
      request(socket, 'chat.send', payload),
      request(socket, 'chat.send', payload),
    ]);
    expect(first.ok && again.ok && first.data.id === again.data.id).toBe(true);
    expect(await lastN(channel.id)).toBe(before + 1);
    const extra = await request(socket, 'chat.send', {
      ...payload,
      clientKey: 'socket-key-0002',
      admin: true,
    } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: 'request/validation_failed' } });
    const foreign = await request(socket, 'chat.send', { channelId: org.w3.id, body: 'x' });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'chat/channel_not_found' } });

    // Over HTTP: the same Idempotency-Key answers the first message; another text under it is refused.
    const key = { 'Idempotency-Key': 'http-key-00000001' };
    const a = await post(an, channel.id, { body: 'Một lần thôi' }, key).expect(201);
    const b = await post(an, channel.id, { body: 'Một lần thôi' }, key).expect(201);
    expect(b.body.id).toBe(a.body.id);
    expect(codeOf(await post(an, channel.id, { body: 'Nội dung khác' }, key))).toBe(
      '409 chat/idempotency_conflict',
    );
  });

  it('numbers concurrent messages without gaps and pages history backwards', async () => {
    const channel = await unitChannel(binh);
    const sent = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        postOk(i % 2 ? an : binh, channel.id, { body: `Tin số ${i + 1}` }),
      ),
    );
    const ns = sent.map((m) => m.n).sort((x, y) => x - y);
    expect(ns).toEqual(Array.from({ length: 12 }, (_, i) => ns[0] + i));

    const pages: number[][] = [];
    let before: number | undefined;
    for (;;) {
      const r = await t
        .http()
        .get(`/chat/channels/${channel.id}/messages`)
        .query(before ? { before, limit: 5 } : { limit: 5 })
        .set(an.auth)
        .expect(200);
      const page = r.body as { messages: ChatMessageView[]; more: boolean };
      pages.push(page.messages.map((m) => m.n));
      if (!page.more) break;
      before = page.messages[0].n;
    }
    const all = pages.reverse().flat();
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    expect(all.at(-1)).toBe(await lastN(channel.id));
    expect(
      codeOf(await t.http().get(`/chat/channels/${channel.id}/messages`).query({ limit: 1000 }).set(an.auth)),
    ).toBe('400 request/validation_failed');
  });

  it('refuses bad input with clear errors', async () => {
    const channel = await unitChannel(an);
    const before = await lastN(channel.id);
    expect(codeOf(await post(an, channel.id, { body: 42 }))).toBe('400 request/validation_failed');
    expect(codeOf(await post(an, channel.id, {}))).toBe('400 request/validation_failed');
    expect(codeOf(await post(an, channel.id, { body: '   ' }))).toBe('400 chat/empty_message');
    expect(codeOf(await post(an, channel.id, { body: 'x'.repeat(4001) }))).toBe(
      '400 request/validation_failed',
    );
    expect(codeOf(await post(an, channel.id, { body: 'x', mentions: ['not-a-uuid'] }))).toBe(
      '400 request/validation_failed',
    );
    expect(codeOf(await post(an, 'not-a-uuid', { body: 'x' }))).toBe('400 request/validation_failed');
    expect(codeOf(await post(an, org.w1.id, { body: 'x' }))).toBe('404 chat/channel_not_found');
    expect(codeOf(await post(an, channel.id, { body: 'x', attachmentIds: [org.w1.id] }))).toBe(
      '404 file/not_found',
    );
    expect(await lastN(channel.id)).toBe(before);
  });

  it('lets the author edit or delete within the window, keeping the earlier text in the audit log', async () => {
    const channel = await unitChannel(an);
    const message = await postOk(an, channel.id, { body: 'Họp lúc 7 giờ 30' });
    const binhSocket = await open(binh);
    const changed = nextEvent<FeedEnvelope>(
      binhSocket,
      'feed.event',
      (e) => e.name === 'chat.message_changed',
    );
    const edit = (who: SignedIn, body: Record<string, unknown>) =>
      t.http().patch(`/chat/messages/${message.id}`).set(who.auth).send(body);
    expect(codeOf(await edit(binh, { body: 'Họp lúc 8 giờ', version: 1 }))).toBe('403 chat/not_author');
    expect(codeOf(await edit(officialW3, { body: 'Họp lúc 8 giờ', version: 1 }))).toBe(
      '404 chat/message_not_found',
    );
    const edited = await edit(an, { body: 'Họp lúc 8 giờ', version: 1 }).expect(200);
    expect(edited.body).toMatchObject({ body: 'Họp lúc 8 giờ', version: 2, editedAt: expect.any(String) });
    expect((await changed).payload).toMatchObject({ message: { id: message.id, body: 'Họp lúc 8 giờ' } });
    expect(codeOf(await edit(an, { body: 'Họp lúc 9 giờ', version: 1 }))).toBe(
      '409 request/conflict_version',
    );

    const [audit] = await t.ds.query(
      `SELECT before, after FROM audit_entries WHERE subject_id = $1 AND action = 'chat.message.edit'`,
      [message.id],
    );
    expect(audit).toMatchObject({ before: { body: 'Họp lúc 7 giờ 30' }, after: { body: 'Họp lúc 8 giờ' } });

    // After the window (15 minutes by default) the message is fixed.
    const editing = t.app.get(EditMessage);
    const later = new Date(Date.now() + 16 * 60_000);
    await expect(
      editing.edit({ principal: principalOf(an) }, message.id, 'Muộn', 2, later),
    ).rejects.toMatchObject({ code: 'chat/edit_window_closed' });

    const removed = await t
      .http()
      .delete(`/chat/messages/${message.id}`)
      .query({ version: 2 })
      .set(an.auth)
      .expect(200);
    expect(removed.body).toMatchObject({ body: '', deletedAt: expect.any(String), version: 3 });
    const [deletion] = await t.ds.query(
      `SELECT before FROM audit_entries WHERE subject_id = $1 AND action = 'chat.message.delete'`,
      [message.id],
    );
    expect(deletion.before).toMatchObject({ body: 'Họp lúc 8 giờ' });
    const [row] = await t.ds.query('SELECT body FROM chat_messages WHERE id = $1', [message.id]);
    expect(row.body).toBe('');
    expect(codeOf(await edit(an, { body: 'Lại', version: 3 }))).toBe('409 chat/message_deleted');
  });

  // What the edit rules read of the actor: who they are and where they work.
  const principalOf = (who: SignedIn) =>
    ({ userId: who.id, positions: [{ unitId: org.w1.id, role: 'official', positionId: who.id }] }) as never;

  it("posts the leader's announcement as a notice its people acknowledge, with directive receipts", async () => {
    const channel = await unitChannel(leaderW1);
    expect(codeOf(await post(an, channel.id, { body: 'Thông báo', announcement: {} }))).toBe(
      '403 chat/announcement_not_allowed',
    );
    const anSocket = await open(an);
    const issued = nextEvent<FeedEnvelope>(anSocket, 'feed.event', (e) => e.name === 'directive.issued');
    const message = await postOk(leaderW1, channel.id, {
      body: 'Thông báo lịch trực bão từ ngày 27/11.\nĐề nghị cán bộ xác nhận đã nhận.',
      announcement: { ackDueAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(message.announcement).toMatchObject({
      ackRequired: true,
      notation: expect.stringMatching(/\/TB-/),
    });
    const directiveId = message.announcement!.directiveId;
    expect((await issued).payload).toMatchObject({
      id: directiveId,
      subject: 'Thông báo lịch trực bão từ ngày 27/11.',
    });
    const ack = await request(anSocket, 'directive.acknowledge', { directiveId });
    expect(ack).toMatchObject({ ok: true, data: { state: 'acknowledged' } });
    const progress = await t.http().get(`/directives/${directiveId}/progress`).set(leaderW1.auth).expect(200);
    expect(JSON.stringify(progress.body)).toContain('"acknowledged":1');
    expect(
      codeOf(
        await t
          .http()
          .patch(`/chat/messages/${message.id}`)
          .set(leaderW1.auth)
          .send({ body: 'x', version: 1 }),
      ),
    ).toBe('409 chat/announcement_fixed');
  });

  it('keeps direct messages between two people, with attachments only they download', async () => {
    expect(codeOf(await t.http().post('/chat/direct').set(an.auth).send({ userId: an.id }))).toBe(
      '400 chat/direct_self',
    );
    expect(codeOf(await t.http().post('/chat/direct').set(an.auth).send({ userId: org.w1.id }))).toBe(
      '404 chat/person_not_found',
    );
    const direct = (
      await t.http().post('/chat/direct').set(an.auth).send({ userId: officialW3.id }).expect(200)
    ).body as Channel & { people: { id: string }[] };
    const again = await t
      .http()
      .post('/chat/direct')
      .set(officialW3.auth)
      .send({ userId: an.id })
      .expect(200);
    expect(again.body.id).toBe(direct.id);
    expect(direct.people.map((p) => p.id).sort()).toEqual([an.id, officialW3.id].sort());

    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(500, 65)]);
    const upload = await t.http().post('/files').set(an.auth).attach('file', pdf, 'Biên bản.pdf').expect(201);
    const w3Socket = await open(officialW3);
    const live = nextEvent<FeedEnvelope>(w3Socket, 'feed.event', (e) => e.name === 'chat.message');
    const message = await postOk(an, direct.id, {
      body: 'Gửi anh biên bản',
      attachmentIds: [upload.body.id],
    });
    expect((await live).payload).toMatchObject({ channel: { id: direct.id, kind: 'direct' } });
    const path = `/chat/messages/${message.id}/attachments/${upload.body.id}`;
    const download = await t.http().get(path).set(officialW3.auth).expect(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    expect(codeOf(await t.http().get(path).set(binh.auth))).toBe('404 chat/message_not_found');
    expect(codeOf(await t.http().get(`/chat/channels/${direct.id}/messages`).set(binh.auth))).toBe(
      '404 chat/channel_not_found',
    );
    expect(codeOf(await post(binh, direct.id, { body: 'Chen ngang' }))).toBe('404 chat/channel_not_found');
  });

  it('opens a thread on a directive or a task for whoever may read it, live to those it involves', async () => {
    const directive = await postDirective(t, leaderD1, {
      issuingUnitId: org.d1.id,
      targets: [{ unitId: org.w1.id }],
      subject: 'Về việc chuẩn bị ứng phó bão số 13',
      body: 'Các phường khẩn trương triển khai.',
    }).expect(201);
    const directiveId = (directive.body as { id: string }).id;
    const thread = (await t.http().post(`/chat/threads/directive/${directiveId}`).set(an.auth).expect(200))
      .body as Channel;
    expect(thread).toMatchObject({
      kind: 'thread',
      following: true,
      subject: { type: 'directive', id: directiveId },
    });
    expect(codeOf(await t.http().post(`/chat/threads/directive/${directiveId}`).set(officialW3.auth))).toBe(
      '404 chat/channel_not_found',
    );
    // The signer follows the thread on what they signed without opening it.
    const signerSocket = await open(leaderD1);
    const live = nextEvent<FeedEnvelope>(signerSocket, 'feed.event', (e) => e.name === 'chat.message');
    await postOk(an, thread.id, { body: 'Xin hướng dẫn thêm về mục 2 của chỉ thị.' });
    expect((await live).payload).toMatchObject({ channel: { id: thread.id, kind: 'thread' } });
    expect((await channels(leaderD1)).some((c) => c.id === thread.id)).toBe(false);
    expect((await channels(an)).some((c) => c.id === thread.id)).toBe(true);

    const signer = await enrol(t, leaderD1, org.d1.id);
    const task = await assignOk(t, signer, assignment(signer, { unitId: org.w1.id }));
    const taskThread = (await t.http().post(`/chat/threads/task/${task.id}`).set(leaderW1.auth).expect(200))
      .body as Channel;
    for (const outsider of [an, officialW3])
      expect(codeOf(await t.http().post(`/chat/threads/task/${task.id}`).set(outsider.auth))).toBe(
        '404 chat/channel_not_found',
      );
    expect(codeOf(await post(an, taskThread.id, { body: 'x' }))).toBe('404 chat/channel_not_found');
    expect(codeOf(await t.http().post(`/chat/threads/task/${org.w1.id}`).set(leaderW1.auth))).toBe(
      '404 chat/channel_not_found',
    );
    expect(codeOf(await t.http().post(`/chat/threads/report/${task.id}`).set(leaderW1.auth))).toBe(
      '400 request/validation_failed',
    );
    // Unfollowing keeps access but stops the live copy.
    await t
      .http()
      .put(`/chat/channels/${thread.id}/follow`)
      .set(an.auth)
      .send({ following: false })
      .expect(200);
    expect((await channels(an)).some((c) => c.id === thread.id)).toBe(false);
  });

  it("opens a unit's channel to its own people only, whatever their role or rank above it", async () => {
    const targets = ['city', 'd1', 'd2', 'w1', 'w2', 'w3', 'team1'] as const;
    const channelOf = new Map<string, string>();
    for (const target of targets) {
      const member = await person(t, [{ unit: org[target], role: 'official' }]);
      channelOf.set(target, (await unitChannel(member, org[target].id)).id);
    }
    const outcomes: string[] = [];
    for (const role of ROLES)
      for (const at of ['city', 'd1', 'w1'] as const) {
        const who = await person(t, [{ unit: org[at], role }]);
        for (const target of targets) {
          const r = await t
            .http()
            .get(`/chat/channels/${channelOf.get(target)}/messages`)
            .set(who.auth);
          if (r.status === 200) outcomes.push(`${role}@${at} reads ${target}`);
          else expect(codeOf(r)).toBe('404 chat/channel_not_found');
        }
      }
    expect(outcomes.sort()).toEqual(
      ROLES.flatMap((role) => ['city', 'd1', 'w1'].map((at) => `${role}@${at} reads ${at}`)).sort(),
    );
  });

  it("opens a document's thread to those who may read the document", async () => {
    const clerk = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    const registered = await registerIncomingOk(t, clerk);
    const path = `/chat/threads/document/${registered.id}`;
    for (const reader of [clerk, leaderD1]) await t.http().post(path).set(reader.auth).expect(200);
    for (const outsider of [leaderW1, an, officialW3])
      expect(codeOf(await t.http().post(path).set(outsider.auth))).toBe('404 chat/channel_not_found');
  });

  it('re-checks membership when posting, so an open socket outlives no removal or disabling', async () => {
    const leaving = await person(t, [{ unit: org.w1, role: 'official' }]);
    const channel = await unitChannel(leaving);
    const direct = (await t.http().post('/chat/direct').set(leaving.auth).send({ userId: an.id }).expect(200))
      .body as Channel;
    const socket = await open(leaving);
    expect((await request(socket, 'chat.send', { channelId: channel.id, body: 'Còn ở phường' })).ok).toBe(
      true,
    );
    const before = await lastN(channel.id);
    await t.ds.query('DELETE FROM positions WHERE user_id = $1', [leaving.id]);
    const refused = await request(socket, 'chat.send', { channelId: channel.id, body: 'Đã chuyển công tác' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'chat/channel_not_found' } });
    expect(await lastN(channel.id)).toBe(before);
    await t.ds.query('UPDATE users SET disabled_at = now() WHERE id = $1', [leaving.id]);
    const disabled = await request(socket, 'chat.send', { channelId: direct.id, body: 'Tài khoản đã khóa' });
    expect(disabled).toMatchObject({ ok: false, error: { code: 'chat/channel_not_found' } });
  });

  it("follows the directive's own reading rule: a signer moved elsewhere loses its thread", async () => {
    const signer = await person(t, [{ unit: org.d2, role: 'leader' }]);
    const issued = await postDirective(t, signer, {
      issuingUnitId: org.d2.id,
      targets: [{ unitId: org.w3.id }],
      subject: 'Về việc kiểm tra phòng cháy chữa cháy',
      body: 'Các phường kiểm tra, báo cáo.',
    }).expect(201);
    const path = `/chat/threads/directive/${issued.body.id}`;
    await t.http().post(path).set(signer.auth).expect(200);
    await t.ds.query('UPDATE positions SET unit_id = $2 WHERE user_id = $1', [signer.id, org.w2.id]);
    const moved = await signIn(t, signer.username);
    expect((await t.http().get(`/directives/${issued.body.id}`).set(moved.auth)).status).toBe(404);
    expect(codeOf(await t.http().post(path).set(moved.auth))).toBe('404 chat/channel_not_found');
  });

  it('follows only threads, and refuses out-of-range cursors', async () => {
    const channel = await unitChannel(an);
    expect(
      codeOf(
        await t.http().put(`/chat/channels/${channel.id}/follow`).set(an.auth).send({ following: false }),
      ),
    ).toBe('422 chat/follow_threads_only');
    const huge = await t.http().post(`/chat/channels/${channel.id}/read`).set(an.auth).send({ upTo: 1e20 });
    expect(codeOf(huge)).toBe('400 request/validation_failed');
    const page = await t
      .http()
      .get(`/chat/channels/${channel.id}/messages`)
      .query({ before: '1e20' })
      .set(an.auth);
    expect(codeOf(page)).toBe('400 request/validation_failed');
    // A retry after the author edited the message still answers the first message.
    const key = { 'Idempotency-Key': 'edited-retry-0001' };
    const first = await post(an, channel.id, { body: 'Bản đầu' }, key).expect(201);
    await t
      .http()
      .patch(`/chat/messages/${first.body.id}`)
      .set(an.auth)
      .send({ body: 'Bản sửa', version: 1 })
      .expect(200);
    const retry = await post(an, channel.id, { body: 'Bản đầu' }, key).expect(201);
    expect(retry.body).toMatchObject({ id: first.body.id, body: 'Bản sửa' });
  });

  it('searches what the person may read, with or without diacritics', async () => {
    const channel = await unitChannel(an);
    const marker = `kênh${Date.now()}`;
    const message = await postOk(an, channel.id, { body: `Báo cáo TIẾN ĐỘ đường Lê Đức Thọ ${marker}` });
    const direct = (
      await t.http().post('/chat/direct').set(officialW3.auth).send({ userId: leaderD1.id }).expect(200)
    ).body as Channel;
    await postOk(officialW3, direct.id, { body: `Tiến độ riêng ${marker}` });

    const search = (who: SignedIn, q: string) =>
      t
        .http()
        .get('/chat/search')
        .query({ q })
        .set(who.auth)
        .expect(200)
        .then((r) => r.body as { message: ChatMessageView }[]);
    const folded = marker.normalize('NFD').replace(/\p{M}/gu, '');
    const found = await search(binh, `tien do duc tho ${folded}`);
    expect(found.map((h) => h.message.id)).toEqual([message.id]);
    expect((await search(binh, `Tiến Độ ${marker}`)).map((h) => h.message.id)).toEqual([message.id]);
    // Neither the ward's channel nor others' direct messages leak.
    expect(await search(officialW3, `bao cao ${folded}`)).toEqual([]);
    expect(await search(binh, `rieng ${folded}`)).toEqual([]);
    expect((await search(leaderD1, `rieng ${folded}`)).length).toBe(1);
    expect(codeOf(await t.http().get('/chat/search').query({ q: 'a' }).set(an.auth))).toBe(
      '400 search/query_invalid',
    );

    await t.http().delete(`/chat/messages/${message.id}`).query({ version: 1 }).set(an.auth).expect(200);
    expect(await search(binh, `tien do ${folded}`)).toEqual([]);
  });

  it('catches up exactly once after a reconnect and after the server restarts', async () => {
    const channel = await unitChannel(an);
    const first = await open(binh);
    const { client, events } = feedOf(first);
    await postOk(an, channel.id, { body: 'Trước khi mất kết nối' });
    await waitFor(() =>
      events.some((e) => e.name === 'chat.message' && e.payload.message.body === 'Trước khi mất kết nối'),
    );
    const cursor = client.cursor;
    first.disconnect();

    const whileAway = [];
    for (const body of ['Tin 1 khi vắng', 'Tin 2 khi vắng'])
      whileAway.push(await postOk(an, channel.id, { body }));
    await t.close();
    t = await startTestApp({ REALTIME_POLL_MS: '50', LOG_LEVEL: 'error' });
    whileAway.push(await postOk(an, channel.id, { body: 'Tin 3 sau khi khởi động lại' }));

    const back = await open(binh);
    const resumed = feedOf(back, cursor);
    await waitFor(() => resumed.events.filter((e) => e.name === 'chat.message').length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    const got = resumed.events
      .filter((e): e is ChatEvent => e.name === 'chat.message')
      .map((e) => e.payload.message.id);
    expect(got).toEqual(whileAway.map((m) => m.id));
  });
});
