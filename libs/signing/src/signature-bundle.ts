import { SignatureRecordEntity } from './signature-record.entity';
import { ES256, x509 } from './x509';

/** Everything needed to re-verify a signature with standard tools (see docs/signing.md's openssl steps). */
export interface SignatureBundle {
  algorithm: 'ES256';
  purpose: string;
  signedAt: string;
  /** The RFC 8785 canonical JSON that was signed, base64. */
  canonical: string;
  contentSha256: string;
  /** Raw r‖s (64 bytes), base64url: the JOSE ES256 form the client sent. */
  signature: string;
  /** The same signature DER-encoded (ECDSA-Sig-Value), base64: what `openssl dgst -verify` reads. */
  signatureDer: string;
  signerCertificate: string;
  caCertificate: string;
}

export function signatureBundle(
  record: SignatureRecordEntity,
  signerCertificateDer: Buffer,
  caCertificatePem: string,
): SignatureBundle {
  const der = new x509.AsnEcSignatureFormatter().toAsnSignature(ES256, record.signature);
  if (!der) throw new Error('cannot DER-encode an ES256 signature');
  return {
    algorithm: 'ES256',
    purpose: record.purpose,
    signedAt: record.signedAt.toISOString(),
    canonical: record.canonical.toString('base64'),
    contentSha256: record.contentSha256,
    signature: record.signature.toString('base64url'),
    signatureDer: Buffer.from(der).toString('base64'),
    signerCertificate: new x509.X509Certificate(signerCertificateDer).toString('pem'),
    caCertificate: caCertificatePem,
  };
}
