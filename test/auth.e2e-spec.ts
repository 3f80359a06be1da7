import { JwtService } from '@nestjs/jwt';
import {
  buildOrg,
  Org,
  person,
  PASSWORD,
  signIn,
  startTestApp,
  TEST_JWT_SECRET,
  TestApp,
} from './support/test-app';

describe('sign-in, tokens and revocation', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp({ SIGNIN_MAX_FAILURES: '3', SIGNIN_LOCK_MINUTES: '10' });
    org = await buildOrg(t);
  });
  afterAll(() => t.close());

  it('signs in with username and password and reads /me', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const me = await t.http().get('/me').set(official.auth).expect(200);
    expect(me.body.username).toBe(official.username);
    expect(me.body.positions).toEqual([expect.objectContaining({ unitId: org.w1.id, role: 'official' })]);
    const [{ hash }] = await t.ds.query('SELECT password_hash AS hash FROM users WHERE id = $1', [
      official.id,
    ]);
    expect(hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password, then throttles the username with Retry-After', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    for (let i = 0; i < 3; i++) {
      const res = await t
        .http()
        .post('/auth/sign-in')
        .send({ username: official.username, password: 'wrong' })
        .expect(401);
      expect(res.body.code).toBe('auth/invalid_credentials');
    }
    const locked = await t
      .http()
      .post('/auth/sign-in')
      .send({ username: official.username, password: PASSWORD })
      .expect(429);
    expect(locked.body.code).toBe('auth/too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);
    // the lock is per username: others still sign in
    const other = await person(t, [{ unit: org.w1, role: 'official' }]);
    await signIn(t, other.username);
  });

  it('answers an unknown username like a wrong password', async () => {
    const res = await t
      .http()
      .post('/auth/sign-in')
      .send({ username: 'khong.ton.tai', password: 'x' })
      .expect(401);
    expect(res.body.code).toBe('auth/invalid_credentials');
  });

  it('refuses missing fields and unknown fields with field errors', async () => {
    const missing = await t.http().post('/auth/sign-in').send({ username: 'a' }).expect(400);
    expect(missing.body.code).toBe('request/validation_failed');
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const extra = await t
      .http()
      .post('/auth/sign-in')
      .send({ username: official.username, password: PASSWORD, admin: true })
      .expect(400);
    expect(extra.body.fields).toEqual([expect.objectContaining({ field: 'admin' })]);
  });

  it('requires a token on every route that is not public', async () => {
    const res = await t.http().get('/me').expect(401);
    expect(res.body.code).toBe('auth/token_missing');
    await t.http().get('/health').expect(200);
  });

  it('refuses a forged and an expired token', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const [, payload] = official.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = await new JwtService({ secret: 'another-secret-another-secret-000' }).signAsync({
      sub: claims.sub,
      sid: claims.sid,
      typ: 'access',
    });
    const bad = await t.http().get('/me').set('Authorization', `Bearer ${forged}`).expect(401);
    expect(bad.body.code).toBe('auth/token_invalid');
    const expired = await new JwtService({ secret: TEST_JWT_SECRET }).signAsync({
      sub: claims.sub,
      sid: claims.sid,
      typ: 'access',
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    const old = await t.http().get('/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(old.body.code).toBe('auth/token_expired');
  });

  it('rotates refresh tokens and revokes the session when an old one is replayed', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const first = await t
      .http()
      .post('/auth/refresh')
      .send({ refreshToken: official.refreshToken })
      .expect(200);
    expect(first.body.refreshToken).not.toBe(official.refreshToken);
    await t.http().get('/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(200);
    const replay = await t
      .http()
      .post('/auth/refresh')
      .send({ refreshToken: official.refreshToken })
      .expect(401);
    expect(replay.body.code).toBe('auth/refresh_reused');
    // the whole session is gone: the newest tokens stop working too
    const after = await t
      .http()
      .get('/me')
      .set('Authorization', `Bearer ${first.body.accessToken}`)
      .expect(401);
    expect(after.body.code).toBe('auth/session_revoked');
    const next = await t
      .http()
      .post('/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(401);
    expect(next.body.code).toBe('auth/refresh_invalid');
  });

  it('signs out: the access and refresh tokens stop working', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    await t.http().post('/auth/sign-out').set(official.auth).expect(204);
    expect((await t.http().get('/me').set(official.auth).expect(401)).body.code).toBe('auth/session_revoked');
    await t.http().post('/auth/refresh').send({ refreshToken: official.refreshToken }).expect(401);
  });

  it('ends sessions when an admin disables the account, and refuses sign-in', async () => {
    const admin = await person(t, [{ unit: org.d1, role: 'unit_admin' }]);
    const official = await person(t, [{ unit: org.w2, role: 'official' }]);
    const { body: view } = await t.http().get(`/people/${official.id}`).set(admin.auth).expect(200);
    await t
      .http()
      .post(`/admin/people/${official.id}/disable`)
      .set(admin.auth)
      .send({ version: view.version })
      .expect(200);
    expect((await t.http().get('/me').set(official.auth).expect(401)).body.code).toBe(
      'auth/account_disabled',
    );
    const again = await t
      .http()
      .post('/auth/sign-in')
      .send({ username: official.username, password: PASSWORD })
      .expect(401);
    expect(again.body.code).toBe('auth/account_disabled');
    const [{ open }] = await t.ds.query(
      'SELECT count(*)::int AS open FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [official.id],
    );
    expect(open).toBe(0);
  });
});
