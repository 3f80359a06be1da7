import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { REVOCATION_REASONS, RevocationReason } from './signer-certificate.entity';

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
