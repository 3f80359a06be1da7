import { cryptoProvider, X509Certificate as PeculiarCertificate, X509Crl } from '@peculiar/x509';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, verify, webcrypto, X509Certificate } from 'node:crypto';

cryptoProvider.set(webcrypto);

/** Whether `name` is a command on this machine's PATH. */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** What docs/signing.md tells an inspector to run on a signature bundle, verbatim. */
export const DOCUMENTED_BUNDLE_CHECK = [
  'jq -r .caCertificate bundle.json > ca.pem',
  'jq -r .signerCertificate bundle.json > signer.pem',
  'jq -r .canonical bundle.json | base64 -d > content.json',
  'jq -r .signatureDer bundle.json | base64 -d > signature.der',
  'openssl verify -CAfile ca.pem signer.pem',
  'openssl x509 -in signer.pem -noout -pubkey > signer-pub.pem',
  'openssl dgst -sha256 -verify signer-pub.pem -signature signature.der content.json',
];

export interface BundleCheck {
  /** Which tool answered: the openssl and jq commands, or Node's own OpenSSL where they are missing. */
  tool: 'openssl' | 'node';
  chainValid: boolean;
  signatureValid: boolean;
  /** The same check after one byte was appended to the signed content: must be false. */
  tamperedValid: boolean;
}

/**
 * Verifies a signature bundle outside Liên Thông: with docs/signing.md's openssl and jq commands
 * where those are installed (CI installs them), otherwise with the OpenSSL that Node.js
 * links, through the same three steps (chain, public key, ECDSA over the canonical bytes).
 */
export function verifyBundleOffline(bundle: Record<string, string>): BundleCheck {
  if (hasCommand('openssl') && hasCommand('jq')) {
    const dir = mkdtempSync(join(tmpdir(), 'lt-bundle-'));
    try {
      writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
      const run = (script: string) => spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
      const out = run(DOCUMENTED_BUNDLE_CHECK.join(' && '));
      const tampered = run(
        'printf X >> content.json && openssl dgst -sha256 -verify signer-pub.pem -signature signature.der content.json',
      );
      return {
        tool: 'openssl',
        chainValid: out.stdout.includes('signer.pem: OK'),
        signatureValid: out.status === 0 && out.stdout.includes('Verified OK'),
        tamperedValid: tampered.status === 0,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const ca = new X509Certificate(bundle.caCertificate);
  const signer = new X509Certificate(bundle.signerCertificate);
  const content = Buffer.from(bundle.canonical, 'base64');
  const signature = Buffer.from(bundle.signatureDer, 'base64');
  const key = createPublicKey(signer.publicKey.export({ type: 'spki', format: 'pem' }));
  const check = (bytes: Buffer) => verify('sha256', bytes, { key, dsaEncoding: 'der' }, signature);
  return {
    tool: 'node',
    chainValid: signer.checkIssued(ca) && signer.verify(ca.publicKey),
    signatureValid: check(content),
    tamperedValid: check(Buffer.concat([content, Buffer.from('X')])),
  };
}

/**
 * `openssl verify -crl_check` where openssl is installed; otherwise the same question through
 * @peculiar/x509: is the CRL signed by the CA, and does it list the certificate's serial?
 * Answers openssl's words for a revoked certificate, so the caller's assertion is the same.
 */
export async function verifyWithCrl(pems: { ca: string; crl: string; cert: string }): Promise<string> {
  if (hasCommand('openssl')) {
    const dir = mkdtempSync(join(tmpdir(), 'lt-crl-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), pems.ca);
      writeFileSync(join(dir, 'crl.pem'), pems.crl);
      writeFileSync(join(dir, 'cert.pem'), pems.cert);
      try {
        return execFileSync(
          'openssl',
          ['verify', '-crl_check', '-CAfile', 'ca.pem', '-CRLfile', 'crl.pem', 'cert.pem'],
          { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
        );
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string };
        return String(failed.stdout) + String(failed.stderr);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const ca = new PeculiarCertificate(pems.ca);
  const crl = new X509Crl(pems.crl);
  const cert = new PeculiarCertificate(pems.cert);
  if (!(await crl.verify({ publicKey: ca.publicKey }))) return 'CRL signature failure';
  if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true })))
    return 'certificate signature failure';
  return crl.findRevoked(cert) ? 'error 23 at 0 depth lookup: certificate revoked' : 'cert.pem: OK';
}
