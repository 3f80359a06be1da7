import { JwtService } from '@nestjs/jwt';
import type { FeedEnvelope } from '@lt/realtime';
import {
  buildOrg,
  Org,
  person,
  postDirective,
  SignedIn,
  startTestApp,
  TEST_JWT_SECRET,
  TestApp,
} from './support/test-app';
import { connect, feedOf, nextEvent, refusal, request, waitFor } from './support/sockets';

const jwt = new JwtService({ secret: TEST_JWT_SECRET });
const sidOf = (token: string) => jwt.decode<{ sid: string }>(token).sid;

describe('realtime gateway (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let official: SignedIn;
  let leader: SignedIn;
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50', CORS_ORIGINS: 'https://vanphong.danang.gov.vn' });
    org = await buildOrg(t);
    official = await person(t, [{ unit: org.w1, role: 'official' }]);
    leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(() => t.close());

  const open = async (token: string, options = {}) => {
    const socket = await connect(t.url, token, options);
    sockets.push(socket);
    return socket;
  };

  const issue = async (subject: string) =>
    (
      await postDirective(t, leader, {
        issuingUnitId: org.d1.id,
        subject,
        body: 'Nội dung',
        targets: [{ unitId: org.w1.id }],
      }).expect(201)
    ).body as { id: string };

  describe('handshake', () => {
    it('refuses sockets without a valid token, with a code', async () => {
      expect((await refusal(t.url, undefined)).data?.code).toBe('auth/token_missing');
      expect((await refusal(t.url, 'not-a-token')).data?.code).toBe('auth/token_invalid');
      // The token in the query string is not read.
      expect((await refusal(t.url, undefined, { query: { token: official.token } })).data?.code).toBe(
        'auth/token_missing',
      );
      const expired = jwt.sign(
        { sub: official.id, sid: sidOf(official.token), typ: 'access' },
        { expiresIn: -10 },
      );
      expect((await refusal(t.url, expired)).data?.code).toBe('auth/token_expired');
      const forged = new JwtService({ secret: 'x'.repeat(48) }).sign({
        sub: official.id,
        sid: sidOf(official.token),
        typ: 'access',
      });
      expect((await refusal(t.url, forged)).data?.code).toBe('auth/token_invalid');
    });

    it('refuses a signed-out session', async () => {
      const gone = await person(t, [{ unit: org.w1, role: 'official' }]);
      await t.http().post('/auth/sign-out').set(gone.auth).expect(204);
      expect((await refusal(t.url, gone.token)).data?.code).toBe('auth/session_revoked');
    });

    it('checks the browser origin against the configuration', async () => {
      const evil = await refusal(t.url, official.token, { extraHeaders: { Origin: 'https://evil.example' } });
      expect(evil.message).toMatch(/websocket error|xhr poll error|forbidden|Origin/i);
      const allowed = await open(official.token, {
        extraHeaders: { Origin: 'https://vanphong.danang.gov.vn' },
      });
      expect(allowed.connected).toBe(true);
    });

    it('greets an accepted socket with its user, token expiry and the feed head', async () => {
      const socket = await connect(t.url, official.token, { autoConnect: false });
      sockets.push(socket);
      const ready = nextEvent<{ userId: string; tokenExpiresAt: string; head: number }>(
        socket,
        'session.ready',
      );
      socket.connect();
      const data = await ready;
      expect(data.userId).toBe(official.id);
      expect(Date.parse(data.tokenExpiresAt)).toBeGreaterThan(Date.now());
      expect(data.head).toEqual(expect.any(Number));
    });
  });

  describe('token expiry', () => {
    it('closes the socket when its token expires without a refresh', async () => {
      const short = jwt.sign(
        { sub: official.id, sid: sidOf(official.token), typ: 'access' },
        { expiresIn: 2 },
      );
      const socket = await open(short);
      const error = nextEvent<{ code: string }>(socket, 'app.error', () => true, 5000);
      const closed = nextEvent(socket, 'disconnect', () => true, 5000);
      expect((await error).code).toBe('auth/token_expired');
      await closed;
      expect(socket.connected).toBe(false);
    });

    it('keeps a socket that refreshed its token in time', async () => {
      const claims = { sub: official.id, sid: sidOf(official.token), typ: 'access' };
      const socket = await open(jwt.sign(claims, { expiresIn: 2 }));
      let closed = false;
      socket.on('disconnect', () => (closed = true));
      const refreshed = await request(socket, 'auth.refresh', {
        token: jwt.sign(claims, { expiresIn: 600 }),
      });
      expect(refreshed.ok).toBe(true);
      // Someone else's token is refused and changes nothing.
      const other = await request(socket, 'auth.refresh', { token: leader.token });
      expect(other).toMatchObject({ ok: false, error: { code: 'auth/token_invalid' } });
      await new Promise((r) => setTimeout(r, 3000));
      expect(closed).toBe(false);
      expect((await request(socket, 'feed.sync', { after: 0 })).ok).toBe(true);
    });
  });

  describe('abuse', () => {
    it('answers unknown and malformed events with an error code and stays usable', async () => {
      const socket = await open(official.token);
      const unknown = nextEvent<{ code: string; event: string }>(socket, 'app.error');
      // Untyped on purpose: a client that does not follow the contract.
      (socket as unknown as { emit: (name: string, payload: unknown) => void }).emit(
        'admin.dropEverything',
        {},
      );
      expect(await unknown).toMatchObject({ code: 'realtime/unknown_event', event: 'admin.dropEverything' });
      expect(await request(socket, 'feed.sync', { after: 'x' as unknown as number })).toMatchObject({
        ok: false,
        error: {
          code: 'request/validation_failed',
          details: { fields: [expect.objectContaining({ field: 'after' })] },
        },
      });
      expect(await request(socket, 'feed.sync', 42 as never)).toMatchObject({
        ok: false,
        error: { code: 'request/validation_failed' },
      });
      expect(await request(socket, 'feed.sync', { after: 0, extra: 1 } as never)).toMatchObject({
        ok: false,
      });
      expect(
        await request(socket, 'directive.delivered', {
          directiveIds: Array.from({ length: 501 }, () => '00000000-0000-4000-8000-000000000000'),
        }),
      ).toMatchObject({ ok: false, error: { code: 'request/validation_failed' } });
      expect((await request(socket, 'feed.sync', { after: 0 })).ok).toBe(true);
    });

    it('rate-limits a burst and closes a socket that keeps flooding', async () => {
      const socket = await open(official.token);
      const limited = nextEvent<{ code: string }>(
        socket,
        'app.error',
        (e) => e.code === 'realtime/rate_limited',
      );
      const closed = nextEvent(socket, 'disconnect', () => true, 10_000);
      for (let i = 0; i < 400; i++) socket.emit('feed.sync', { after: 0 }, () => undefined);
      expect((await limited).code).toBe('realtime/rate_limited');
      await closed;
      // Others are unaffected.
      const other = await open(official.token);
      expect((await request(other, 'feed.sync', { after: 0 })).ok).toBe(true);
    });

    it('closes a socket that sends an oversized message, storing nothing', async () => {
      const socket = await open(official.token);
      const closed = nextEvent(socket, 'disconnect', () => true, 5000);
      socket.emit(
        'directive.acknowledge',
        { directiveId: '00000000-0000-4000-8000-000000000000', comment: 'x'.repeat(200_000) },
        () => undefined,
      );
      await closed;
      expect(socket.connected).toBe(false);
    });
  });

  it('catches up after an API restart, from the cursor, exactly once and in order', async () => {
    const socket = await open(official.token);
    const before = feedOf(socket);
    const first = await issue('Trước khi khởi động lại');
    await waitFor(() => before.events.some((e) => (e.payload as { id?: string }).id === first.id));
    const cursor = before.client.cursor;
    socket.disconnect();
    await t.close();

    t = await startTestApp({ REALTIME_POLL_MS: '50' });
    const missed = [await issue('Trong lúc mất kết nối 1'), await issue('Trong lúc mất kết nối 2')];
    const again = await open(official.token);
    const after = feedOf(again, cursor);
    await waitFor(() => after.events.length >= 2, 5000, 'the missed directives');
    await new Promise((r) => setTimeout(r, 300));
    const ids = after.events
      .filter((e: FeedEnvelope) => e.name === 'directive.issued')
      .map((e) => (e.payload as { id: string }).id);
    expect(ids).toEqual(missed.map((m) => m.id));
  });

  it('serves the AsyncAPI contract next to the OpenAPI document', async () => {
    const doc = await t.http().get('/api/asyncapi.json').expect(200);
    expect(doc.body.asyncapi).toBe('3.0.0');
    expect(JSON.stringify(doc.body)).toContain('directive.acknowledge');
  });
});
