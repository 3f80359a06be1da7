import { SignerCertificates } from '@lt/signing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { createCertificateRequest } from '../libs/signing/src/client/certificate-request';
import { assign, assignOk, assignment, enrol, positionOf, sign, Signer } from './support/signing';
import { buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

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
    const dir = mkdtempSync(join(tmpdir(), 'lt-bundle-'));
    try {
      writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
      // The README's commands, verbatim.
      const script = [
        'jq -r .caCertificate bundle.json > ca.pem',
        'jq -r .signerCertificate bundle.json > signer.pem',
        'jq -r .canonical bundle.json | base64 -d > content.json',
        'jq -r .signatureDer bundle.json | base64 -d > signature.der',
        'openssl verify -CAfile ca.pem signer.pem',
        'openssl x509 -in signer.pem -noout -pubkey > signer-pub.pem',
        'openssl dgst -sha256 -verify signer-pub.pem -signature signature.der content.json',
      ].join(' && ');
      const out = execFileSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
      expect(out).toContain('signer.pem: OK');
      expect(out).toContain('Verified OK');
      // And a flipped byte in the content fails the same check.
      const script2 =
        'printf X >> content.json && openssl dgst -sha256 -verify signer-pub.pem -signature signature.der content.json';
      expect(() => execFileSync('bash', ['-c', script2], { cwd: dir, stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
