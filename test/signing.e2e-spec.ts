import { SignerCertificates } from '@lt/signing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { createCertificateRequest } from '../libs/signing/src/client/certificate-request';
import { DOCUMENTED_BUNDLE_CHECK, verifyBundleOffline, verifyWithCrl } from './support/offline-verify';
import { assign, assignOk, assignment, enrol, positionOf, sign, Signer } from './support/signing';
import { buildOrg, codeOf, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

describe('certificates and signed assignments (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leaderD1: SignedIn;
  let signer: Signer;
  let wardLeader1: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    leaderD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    wardLeader1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    signer = await enrol(t, leaderD1);
  });
  afterAll(() => t.close());

  it('serves the CA certificate and issues certificates bound to the account and position', async () => {
    const ca = await t.http().get('/signing/ca.pem').expect(200);
    expect(ca.text).toContain('BEGIN CERTIFICATE');
    const mine = await t.http().get('/signing/certificates').set(leaderD1.auth).expect(200);
    const cert = (
      mine.body as {
        id: string;
        status: string;
        chainValid: boolean;
        userId: string;
        unitId: string;
        subject: string;
      }[]
    )[0];
    expect(cert).toMatchObject({
      id: signer.certificateId,
      status: 'valid',
      chainValid: true,
      userId: leaderD1.id,
      unitId: org.d1.id,
    });
    expect(cert.subject).toContain(leaderD1.id);
  });

  it('accepts a signed assignment and its bundle verifies with openssl alone', async () => {
    const created = await assignOk(t, signer, assignment(signer, { unitId: org.w1.id }));
    const bundle = (await t.http().get(`/tasks/${created.id}/signature`).set(leaderD1.auth).expect(200))
      .body as Record<string, string>;
    // docs/signing.md's commands, verbatim, where openssl and jq are installed (Node's OpenSSL otherwise).
    const documented = readFileSync(join(__dirname, '..', 'docs', 'signing.md'), 'utf8');
    for (const command of DOCUMENTED_BUNDLE_CHECK) expect(documented).toContain(command);
    const check = verifyBundleOffline(bundle);
    expect(check).toMatchObject({ chainValid: true, signatureValid: true });
    // And a flipped byte in the content fails the same check.
    expect(check.tamperedValid).toBe(false);
  });

  it('refuses a tampered field: any change to any signed field (property-based)', async () => {
    const mutations: Record<string, (c: ReturnType<typeof assignment>, v: string) => void> = {
      title: (c, v) => (c.title = `${c.title}${v}`),
      description: (c, v) => (c.description = v + c.description),
      priority: (c) => (c.priority = (c.priority + 1) % 5),
      deadline: (c) => (c.deadline = new Date(Date.parse(c.deadline) + 3_600_000).toISOString()),
      lead: (c) => (c.lead = { unitId: org.w2.id }),
      coordinators: (c) => c.coordinators.push({ unitId: org.w2.id }),
      informed: (c) => c.informed.push({ unitId: org.w2.id }),
      source: (c) => (c.source = undefined),
      nonce: (c, v) => (c.nonce = `${c.nonce}${v.replace(/[^A-Za-z0-9_-]/g, '') || 'x'}`),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(mutations)),
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 4 }),
        async (field, value, priority) => {
          const original = assignment(signer, { unitId: org.w1.id }, { priority });
          const body = await sign(signer, original);
          const tampered = JSON.parse(JSON.stringify(original)) as typeof original;
          mutations[field](tampered, value);
          const response = await t
            .http()
            .post('/tasks')
            .set(leaderD1.auth)
            .send({ ...body, content: tampered });
          expect(codeOf(response)).toBe('422 signature/invalid');
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses a signature with any bit flipped (property-based)', async () => {
    const body = await sign(signer, assignment(signer, { unitId: org.w1.id }));
    const raw = Buffer.from(body.signature, 'base64url');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: raw.length * 8 - 1 }), async (bit) => {
        const flipped = Buffer.from(raw);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        const response = await t
          .http()
          .post('/tasks')
          .set(leaderD1.auth)
          .send({ ...body, signature: flipped.toString('base64url') });
        expect(codeOf(response)).toBe('422 signature/invalid');
      }),
      { numRuns: 30 },
    );
    expect(
      codeOf(
        await t
          .http()
          .post('/tasks')
          .set(leaderD1.auth)
          .send({ ...body, signature: 'AAAA' }),
      ),
    ).toBe('400 signature/malformed');
  });

  it("refuses another person's certificate, a revoked or expired one, a reused nonce and a stale signing time", async () => {
    const other = await enrol(t, wardLeader1);
    // Signed with leaderD1's key but naming wardLeader1's certificate.
    const content = assignment(signer, { unitId: org.w1.id });
    const body = await sign(signer, content);
    expect(
      codeOf(
        await t
          .http()
          .post('/tasks')
          .set(leaderD1.auth)
          .send({ ...body, certificateId: other.certificateId }),
      ),
    ).toBe('403 signature/certificate_not_yours');

    const revoked = await enrol(t, leaderD1);
    await t
      .http()
      .post(`/signing/certificates/${revoked.certificateId}/revoke`)
      .set(leaderD1.auth)
      .send({ reason: 'keyCompromise' })
      .expect(200);
    expect(codeOf(await assign(t, revoked, assignment(revoked, { unitId: org.w1.id })))).toBe(
      '422 signature/certificate_revoked',
    );

    // An expired certificate, issued through the service with a validity in the past.
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const principal = {
      userId: leaderD1.id,
      username: leaderD1.username,
      fullName: 'Nguyễn Văn Thử',
      sessionId: null,
      positions: [{ positionId: await positionOf(t, leaderD1), unitId: org.d1.id, role: 'leader' as const }],
    };
    const expiredView = await t.app
      .get(SignerCertificates)
      .enrol(
        { principal },
        await createCertificateRequest(keys, 'expired', webcrypto),
        principal.positions[0].positionId,
        { notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) },
      );
    expect(expiredView.status).toBe('expired');
    const expired: Signer = { who: leaderD1, keys, certificateId: expiredView.id };
    expect(codeOf(await assign(t, expired, assignment(expired, { unitId: org.w1.id })))).toBe(
      '422 signature/certificate_expired',
    );

    const once = assignment(signer, { unitId: org.w1.id });
    expect((await assign(t, signer, once)).status).toBe(201);
    expect(codeOf(await assign(t, signer, once))).toBe('409 signature/nonce_reused');

    const stale = assignment(
      signer,
      { unitId: org.w1.id },
      { issuedAt: new Date(Date.now() - 3_600_000).toISOString() },
    );
    expect(codeOf(await assign(t, signer, stale))).toBe('422 signature/stale');

    const someoneElse = assignment(signer, { unitId: org.w1.id }, { assigner: wardLeader1.id });
    expect(codeOf(await assign(t, signer, someoneElse))).toBe('422 signature/signer_mismatch');
    // Nothing of the refused attempts was stored.
    const [{ count }]: { count: string }[] = await t.ds.query(
      'SELECT count(*) FROM tasks WHERE assigner_id = $1 AND idempotency_key IS NULL',
      [leaderD1.id],
    );
    const [{ signatures }]: { signatures: string }[] = await t.ds.query(
      'SELECT count(*) AS signatures FROM signatures WHERE signer_id = $1',
      [leaderD1.id],
    );
    expect(Number(signatures)).toBe(Number(count));
  });

  it('refuses bad certificate requests and a key enrolled twice', async () => {
    const positionId = await positionOf(t, leaderD1);
    const post = (csr: string) =>
      t.http().post('/signing/certificates').set(leaderD1.auth).send({ csr, positionId });
    expect(
      codeOf(await post('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----')),
    ).toBe('400 certificate/request_invalid');
    const p384 = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, [
      'sign',
      'verify',
    ]);
    const p384Csr = await createCertificateRequest(p384, 'p384', webcrypto).catch(() => null);
    if (p384Csr) expect(codeOf(await post(p384Csr))).toBe('422 certificate/key_not_p256');
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const csr = await createCertificateRequest(keys, 'twice', webcrypto);
    expect((await post(csr)).status).toBe(201);
    expect(codeOf(await post(csr))).toBe('409 certificate/key_already_enrolled');
    const stranger = await person(t, [{ unit: org.w3, role: 'official' }]);
    expect(
      codeOf(await t.http().post('/signing/certificates').set(stranger.auth).send({ csr, positionId })),
    ).toBe('422 certificate/position_not_held');
  });

  it('lets a unit admin revoke, hides certificates from other branches, and lists revocations in the CRL', async () => {
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const cert = await enrol(t, official);
    const outsider = await person(t, [{ unit: org.w3, role: 'unit_admin' }]);
    await t.http().get(`/signing/certificates/${cert.certificateId}`).set(outsider.auth).expect(404);
    expect(
      codeOf(
        await t
          .http()
          .post(`/signing/certificates/${cert.certificateId}/revoke`)
          .set(outsider.auth)
          .send({ reason: 'superseded' }),
      ),
    ).toBe('404 certificate/not_found');
    const admin = await person(t, [{ unit: org.d1, role: 'unit_admin' }]);
    const revoked = await t
      .http()
      .post(`/signing/certificates/${cert.certificateId}/revoke`)
      .set(admin.auth)
      .send({ reason: 'affiliationChanged' })
      .expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'affiliationChanged' });
    expect(
      codeOf(
        await t
          .http()
          .post(`/signing/certificates/${cert.certificateId}/revoke`)
          .set(admin.auth)
          .send({ reason: 'superseded' }),
      ),
    ).toBe('409 certificate/already_revoked');

    const result = await verifyWithCrl({
      ca: (await t.http().get('/signing/ca.pem')).text,
      crl: (await t.http().get('/signing/crl.pem')).text,
      cert: (revoked.body as { pem: string }).pem,
    });
    expect(result).toContain('certificate revoked');
  });

  it('signs from the command line with a key file (npm run sign), and the server accepts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lt-sign-'));
    const sign = (...args: string[]) =>
      execFileSync('npm', ['run', '--silent', 'sign', '--', ...args], {
        cwd: join(__dirname, '..'),
        encoding: 'utf8',
      });
    try {
      const key = join(dir, 'key.pem');
      sign('keygen', key);
      const csr = sign('csr', key, 'Cán bộ ký bằng dòng lệnh');
      const enrolled = await t
        .http()
        .post('/signing/certificates')
        .set(leaderD1.auth)
        .send({ csr, positionId: await positionOf(t, leaderD1) })
        .expect(201);
      const content = assignment(signer, { unitId: org.w2.id });
      const { issuedAt: _issuedAt, nonce: _nonce, ...unsigned } = content;
      writeFileSync(join(dir, 'content.json'), JSON.stringify(unsigned));
      const body = JSON.parse(sign('assignment', key, join(dir, 'content.json'), enrolled.body.id)) as object;
      const created = await t.http().post('/tasks').set(leaderD1.auth).send(body);
      expect(created.status).toBe(201);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
