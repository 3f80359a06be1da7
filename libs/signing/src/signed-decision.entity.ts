import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { SignatureRecordEntity } from './signature-record.entity';

/**
 * A signed decision filed under the item it decides on: which signature, on what, which
 * action. The signed bytes themselves are in `signatures`; this row lists an item's decisions
 * (for its history marks and its evidence package) without reading every signature.
 */
@Entity({ name: 'signed_decisions' })
@Index('signed_decisions_subject_idx', ['subjectType', 'subjectId', 'createdAt'])
@Index('signed_decisions_signature_key', ['signatureId'], { unique: true })
export class SignedDecisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'signed_decisions_pkey' })
  id: string;

  @Column({ name: 'signature_id', type: 'uuid' })
  signatureId: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 40 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => SignatureRecordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'signed_decisions_signature_fk' })
  signature?: SignatureRecordEntity;
}
