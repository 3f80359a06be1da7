import { PushDispatcher } from '@lt/push';
import { RealtimeRelay } from '@lt/realtime';
import { unlinkSync } from 'node:fs';
import { PushReceiver } from './support/push-receiver';
import { connect } from './support/sockets';
import { buildOrg, Org, person, postDirective, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * Web Push end to end on loopback: the API encrypts and signs (VAPID) a directive for a
 * subscribed browser with no tab open, and a push service started here checks the signature
 * and decrypts it with the browser's private key.
 */
/** The same x with y moved by one: no longer on P-256. */
const offCurve = (p256dh: string) => {
  const point = Buffer.from(p256dh, 'base64url');
  point[64] ^= 1;
  return point.toString('base64url');
};

describe('Web Push (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let receiver: PushReceiver;
  let leader: SignedIn;
  let official: SignedIn;

  beforeAll(async () => {
    receiver = new PushReceiver();
    await receiver.start();
    t = await startTestApp({
      PUSH_SERVICE_ORIGINS: `${receiver.origin},https://*.notify.windows.com`,
      PUSH_CA_FILE: receiver.caFile,
      REALTIME_POLL_MS: '50',
    });
    org = await buildOrg(t);
    leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
    official = await person(t, [{ unit: org.w1, role: 'official' }]);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    unlinkSync(receiver.caFile);
  });

  /** Until the relay published everything and the dispatcher sent what it was handed. */
  const settled = async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 120));
      await t.app.get(RealtimeRelay).idle();
      await t.app.get(PushDispatcher).idle();
    }
  };
  const subscribe = (who: SignedIn, body: unknown) =>
    t
      .http()
      .post('/push/subscriptions')
      .set(who.auth)
      .send(body as object);
  const issue = async (subject: string) =>
    (
      await postDirective(t, leader, {
        issuingUnitId: org.d1.id,
        targets: [{ unitId: org.w1.id }],
        subject,
        body: 'Nội dung chỉ đạo.',
        urgency: 1,
        ackRequired: true,
      }).expect(201)
    ).body as { id: string; notation: string };

  it('pushes a directive to a subscribed browser when no tab is open, encrypted and signed', async () => {
    const browser = receiver.browser();
    const key = (await t.http().get('/push/key').set(official.auth).expect(200)).body as {
      publicKey: string;
    };
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const created = await subscribe(official, { endpoint: browser.endpoint, keys: browser.keys }).expect(201);
    expect(created.body).toMatchObject({ endpoint: browser.endpoint, lastSentAt: null });
    const audit: { action: string }[] = await t.ds.query(
      "SELECT action FROM audit_entries WHERE subject_type = 'push_subscription' AND subject_id = $1",
      [created.body.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['push.subscribe']);

    const directive = await issue('Triển khai phòng chống bão số 13');
    await settled();
    const pushes = receiver.to(browser);
    expect(pushes).toHaveLength(1);
    expect(pushes[0].notice).toEqual({
      title: `KHẨN — Chỉ đạo mới ${directive.notation}`,
      body: `Triển khai phòng chống bão số 13\n${org.d1.name} · cần xác nhận đã nhận`,
      url: '/#/directives',
      tag: `directive:${directive.id}`,
    });
    // Signed with the key browsers subscribe with, for this push service, for a while only.
    expect(pushes[0].vapid).toMatchObject({ aud: receiver.origin, publicKey: key.publicKey });
    expect(pushes[0].vapid.exp * 1000).toBeGreaterThan(Date.now());
    expect(pushes[0].vapid.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    expect(pushes[0]).toMatchObject({ ttl: '86400', urgency: 'high' });
    const [mine] = (await t.http().get('/push/subscriptions').set(official.auth).expect(200)).body;
    expect(mine.lastSentAt).not.toBeNull();
    // The leader, not subscribed, and not in the audience, got nothing.
    expect(receiver.received).toHaveLength(1);
  });

  it('does not push to someone with a tab open (the page has the event), and does once it is closed', async () => {
    const colleague = await person(t, [{ unit: org.w1, role: 'official' }]);
    const browser = receiver.browser();
    await subscribe(colleague, { endpoint: browser.endpoint, keys: browser.keys }).expect(201);
    const socket = await connect(t.url, colleague.token);
    await issue('Báo cáo tình hình ngập úng');
    await settled();
    expect(receiver.to(browser)).toHaveLength(0);
    socket.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    await issue('Báo cáo thiệt hại sau bão');
    await settled();
    expect(receiver.to(browser).map((p) => p.notice.body)).toEqual([
      expect.stringMatching(/^Báo cáo thiệt hại sau bão/),
    ]);
  });

  it('forgets a browser the push service says is gone (410)', async () => {
    const colleague = await person(t, [{ unit: org.w1, role: 'official' }]);
    const browser = receiver.browser();
    await subscribe(colleague, { endpoint: browser.endpoint, keys: browser.keys }).expect(201);
    receiver.gone.add(new URL(browser.endpoint).pathname);
    await issue('Kiểm tra công tác trực ban');
    await settled();
    expect((await t.http().get('/push/subscriptions').set(colleague.auth).expect(200)).body).toEqual([]);
  });

  it('refuses foreign or malformed endpoints and keys, and others’ subscriptions, keeping what is stored', async () => {
    const browser = receiver.browser();
    const good = { endpoint: browser.endpoint, keys: browser.keys };
    await subscribe(official, good).expect(201);
    const refusals: [unknown, number, string][] = [
      [{ ...good, endpoint: 'https://attacker.example/wpush/x' }, 422, 'push/endpoint_not_allowed'],
      [{ ...good, endpoint: good.endpoint.replace('https:', 'http:') }, 422, 'push/endpoint_not_allowed'],
      [{ ...good, endpoint: 'https://127.0.0.1:1/internal' }, 422, 'push/endpoint_not_allowed'],
      [
        { ...good, endpoint: 'https://notify.windows.com.attacker.example/x' },
        422,
        'push/endpoint_not_allowed',
      ],
      [{ ...good, endpoint: 'not a url' }, 422, 'push/endpoint_not_allowed'],
      // Not an uncompressed point (0x08 …), and a point off the curve.
      [
        { ...good, keys: { ...good.keys, p256dh: 'C' + good.keys.p256dh.slice(1) } },
        422,
        'push/invalid_keys',
      ],
      [{ ...good, keys: { ...good.keys, p256dh: offCurve(good.keys.p256dh) } }, 422, 'push/invalid_keys'],
      [{ ...good, keys: { ...good.keys, auth: 'AAAAAAAAAAAAAAAAAAAAAA==x' } }, 422, 'push/invalid_keys'],
      [{ endpoint: good.endpoint }, 400, 'request/validation_failed'],
      [{ ...good, endpoint: 42 }, 400, 'request/validation_failed'],
    ];
    for (const [body, status, code] of refusals) {
      const res = await subscribe(official, body).expect(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toEqual({ vi: expect.any(String), en: expect.any(String) });
    }
    await t.http().post('/push/subscriptions').send(good).expect(401);
    await t.http().get('/push/key').expect(401);
    // Someone else cannot remove it; its owner can.
    const stranger = await person(t, [{ unit: org.w3, role: 'official' }]);
    const foreign = await t
      .http()
      .delete('/push/subscriptions')
      .set(stranger.auth)
      .send({ endpoint: good.endpoint })
      .expect(404);
    expect(foreign.body.code).toBe('push/subscription_not_found');
    const mine = (await t.http().get('/push/subscriptions').set(official.auth).expect(200)).body as {
      endpoint: string;
    }[];
    expect(mine.map((s) => s.endpoint)).toContain(good.endpoint);
    await t
      .http()
      .delete('/push/subscriptions')
      .set(official.auth)
      .send({ endpoint: good.endpoint })
      .expect(204);
    const after = (await t.http().get('/push/subscriptions').set(official.auth).expect(200)).body as {
      endpoint: string;
    }[];
    expect(after.map((s) => s.endpoint)).not.toContain(good.endpoint);
  });
});
