import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import type { SignatureBundle } from './signature-bundle';
import { REVOCATION_REASONS, RevocationReason } from './signer-certificate.entity';
import type { CertificateStatus, CertificateView } from './signer-certificates';

export class EnrolCertificateDto {
  @ApiProperty({
    description: 'PEM PKCS#10 certificate request for a P-256 key, signed with that key',
    maxLength: 8000,
  })
  @IsString()
  @MaxLength(8000)
  csr: string;

  @ApiProperty({ format: 'uuid', description: 'The position (unit and role) the certificate is for' })
  @IsUUID()
  positionId: string;
}

export class RevokeCertificateDto {
  @ApiProperty({ enum: REVOCATION_REASONS, description: 'RFC 5280 reason; keyCompromise when a key is lost' })
  @IsIn(REVOCATION_REASONS)
  reason: RevocationReason;
}

const CERTIFICATE_STATUSES = [
  'valid',
  'not_yet_valid',
  'expired',
  'revoked',
] as const satisfies readonly CertificateStatus[];

export class CertificateViewDto implements CertificateView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Hex serial number' }) serial: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid' }) positionId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() role: string;
  @ApiProperty({ description: 'Distinguished name of the signer' }) subject: string;
  @ApiProperty({ description: 'Distinguished name of the CA' }) issuer: string;
  @ApiProperty({ description: 'SHA-256 of the public key (SPKI), hex' }) keySha256: string;
  @ApiProperty({ format: 'date-time' }) notBefore: string;
  @ApiProperty({ format: 'date-time' }) notAfter: string;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status: CertificateStatus;
  @ApiProperty({ description: "The CA's signature on it checks out" }) chainValid: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ enum: REVOCATION_REASONS, nullable: true }) revocationReason: RevocationReason | null;
  @ApiProperty({ description: 'The certificate, PEM' }) pem: string;
}

/** Everything needed to re-verify a signature with standard tools (docs/signing.md). */
export class SignatureBundleDto implements SignatureBundle {
  @ApiProperty({ enum: ['ES256'] }) algorithm: 'ES256';
  @ApiProperty({ example: 'task.assign' }) purpose: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ description: 'The RFC 8785 canonical JSON that was signed, base64' }) canonical: string;
  @ApiProperty({ description: 'hex' }) contentSha256: string;
  @ApiProperty({ description: 'Raw r‖s (64 bytes), base64url: the JOSE ES256 form the client sent' })
  signature: string;
  @ApiProperty({ description: 'The same signature DER-encoded, base64: what `openssl dgst -verify` reads' })
  signatureDer: string;
  @ApiProperty({ description: 'PEM' }) signerCertificate: string;
  @ApiProperty({ description: 'PEM' }) caCertificate: string;
}

/** In a signed content: signing thừa ủy quyền, naming the delegation and its delegator. */
export class ActingForDto {
  @ApiProperty({ format: 'uuid', description: 'A delegation running now, to the signer' })
  @IsUUID()
  delegationId: string;

  @ApiProperty({ format: 'uuid', description: 'Its delegator: whose authority the content is signed under' })
  @IsUUID()
  delegatorId: string;
}
