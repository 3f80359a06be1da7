import { connect, request } from './support/sockets';
import { buildOrg, Org, person, postDirective, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * Posting limits: per person and kind (directives, chat messages over REST and socket
 * alike, uploads), and per client address for all of them. Each test posts from addresses of
 * its own (X-Forwarded-For from loopback, which TRUST_PROXY trusts), so the counts stay apart.
 */
describe('posting limits (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leader: SignedIn;
  let otherLeader: SignedIn;
  let official: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({
      POST_LIMIT_DIRECTIVES_PER_MINUTE: '5',
      POST_LIMIT_CHAT_MESSAGES_PER_MINUTE: '4',
      POST_LIMIT_UPLOADS_PER_MINUTE: '3',
      POST_LIMIT_PER_ADDRESS_PER_MINUTE: '8',
    });
    org = await buildOrg(t);
    leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
    otherLeader = await person(t, [{ unit: org.d1, role: 'deputy_leader' }]);
    official = await person(t, [{ unit: org.w1, role: 'official' }]);
  });
  afterAll(() => t.close());

  const issue = (who: SignedIn, from: string, subject: string) =>
    postDirective(t, who, {
      issuingUnitId: org.d1.id,
      subject,
      body: 'Nội dung',
      targets: [{ unitId: org.w1.id }],
    }).set('X-Forwarded-For', from);
  const stored = async (prefix: string) =>
    Number(
      (await t.ds.query('SELECT count(*) AS n FROM directives WHERE subject LIKE $1', [`${prefix}%`]))[0].n,
    );

  it('refuses a person’s sixth directive in a minute with 429, Retry-After and a Vietnamese message; others still post', async () => {
    const prefix = `Giới hạn ${process.pid} `;
    for (let i = 1; i <= 5; i++) await issue(leader, '198.51.100.1', `${prefix}${i}`).expect(201);
    // A new address does not help: the limit is the person's.
    const refused = await issue(leader, '198.51.100.2', `${prefix}6`).expect(429);
    expect(refused.body).toMatchObject({
      code: 'request/rate_limited',
      message: { vi: 'Bạn gửi quá nhiều trong một phút; hãy chờ rồi gửi lại.' },
      details: { kind: 'directive', per: 'person', limitPerMinute: 5 },
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await stored(prefix)).toBe(5); // the refused one stored nothing
    await issue(otherLeader, '198.51.100.2', `${prefix}của người khác`).expect(201);
  });

  it('counts chat messages over REST and over the socket against one limit', async () => {
    const channels = (await t.http().get('/chat/channels').set(official.auth).expect(200)).body as {
      id: string;
      kind: string;
      unit?: { id: string };
    }[];
    const channel = channels.find((c) => c.kind === 'unit' && c.unit?.id === org.w1.id)!;
    for (let i = 1; i <= 3; i++)
      await t
        .http()
        .post(`/chat/channels/${channel.id}/messages`)
        .set(official.auth)
        .set('X-Forwarded-For', '198.51.100.3')
        .send({ body: `Tin nhắn ${i}` })
        .expect(201);
    const socket = await connect(t.url, official.token, {
      extraHeaders: { 'X-Forwarded-For': '198.51.100.4' },
    });
    try {
      const fourth = await request(socket, 'chat.send', { channelId: channel.id, body: 'Tin nhắn 4' });
      expect(fourth.ok).toBe(true);
      const fifth = await request(socket, 'chat.send', { channelId: channel.id, body: 'Tin nhắn 5' });
      expect(fifth).toMatchObject({
        ok: false,
        error: { code: 'request/rate_limited', details: { kind: 'chat_message', per: 'person' } },
      });
    } finally {
      socket.disconnect();
    }
    const rest = await t
      .http()
      .post(`/chat/channels/${channel.id}/messages`)
      .set(official.auth)
      .set('X-Forwarded-For', '198.51.100.5')
      .send({ body: 'Tin nhắn 6' })
      .expect(429);
    expect(rest.body.details).toMatchObject({ kind: 'chat_message', per: 'person' });
  });

  it('refuses a fourth upload in a minute', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 65)]);
    const upload = () =>
      t
        .http()
        .post('/files')
        .set(leader.auth)
        .set('X-Forwarded-For', '198.51.100.6')
        .attach('file', pdf, 'Tờ trình.pdf');
    for (let i = 0; i < 3; i++) await upload().expect(201);
    const refused = await upload().expect(429);
    expect(refused.body.details).toMatchObject({ kind: 'upload', per: 'person', limitPerMinute: 3 });
  });

  it('limits one address across people, and another address is not held back', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 5 }, () => person(t, [{ unit: org.d1, role: 'leader' }])),
    );
    const prefix = `Một địa chỉ ${process.pid} `;
    // Eight posts from one address, by five people (each within their own limit of five).
    for (let i = 0; i < 8; i++) await issue(crowd[i % 5], '203.0.113.9', `${prefix}${i}`).expect(201);
    const refused = await issue(crowd[3], '203.0.113.9', `${prefix}thứ chín`).expect(429);
    expect(refused.body.details).toMatchObject({ kind: 'directive', per: 'address', limitPerMinute: 8 });
    await issue(crowd[3], '203.0.113.10', `${prefix}từ địa chỉ khác`).expect(201);
    expect(await stored(prefix)).toBe(9);
  });
});
