import { verifyAuditChains } from '@lt/audit';
import { AuthService } from '@lt/auth';
import { DirectiveEscalation, DirectiveReceipts } from '@lt/directives';
import type { FeedEnvelope } from '@lt/realtime';
import { addUnit, buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';
import { connect, feedOf, nextEvent, request, waitFor } from './support/sockets';

type Issued = { id: string; notation: string; number: number; recipientCount: number; version: number };

describe('live directives (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leaderD1: SignedIn; // chairman of district 1
  let official1: SignedIn; // official of ward 1
  let wardLeader1: SignedIn; // chairman of ward 1
  let wardLeader2: SignedIn; // chairman of ward 2
  let official3: SignedIn; // official of ward 3 (district 2)
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50' });
    org = await buildOrg(t);
    leaderD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    official1 = await person(t, [{ unit: org.w1, role: 'official' }]);
    wardLeader1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    wardLeader2 = await person(t, [{ unit: org.w2, role: 'leader' }]);
    official3 = await person(t, [{ unit: org.w3, role: 'official' }]);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(() => t.close());

  const open = async (who: SignedIn) => {
    const socket = await connect(t.url, who.token);
    sockets.push(socket);
    return socket;
  };

  const issue = (who: SignedIn, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t
      .http()
      .post('/directives')
      .set(who.auth)
      .set(headers)
      .send({
        issuingUnitId: org.d1.id,
        type: 'CT',
        subject: 'Tăng cường phòng chống bão số 5',
        body: 'Yêu cầu các phường triển khai ngay phương án sơ tán dân.',
        urgency: 2,
        targets: [
          { unitId: org.w1.id, includeSubtree: true },
          { unitId: org.w2.id, roles: ['leader'] },
        ],
        ackDueAt: new Date(Date.now() + 3_600_000).toISOString(),
        ...body,
      });

  it('numbers directives in order per unit and year, and resolves recipients from the targets', async () => {
    const first = (await issue(leaderD1).expect(201)).body as Issued;
    const second = (await issue(leaderD1).expect(201)).body as Issued;
    expect(second.number).toBe(first.number + 1);
    expect(first.notation).toBe(`${first.number}/CT-${org.d1.code}`);
    // w1 subtree: official1 + wardLeader1; w2 leaders only: wardLeader2. Not the issuer, not w3.
    expect(first.recipientCount).toBe(3);
    const recipients: { user_id: string }[] = await t.ds.query(
      'SELECT user_id FROM directive_recipients WHERE directive_id = $1',
      [first.id],
    );
    expect(recipients.map((r) => r.user_id).sort()).toEqual(
      [official1.id, wardLeader1.id, wardLeader2.id].sort(),
    );
  });

  it('lets only a leader of the issuing unit issue, and only into its subtree', async () => {
    const official = await person(t, [{ unit: org.d1, role: 'official' }]);
    expect((await issue(official).expect(403)).body.code).toBe('access/forbidden');
    // A district leader may not issue in the city's name ...
    expect((await issue(leaderD1, { issuingUnitId: org.city.id }).expect(403)).body.code).toBe(
      'access/forbidden',
    );
    // ... nor reach another district's ward.
    const sideways = await issue(leaderD1, { targets: [{ unitId: org.w3.id }] }).expect(403);
    expect(sideways.body.code).toBe('directive/target_outside_reach');
    // A ward leader cannot target their district.
    const upwards = await issue(wardLeader1, {
      issuingUnitId: org.w1.id,
      targets: [{ unitId: org.d1.id }],
    }).expect(403);
    expect(upwards.body.code).toBe('directive/target_outside_reach');
    const before: { count: number }[] = await t.ds.query(
      'SELECT count(*)::int AS count FROM directives WHERE issuing_unit_id = $1',
      [org.city.id],
    );
    expect(before[0].count).toBe(0);
  });

  it('refuses bad input field by field and stores nothing', async () => {
    const [{ count: before }]: { count: number }[] = await t.ds.query(
      'SELECT count(*)::int AS count FROM directives',
    );
    const bad = await issue(leaderD1, { urgency: 7, targets: [], type: 'XX', subject: 5 }).expect(400);
    expect(bad.body.code).toBe('request/validation_failed');
    expect((bad.body.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(
      expect.arrayContaining(['subject', 'targets', 'type', 'urgency']),
    );
    await issue(leaderD1, { body: 'x'.repeat(70_000) }).expect(413);
    expect((await issue(leaderD1, { ackDueAt: '2001-01-01T00:00:00Z' }).expect(422)).body.code).toBe(
      'directive/ack_due_in_past',
    );
    const nobody = await issue(leaderD1, { targets: [{ unitId: org.w2.id, roles: ['clerk'] }] }).expect(422);
    expect(nobody.body.code).toBe('directive/no_recipients');
    await issue(leaderD1, { targets: [{ unitId: 'not-a-uuid' }] }).expect(400);
    // Blank text passes a length check, so it is refused for what it is.
    const blank = await issue(leaderD1, { subject: '      ', body: '\n\n\n' }).expect(400);
    expect(blank.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'subject', constraints: expect.arrayContaining(['isNotBlank']) }),
        expect.objectContaining({ field: 'body', constraints: expect.arrayContaining(['isNotBlank']) }),
      ]),
    );
    await issue(leaderD1, { ackDueAt: '2026-W50' }).expect(400);
    const [{ count: after }]: { count: number }[] = await t.ds.query(
      'SELECT count(*)::int AS count FROM directives',
    );
    expect(after).toBe(before);
  });

  it('delivers a directive live to every connected recipient and to no one else', async () => {
    const recipient = await open(official1);
    const outsider = await open(official3);
    const received = nextEvent<FeedEnvelope>(recipient, 'feed.event', (e) => e.name === 'directive.issued');
    let leaked = false;
    outsider.on('feed.event', () => (leaked = true));
    const issued = (await issue(leaderD1).expect(201)).body as Issued;
    const envelope = await received;
    expect(envelope.payload).toMatchObject({
      id: issued.id,
      notation: issued.notation,
      urgency: 2,
      ackRequired: true,
    });
    expect(envelope.seq).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(leaked).toBe(false);
  });

  it('records delivered, read and acknowledged receipts idempotently and shows the leader live progress', async () => {
    const issued = (await issue(leaderD1).expect(201)).body as Issued;
    const leaderSocket = await open(leaderD1);
    const watch = await request(leaderSocket, 'directive.watch', { directiveId: issued.id });
    expect(watch).toEqual({ ok: true, data: { recipients: 3, delivered: 0, read: 0, acknowledged: 0 } });

    const socket = await open(official1);
    expect(await request(socket, 'directive.delivered', { directiveIds: [issued.id] })).toEqual({
      ok: true,
      data: { updated: 1 },
    });
    const progress = nextEvent<{ counts: { acknowledged: number } }>(
      leaderSocket,
      'directive.progress',
      (p) => p.counts.acknowledged === 1,
    );
    const ack = await request(socket, 'directive.acknowledge', {
      directiveId: issued.id,
      comment: 'Phường đã triển khai.',
    });
    expect(ack.ok && ack.data).toMatchObject({ state: 'acknowledged', comment: 'Phường đã triển khai.' });
    expect((await progress).counts).toEqual({ recipients: 3, delivered: 1, read: 1, acknowledged: 1 });

    // Again, over REST this time: same receipt, first time and comment kept, counters unchanged.
    const again = await t
      .http()
      .post(`/directives/${issued.id}/acknowledge`)
      .set(official1.auth)
      .send({ comment: 'Lần hai' })
      .expect(200);
    expect(again.body.acknowledgedAt).toBe(ack.ok && ack.data.acknowledgedAt);
    expect(again.body.comment).toBe('Phường đã triển khai.');
    const progressView = await t
      .http()
      .get(`/directives/${issued.id}/progress`)
      .set(leaderD1.auth)
      .expect(200);
    expect(progressView.body.counts).toEqual({ recipients: 3, delivered: 1, read: 1, acknowledged: 1 });
    const w1 = (progressView.body.units as { unitId: string; pending: { userId: string }[] }[]).find(
      (u) => u.unitId === org.w1.id,
    )!;
    expect(w1.pending.map((p) => p.userId)).toEqual([wardLeader1.id]);

    const audit: { action: string }[] = await t.ds.query(
      // Who viewed it is in the chain too (test/views.e2e-spec.ts); here, what changed it.
      `SELECT action FROM audit_entries WHERE subject_id = $1 AND action NOT LIKE '%.view' AND action NOT LIKE '%.download' ORDER BY id`,
      [issued.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['directive.issue', 'directive.acknowledge']);
  });

  it("refuses receipts for other people's directives and stores nothing from the refused event", async () => {
    const issued = (await issue(leaderD1).expect(201)).body as Issued;
    const outsider = await open(official3);
    const errors = nextEvent<{ code: string }>(outsider, 'app.error');
    const refused = await request(outsider, 'directive.acknowledge', { directiveId: issued.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'directive/not_found', event: 'directive.acknowledge' },
    });
    expect((await errors).code).toBe('directive/not_found');
    // A batch naming one foreign directive is refused whole: the valid one is not marked either.
    const mine = await open(official1);
    const mixed = await request(mine, 'directive.delivered', {
      directiveIds: [issued.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(mixed.ok).toBe(false);
    const [row]: { delivered_at: Date | null }[] = await t.ds.query(
      'SELECT delivered_at FROM directive_recipients WHERE directive_id = $1 AND user_id = $2',
      [issued.id, official1.id],
    );
    expect(row.delivered_at).toBeNull();
    // The socket is still usable.
    expect((await request(mine, 'directive.read', { directiveId: issued.id })).ok).toBe(true);
    // A watcher who does not follow the directive learns nothing.
    expect(await request(outsider, 'directive.watch', { directiveId: issued.id })).toMatchObject({
      ok: false,
      error: { code: 'directive/not_found' },
    });
  });

  it('counts many simultaneous acknowledgements exactly and keeps the audit chains valid', async () => {
    const people = await Promise.all(
      Array.from({ length: 20 }, () => person(t, [{ unit: org.w2, role: 'official' }])),
    );
    const issued = (await issue(leaderD1, { targets: [{ unitId: org.w2.id }] }).expect(201)).body as Issued;
    const socketsOf = await Promise.all(people.map((p) => open(p)));
    const results = await Promise.all(
      socketsOf.flatMap((s) => [
        request(s, 'directive.acknowledge', { directiveId: issued.id }),
        request(s, 'directive.acknowledge', { directiveId: issued.id }),
      ]),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const view = await t.http().get(`/directives/${issued.id}`).set(leaderD1.auth).expect(200);
    expect(view.body.counts.acknowledged).toBe(20);
    const [{ count }]: { count: number }[] = await t.ds.query(
      'SELECT count(*)::int AS count FROM directive_recipients WHERE directive_id = $1 AND acknowledged_at IS NOT NULL',
      [issued.id],
    );
    expect(count).toBe(20);
    const report = await verifyAuditChains(t.ds);
    expect(report.breaks).toEqual([]);
    expect(report.entries).toBeGreaterThan(20);
  });

  it("keeps others' acknowledgements when one in the same batch carries a value the database refuses", async () => {
    const [good, bad] = await Promise.all([
      person(t, [{ unit: org.w2, role: 'official' }]),
      person(t, [{ unit: org.w2, role: 'official' }]),
    ]);
    const issued = (await issue(leaderD1, { targets: [{ unitId: org.w2.id }] }).expect(201)).body as Issued;
    const receipts = t.app.get(DirectiveReceipts);
    const actor = async (who: SignedIn) => ({
      principal: await t.app.get(AuthService).loadPrincipal(who.id, null),
    });
    // Asked in the same turn of the event loop: one batch. A NUL character passes validation
    // (it is a string within the length) but PostgreSQL refuses it in text.
    const [goodActor, badActor] = [await actor(good), await actor(bad)];
    const [kept, refused] = await Promise.allSettled([
      receipts.record(goodActor, 'acknowledge', [issued.id], 'Đã nhận.'),
      receipts.record(badActor, 'acknowledge', [issued.id], 'Đã\u0000nhận'),
    ]);
    expect(kept.status).toBe('fulfilled');
    expect(refused.status).toBe('rejected');
    // Over HTTP the same refusal is a 400 the person can act on, not a 500.
    const answer = await t
      .http()
      .post(`/directives/${issued.id}/acknowledge`)
      .set(bad.auth)
      .send({ comment: 'Đã\u0000nhận' })
      .expect(400);
    expect(answer.body.code).toBe('request/unstorable_value');
    const rows: { userId: string }[] = await t.ds.query(
      `SELECT user_id AS "userId" FROM directive_recipients WHERE directive_id = $1 AND acknowledged_at IS NOT NULL`,
      [issued.id],
    );
    expect(rows.map((r) => r.userId)).toEqual([good.id]);
  });

  it('reminds those who have not acknowledged, at most every few minutes', async () => {
    const issued = (await issue(leaderD1).expect(201)).body as Issued;
    await t.http().post(`/directives/${issued.id}/acknowledge`).set(wardLeader1.auth).send({}).expect(200);
    const socket = await open(official1);
    const reminded = nextEvent<FeedEnvelope>(socket, 'feed.event', (e) => e.name === 'directive.reminder');
    expect(
      (await t.http().post(`/directives/${issued.id}/remind`).set(leaderD1.auth).expect(200)).body,
    ).toEqual({ reminded: 2 });
    expect((await reminded).payload).toMatchObject({ directiveId: issued.id, notation: issued.notation });
    // A reminder does not change the directive: its version stays.
    const after = await t.http().get(`/directives/${issued.id}`).set(leaderD1.auth).expect(200);
    expect(after.body.version).toBe(issued.version);
    expect(
      (await t.http().post(`/directives/${issued.id}/remind`).set(leaderD1.auth).expect(429)).body.code,
    ).toBe('directive/reminder_too_soon');
    // Recipients cannot remind or see progress.
    await t.http().post(`/directives/${issued.id}/remind`).set(official1.auth).expect(403);
    expect(
      (await t.http().get(`/directives/${issued.id}/progress`).set(wardLeader1.auth).expect(404)).body.code,
    ).toBe('directive/not_found');
  });

  it('recalls a directive: recipients are told, it stays readable, acknowledgements stop', async () => {
    const issued = (await issue(leaderD1).expect(201)).body as Issued;
    const socket = await open(official1);
    const recalled = nextEvent<FeedEnvelope>(socket, 'feed.event', (e) => e.name === 'directive.recalled');
    await t
      .http()
      .post(`/directives/${issued.id}/recall`)
      .set(leaderD1.auth)
      .send({ reason: 'Ban hành nhầm', version: issued.version + 5 })
      .expect(409);
    const done = await t
      .http()
      .post(`/directives/${issued.id}/recall`)
      .set(leaderD1.auth)
      .send({ reason: 'Ban hành nhầm', version: issued.version });
    expect(done.body).toMatchObject({ recallReason: 'Ban hành nhầm' });
    expect(done.body.recalledAt).toEqual(expect.any(String));
    expect((await recalled).payload).toMatchObject({ directiveId: issued.id, reason: 'Ban hành nhầm' });
    const mine = await t.http().get(`/directives/${issued.id}`).set(official1.auth).expect(200);
    expect(mine.body).toMatchObject({ recalledAt: expect.any(String), recallReason: 'Ban hành nhầm' });
    expect(
      (await t.http().post(`/directives/${issued.id}/acknowledge`).set(official1.auth).send({}).expect(409))
        .body.code,
    ).toBe('directive/recalled');
    await t
      .http()
      .post(`/directives/${issued.id}/recall`)
      .set(leaderD1.auth)
      .send({ reason: 'Lần nữa' })
      .expect(409);
  });

  it('makes one directive of a retried request with the same Idempotency-Key', async () => {
    const key = `retry-${Date.now()}`;
    const same = { ackDueAt: new Date(Date.now() + 3_600_000).toISOString() }; // one request, sent twice
    const [a, b] = await Promise.all([
      issue(leaderD1, same, { 'Idempotency-Key': key }),
      issue(leaderD1, same, { 'Idempotency-Key': key }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const [{ count }]: { count: number }[] = await t.ds.query(
      'SELECT count(*)::int AS count FROM directives WHERE idempotency_key = $1',
      [key],
    );
    expect(count).toBe(1);
    const other = await issue(leaderD1, { subject: 'Một việc khác hẳn' }, { 'Idempotency-Key': key }).expect(
      409,
    );
    expect(other.body.code).toBe('directive/idempotency_conflict');
    // Any part counts, not only the text: other targets under the same key are another request.
    const elsewhere = await issue(
      leaderD1,
      { ...same, targets: [{ unitId: org.w2.id }] },
      { 'Idempotency-Key': key },
    ).expect(409);
    expect(elsewhere.body.code).toBe('directive/idempotency_conflict');
  });

  it('stores attachments with checksum, size and type limits, readable by recipients only', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1000, 65)]);
    const upload = await t
      .http()
      .post('/files')
      .set(leaderD1.auth)
      .attach('file', pdf, 'Kế hoạch.pdf')
      .expect(201);
    expect(upload.body).toMatchObject({
      fileName: 'Kế hoạch.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    const exe = await t
      .http()
      .post('/files')
      .set(leaderD1.auth)
      .attach('file', Buffer.from('MZ\x90\x00'), 'tool.pdf')
      .expect(415);
    expect(exe.body.code).toBe('file/type_not_allowed');
    // Someone else's upload cannot be attached.
    const foreign = await t
      .http()
      .post('/files')
      .set(official3.auth)
      .attach('file', pdf, 'x.pdf')
      .expect(201);
    expect((await issue(leaderD1, { attachmentIds: [foreign.body.id] }).expect(404)).body.code).toBe(
      'file/not_found',
    );
    const issued = (await issue(leaderD1, { attachmentIds: [upload.body.id] }).expect(201)).body as Issued & {
      attachments: { sha256: string }[];
    };
    expect(issued.attachments[0].sha256).toBe(upload.body.sha256);
    const download = await t
      .http()
      .get(`/directives/${issued.id}/attachments/${upload.body.id}`)
      .set(official1.auth)
      .buffer(true)
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    await t
      .http()
      .get(`/directives/${issued.id}/attachments/${upload.body.id}`)
      .set(official3.auth)
      .expect(404);
    // Attached once, never twice.
    expect((await issue(leaderD1, { attachmentIds: [upload.body.id] }).expect(409)).body.code).toBe(
      'file/already_attached',
    );
  });

  it('tells the head of the unit once when the acknowledgement deadline passes, even with two workers', async () => {
    const ward = await person(t, [{ unit: org.w2, role: 'official' }]);
    const issued = (await issue(leaderD1, { targets: [{ unitId: org.w2.id }] }).expect(201)).body as Issued;
    const headSocket = await open(wardLeader2);
    const districtSocket = await open(leaderD1);
    const escalated = nextEvent<FeedEnvelope>(
      headSocket,
      'feed.event',
      (e) =>
        e.name === 'directive.escalated' && (e.payload as { directiveId: string }).directiveId === issued.id,
    );
    const toDistrict = nextEvent<FeedEnvelope>(
      districtSocket,
      'feed.event',
      (e) =>
        e.name === 'directive.escalated' && (e.payload as { directiveId: string }).directiveId === issued.id,
    );
    const escalation = t.app.get(DirectiveEscalation);
    expect(await escalation.run(new Date())).toBe(0); // not due yet
    const later = new Date(Date.now() + 2 * 3_600_000);
    const [a, b] = await Promise.all([escalation.run(later), escalation.run(later)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const notice = await escalated;
    const people = (notice.payload as { people: { userId: string }[] }).people.map((p) => p.userId);
    expect(people).toContain(ward.id);
    expect(people).not.toContain(wardLeader2.id);
    // The ward's own leader missed it too: that goes one level up, to the district's leader.
    expect((await toDistrict).payload).toMatchObject({
      unitId: org.w2.id,
      people: [{ userId: wardLeader2.id }],
    });
    const [{ count }]: { count: number }[] = await t.ds.query(
      `SELECT count(*)::int AS count FROM realtime_events WHERE name = 'directive.escalated' AND payload->>'directiveId' = $1`,
      [issued.id],
    );
    expect(count).toBe(2);
    expect(await escalation.run(later)).toBe(0);
  });

  it('keeps a unit that received directives from being deleted, though receipts carry no foreign key', async () => {
    const small = await addUnit(t, 'ward', 'Phường Tạm', org.d1);
    const member = await person(t, [{ unit: small, role: 'official' }]);
    await issue(leaderD1, { targets: [{ unitId: small.id }] }).expect(201);
    // The person moves on (their position goes), the unit is empty: still it was addressed.
    await t.ds.query('DELETE FROM positions WHERE user_id = $1', [member.id]);
    const admin = await person(t, [{ unit: org.d1, role: 'unit_admin' }]);
    const refused = await t
      .http()
      .delete(`/admin/units/${small.id}?version=${small.version}`)
      .set(admin.auth)
      .expect(409);
    expect(refused.body.code).toBe('org/unit_in_use');
  });

  it('catches a client up from its cursor exactly once and in order, over the socket and over REST', async () => {
    const socket = await open(official1);
    const { client, events } = feedOf(socket);
    await client.sync();
    const cursor = client.cursor;
    socket.disconnect();
    const missed: Issued[] = [];
    for (let i = 0; i < 3; i++)
      missed.push(
        (await issue(leaderD1, { subject: `Chỉ đạo khi mất mạng ${i}` }).expect(201)).body as Issued,
      );
    // REST, for clients that poll. An event joins the feed when the relay has sequenced it,
    // a moment after the commit: poll until the three are there.
    let restIds: string[] = [];
    await waitFor(async () => {
      const page = await t.http().get(`/feed?after=${cursor}`).set(official1.auth).expect(200);
      restIds = (page.body.events as FeedEnvelope[])
        .filter((e) => e.name === 'directive.issued')
        .map((e) => (e.payload as { id: string }).id);
      return restIds.length >= 3;
    });
    expect(restIds).toEqual(missed.map((m) => m.id));
    // Back online with the cursor it had.
    const again = await open(official1);
    const resumed = feedOf(again, cursor);
    const live = (await issue(leaderD1, { subject: 'Chỉ đạo sau khi có mạng' }).expect(201)).body as Issued;
    await waitFor(
      () => resumed.events.some((e) => (e.payload as { id?: string }).id === live.id),
      5000,
      'the live directive',
    );
    const ids = resumed.events
      .filter((e) => e.name === 'directive.issued')
      .map((e) => (e.payload as { id: string }).id);
    expect(ids).toEqual([...missed.map((m) => m.id), live.id]);
    const seqs = resumed.events.map((e) => e.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    expect(events.length).toBeGreaterThanOrEqual(0);
    await t.http().get('/feed?after=-1').set(official1.auth).expect(400);
  });
});
