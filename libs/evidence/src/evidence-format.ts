/** The names inside an evidence package (docs/evidence.md), shared by the packager and the verifier. */
export const EVIDENCE_FORMAT = 'lien-thong/evidence@1';
export const SUMS = 'SHA256SUMS';
export const SUMS_SIGNATURE = 'SHA256SUMS.sig';
export const MANIFEST = 'manifest.json';
export const CA_PEM = 'ca.pem';
export const CRL_PEM = 'crl.pem';
export const EVENTS = 'events.json';
export const AUDIT_CHAIN = 'audit-chain.json';
export const SIGNATURES_DIR = 'signatures/';

export interface EvidenceManifest {
  format: typeof EVIDENCE_FORMAT;
  subject: { type: string; id: string };
  title: string;
  /** When the package was made: also every file's modification time in the archive. */
  exportedAt: string;
  exportedBy: { id: string; fullName: string };
  /** SHA-256 of the deployment CA's certificate (DER), to compare with the published one. */
  caFingerprint: string;
  signatures: { file: string; label: string; signedAt: string; signer: string }[];
}

/** `sha256sum -c` format: "<hex>  <path>" per line. */
export function sumsText(files: { path: string; sha256: string }[]): string {
  return files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

export function parseSums(text: string): { path: string; sha256: string }[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      if (!match) throw new Error(`${SUMS}: malformed line «${line}»`);
      return { sha256: match[1], path: match[2] };
    });
}
