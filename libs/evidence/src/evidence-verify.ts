import { checkSegment, type AuditChainSegment } from '@lt/audit';
import { cryptoProvider, X509Crl } from '@peculiar/x509';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { packArchive, readArchive } from './evidence-archive';
import {
  AUDIT_CHAIN,
  CA_PEM,
  CRL_PEM,
  EVENTS,
  EVIDENCE_FORMAT,
  EvidenceManifest,
  MANIFEST,
  parseSums,
  SIGNATURES_DIR,
  SUMS,
  SUMS_SIGNATURE,
} from './evidence-format';

export interface EvidenceReport {
  valid: boolean;
  subject: { type: string; id: string } | null;
  title: string | null;
  exportedAt: string | null;
  caFingerprint: string | null;
  /** What was checked and held, in words. */
  checked: string[];
  /** What failed, in words; empty when the package is intact. */
  problems: string[];
}

// @peculiar/x509 on Node's own WebCrypto.
cryptoProvider.set(globalThis.crypto);

const serialKey = (serial: string) => serial.toLowerCase().replace(/^0+/, '');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Verifies an evidence package offline, with nothing but the archive (and, optionally, the
 * deployment's CA certificate obtained elsewhere): the archive is byte for byte the one its
 * files make; the checksum list is signed by the CA; every file matches its checksum and no
 * file is missing or added; every signature bundle chains to the CA and its ES256 signature
 * covers its canonical content; no signer's certificate was revoked before it signed (the
 * CRL inside, signed by the CA); the audit entries recompute and link to their chain's head.
 */
export async function verifyEvidence(
  archive: Buffer,
  options: { caPem?: string } = {},
): Promise<EvidenceReport> {
  try {
    return await check(archive, options);
  } catch (error) {
    // Whatever could not even be read is not evidence.
    return {
      valid: false,
      subject: null,
      title: null,
      exportedAt: null,
      caFingerprint: null,
      checked: [],
      problems: [`unreadable: ${(error as Error).message}`],
    };
  }
}

