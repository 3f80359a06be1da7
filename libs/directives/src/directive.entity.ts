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
  PrimaryColumn,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';

/** Directive types and their symbol (ký hiệu) abbreviations, per Decree 30/2020 Appendix III. */
export const DIRECTIVE_TYPES = {
  CT: { vi: 'Chỉ thị', en: 'Directive' },
  CV: { vi: 'Công văn chỉ đạo', en: 'Official letter' },
  TB: { vi: 'Thông báo', en: 'Notice' },
  KH: { vi: 'Kế hoạch', en: 'Plan' },
} as const;
export type DirectiveType = keyof typeof DIRECTIVE_TYPES;

/** One target of a directive, kept as it was given; the recipients are resolved from it at issue. */
export interface DirectiveTarget {
  unitId: string;
  includeSubtree: boolean;
  roles: string[] | null;
}

/**
 * A directive (chỉ thị, văn bản chỉ đạo) issued by a leader of `issuingUnitId`. Once issued
 * its content never changes; a recall marks it, nothing is deleted. Receipt counters are
 * kept here, updated in the transaction of each receipt, so progress is one row read.
 */
// GIN over the folded notation, subject and body (search), created by hand in migration SearchIndexes.
@Index('directives_search_idx', { synchronize: false })
@Entity({ name: 'directives' })
@Index('directives_number_key', ['issuingUnitId', 'year', 'number'], { unique: true })
@Index('directives_notation_key', ['issuingUnitId', 'year', 'notation'], { unique: true })
@Index('directives_idempotency_key', ['signerId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Index('directives_ack_due_idx', ['ackDueAt'], {
  where: 'ack_required AND escalated_at IS NULL AND recalled_at IS NULL',
})
@Check('directives_urgency_check', 'urgency BETWEEN 0 AND 4')
export class DirectiveEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'issuing_unit_id', type: 'uuid' })
  issuingUnitId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  number: number;

  /** Số, ký hiệu as printed: `29/CT-STR`. */
  @Column({ type: 'varchar', length: 64 })
  notation: string;

  @Column({ type: 'varchar', length: 8 })
  type: DirectiveType;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'smallint' })
  urgency: number;

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId: string;

  /** Signed thừa ủy quyền: the delegator whose position the signer issued with. */
  @Column({ name: 'signer_on_behalf_of_id', type: 'uuid', nullable: true })
  signerOnBehalfOfId: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'jsonb' })
  targets: DirectiveTarget[];

  @Column({ name: 'ack_required', type: 'boolean' })
  ackRequired: boolean;

  @Column({ name: 'ack_due_at', type: 'timestamptz', nullable: true })
  ackDueAt: Date | null;

  @Column({ name: 'recipient_count', type: 'integer' })
  recipientCount: number;

  @Column({ name: 'delivered_count', type: 'integer', default: 0 })
  deliveredCount: number;

  @Column({ name: 'read_count', type: 'integer', default: 0 })
  readCount: number;

  @Column({ name: 'ack_count', type: 'integer', default: 0 })
  ackCount: number;

  @Column({ name: 'last_reminded_at', type: 'timestamptz', nullable: true })
  lastRemindedAt: Date | null;

  /** When the worker told the heads of units about missed acknowledgements. */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Column({ name: 'recalled_at', type: 'timestamptz', nullable: true })
  recalledAt: Date | null;

  @Column({ name: 'recall_reason', type: 'varchar', length: 1000, nullable: true })
  recallReason: string | null;

  @Column({ name: 'recalled_by', type: 'uuid', nullable: true })
  recalledBy: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuing_unit_id', foreignKeyConstraintName: 'directives_issuing_unit_fk' })
  issuingUnit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signer_id', foreignKeyConstraintName: 'directives_signer_fk' })
  signer?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'signer_on_behalf_of_id',
    foreignKeyConstraintName: 'directives_signer_on_behalf_of_fk',
  })
  signerOnBehalfOf?: UserEntity;
}

/**
 * One recipient's receipt: when it was delivered to a device, read, and acknowledged.
 * Rows are written only by the statement that issues the directive, copied from the joined,
 * existing directive, people and units, so they carry no foreign keys: the per-row key checks
 * (and the row locks they take on 10,000 users) were three quarters of the cost of issuing a
 * city-wide directive. Users are never deleted; deleting a unit checks this table itself.
 */
@Entity({ name: 'directive_recipients' })
@Index('directive_recipients_user_idx', ['userId', 'directiveId'])
export class DirectiveRecipientEntity {
  @PrimaryColumn({ name: 'directive_id', type: 'uuid' })
  directiveId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The unit (and role) through which the person was targeted, as it was at issue. */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'ack_comment', type: 'varchar', length: 2000, nullable: true })
  ackComment: string | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;
}

/** The last number given per issuing unit and year; its row lock hands out numbers in order. */
@Entity({ name: 'directive_counters' })
export class DirectiveCounterEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'last_number', type: 'integer' })
  lastNumber: number;
}
