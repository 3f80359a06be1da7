import { OrgUnitEntity } from '@lt/org';
import { UserEntity } from '@lt/people';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { SigningAuthorityEntity } from './signing-authority.entity';

/** RFC 5280 CRLReason names accepted when revoking. */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/**
 * A signer's X.509 certificate, issued by the deployment's CA for a public key the signer
 * enrolled, bound to their account and to one of their positions (unit and role are kept
 * as they were at issue). Never deleted: past signatures keep pointing at it.
 */
@Entity({ name: 'signer_certificates' })
@Index('signer_certificates_user_idx', ['userId'])
@Check('signer_certificates_reason_check', 'revoked_at IS NULL OR revocation_reason IS NOT NULL')
export class SignerCertificateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Hexadecimal serial number, unique under the CA. */
  @Index('signer_certificates_serial_key', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  serial: string;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'position_id', type: 'uuid' })
  positionId: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  /** SHA-256 of the SubjectPublicKeyInfo: one key is enrolled once, ever. */
  @Index('signer_certificates_key_key', { unique: true })
  @Column({ name: 'key_sha256', type: 'char', length: 64 })
  keySha256: string;

  @Column({ type: 'bytea' })
  der: Buffer;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revocation_reason', type: 'varchar', length: 30, nullable: true })
  revocationReason: RevocationReason | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => SigningAuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'signer_certificates_authority_fk' })
  authority?: SigningAuthorityEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'signer_certificates_user_fk' })
  user?: UserEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'signer_certificates_unit_fk' })
  unit?: OrgUnitEntity;
}
