import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { SignerCertificateEntity } from './signer-certificate.entity';

/**
 * One accepted signature: the RFC 8785 canonical bytes that were signed, the ES256
 * signature (raw r‖s, 64 bytes) and the certificate it was checked against. Enough to
 * re-verify it with openssl, without Liên Thông. A signer's nonce is used once, ever.
 */
@Entity({ name: 'signatures' })
@Index('signatures_nonce_key', ['signerId', 'nonce'], { unique: true })
export class SignatureRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What was signed, e.g. `task.assign`; also inside the signed content as `kind`. */
  @Column({ type: 'varchar', length: 40 })
  purpose: string;

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId: string;

  @Column({ name: 'certificate_id', type: 'uuid' })
  certificateId: string;

  @Column({ type: 'varchar', length: 128 })
  nonce: string;

  @Column({ type: 'bytea' })
  canonical: Buffer;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256: string;

  @Column({ type: 'bytea' })
  signature: Buffer;

  /** The `issuedAt` the signer put in the content. */
  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => SignerCertificateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certificate_id', foreignKeyConstraintName: 'signatures_certificate_fk' })
  certificate?: SignerCertificateEntity;
}