async function check(archive: Buffer, options: { caPem?: string }): Promise<EvidenceReport> {
  const report: EvidenceReport = {
    valid: false,
    subject: null,
    title: null,
    exportedAt: null,
    caFingerprint: null,
    checked: [],
    problems: [],
  };
  const fail = (problem: string) => {
    report.problems.push(problem);
    return report;
  };
  let files;
  try {
    files = await readArchive(archive);
  } catch (error) {
    return fail(`not a readable tar archive: ${(error as Error).message}`);
  }
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  if (byPath.size !== files.length) return fail('the archive holds a file twice');
  const sums = byPath.get(SUMS);
  const sumsSignature = byPath.get(SUMS_SIGNATURE);
  const caPem = byPath.get(CA_PEM);
  if (!sums || !sumsSignature || !caPem) return fail(`${SUMS}, ${SUMS_SIGNATURE} or ${CA_PEM} is missing`);

  let ca: X509Certificate;
  try {
    ca = new X509Certificate(caPem);
  } catch {
    return fail(`${CA_PEM} is not a certificate`);
  }
  report.caFingerprint = sha256(ca.raw);
  if (options.caPem !== undefined) {
    const trusted = new X509Certificate(options.caPem);
    if (!trusted.raw.equals(ca.raw))
      return fail('the package was not made by the CA you gave (fingerprints differ)');
    report.checked.push('the CA is the one given on the command line');
  }
  if (!verifiesDer(ca, sums, sumsSignature))
    return fail(`${SUMS_SIGNATURE}: the deployment's signature on the checksum list does not verify`);
  report.checked.push(`${SUMS} is signed by the deployment CA`);

  let listed;
  try {
    listed = parseSums(sums.toString('utf8'));
  } catch (error) {
    return fail((error as Error).message);
  }
  const expected = new Set([...listed.map((l) => l.path), SUMS, SUMS_SIGNATURE]);
  for (const path of byPath.keys()) if (!expected.has(path)) report.problems.push(`${path}: not in ${SUMS}`);
  for (const { path, sha256: sum } of listed) {
    const content = byPath.get(path);
    if (!content) report.problems.push(`${path}: listed in ${SUMS} but missing`);
    else if (sha256(content) !== sum) report.problems.push(`${path}: its SHA-256 differs from ${SUMS}`);
  }
  if (report.problems.length > 0) return report;
  report.checked.push(`${listed.length} files match ${SUMS}`);

  const manifest = JSON.parse(byPath.get(MANIFEST)?.toString('utf8') ?? 'null') as EvidenceManifest | null;
  if (manifest?.format !== EVIDENCE_FORMAT) return fail(`${MANIFEST}: not a ${EVIDENCE_FORMAT} manifest`);
  report.subject = manifest.subject;
  report.title = manifest.title;
  report.exportedAt = manifest.exportedAt;
  if (manifest.caFingerprint !== report.caFingerprint) report.problems.push(`${MANIFEST}: names another CA`);

  // Byte for byte: the files written again, the same way, make the same archive.
  const repacked = await packArchive(files, new Date(manifest.exportedAt));
  if (!repacked.equals(archive))
    report.problems.push(
      'the archive differs from the one its files make (a header or padding byte changed)',
    );
  else report.checked.push('the archive is byte for byte the one its files make');

  const crl = byPath.get(CRL_PEM);
  const revoked = new Map<string, Date>();
  if (!crl) report.problems.push(`${CRL_PEM} is missing`);
  else {
    const list = new X509Crl(crl.toString('utf8'));
    if (!(await list.verify({ publicKey: await caPublicKey(ca) })))
      report.problems.push(`${CRL_PEM}: not signed by the CA`);
    else {
      for (const entry of list.entries) revoked.set(serialKey(entry.serialNumber), entry.revocationDate);
      report.checked.push(`${CRL_PEM} is signed by the CA (${list.entries.length} revoked)`);
    }
  }

  const bundles = [...byPath.keys()].filter((p) => p.startsWith(SIGNATURES_DIR)).sort();
  for (const path of bundles) {
    const bundle = JSON.parse(byPath.get(path)!.toString('utf8')) as Record<string, string>;
    const signer = new X509Certificate(bundle.signerCertificate);
    const canonical = Buffer.from(bundle.canonical, 'base64');
    if (!signer.checkIssued(ca) || !signer.verify(ca.publicKey))
      report.problems.push(`${path}: the signer's certificate was not issued by the CA`);
    else if (sha256(canonical) !== bundle.contentSha256)
      report.problems.push(`${path}: contentSha256 does not match the signed content`);
    else if (!verifiesDer(signer, canonical, Buffer.from(bundle.signatureDer, 'base64')))
      report.problems.push(`${path}: the ES256 signature does not verify`);
    else {
      const revokedAt = revoked.get(serialKey(signer.serialNumber));
      if (revokedAt && revokedAt <= new Date(bundle.signedAt))
        report.problems.push(
          `${path}: signed after its certificate was revoked (${revokedAt.toISOString()})`,
        );
      else
        report.checked.push(
          `${path}: ${bundle.purpose} signed ${bundle.signedAt}, verifies${revokedAt ? ` (certificate revoked later, ${revokedAt.toISOString()})` : ''}`,
        );
    }
  }

  const segments = JSON.parse(byPath.get(AUDIT_CHAIN)?.toString('utf8') ?? '[]') as AuditChainSegment[];
  const events = JSON.parse(byPath.get(EVENTS)?.toString('utf8') ?? '[]') as { hash: string }[];
  const inChains = new Set(
    segments.flatMap((s) => s.links.filter((l) => l.kind === 'entry').map((l) => l.hash)),
  );
  for (const event of events)
    if (!inChains.has(event.hash))
      report.problems.push(`${EVENTS}: entry ${event.hash} is not in ${AUDIT_CHAIN}`);
  for (const segment of segments) {
    const check = checkSegment(segment);
    report.problems.push(...check.problems);
    if (check.problems.length === 0)
      report.checked.push(
        `audit chain ${segment.chain}: ${check.entries} entries recompute, ${check.links} more links reach head ${segment.head.seq}`,
      );
  }
  report.valid = report.problems.length === 0;
  return report;
}

/** ES256 with a DER signature; a malformed signature is a failed one, not an error. */
function verifiesDer(certificate: X509Certificate, message: Buffer, signature: Buffer): boolean {
  try {
    return verify('sha256', message, { key: certificate.publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

async function caPublicKey(ca: X509Certificate) {
  const spki = ca.publicKey.export({ type: 'spki', format: 'der' });
  return globalThis.crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'verify',
  ]);
}
