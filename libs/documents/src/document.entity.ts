import { OrgUnitEntity } from '@lt/org';
import { UserEntity } from '@lt/people';
import { SignatureRecordEntity } from '@lt/signing';
import { TaskEntity } from '@lt/tasks';
import type { SecrecyLevel, SigningForm } from './document-draft.entity';
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

export const DOCUMENT_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type DocumentDirection = (typeof DOCUMENT_DIRECTIONS)[number];

/**
 * Incoming: registered by the clerk → routed to a leader → annotated (bút phê). Outgoing
 * documents are `issued` when registered. A state only moves forward; `recalled` (thu hồi)
 * freezes an issued document and the incoming entries made from it.
 */
export const DOCUMENT_STATES = ['registered', 'routed', 'annotated', 'issued', 'recalled'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/**
 * A document entering (văn bản đến) or leaving (văn bản đi) a unit, with the metadata of
 * Decree 30/2020/NĐ-CP Appendix VI (CodeNumber, CodeNotation, OrganName, IssuedDate, TypeName,
 * Subject, Priority, DueDate; ArrivalDate and ArrivalNumber for incoming ones). Its register
 * number is given in order per unit, direction and year; the registered metadata never changes.
 */
// GIN over the folded number, symbol, issuer and subject (search), created by hand in migration SearchIndexes.
@Index('documents_search_idx', { synchronize: false })
@Entity({ name: 'documents' })
@Index('documents_register_key', ['unitId', 'direction', 'registerYear', 'registerNumber'], { unique: true })
@Index('documents_dedup_idx', ['unitId', 'dedupKey'])
@Index('documents_routed_to_idx', ['routedTo'], { where: 'routed_to IS NOT NULL' })
@Index('documents_idempotency_key', ['registeredBy', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Check('documents_direction_check', "direction IN ('incoming', 'outgoing')")
@Check('documents_state_check', "state IN ('registered', 'routed', 'annotated', 'issued', 'recalled')")
@Check('documents_priority_check', 'priority BETWEEN 0 AND 4')
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 8 })
  direction: DocumentDirection;

  /** The unit whose register holds it. */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'register_year', type: 'integer' })
  registerYear: number;

  /** Số đến (incoming) or the number given to an outgoing document. */
  @Column({ name: 'register_number', type: 'integer' })
  registerNumber: number;

  /** CodeNumber (số) as the issuer wrote it. */
  @Column({ name: 'code_number', type: 'varchar', length: 30 })
  codeNumber: string;

  /** CodeNotation (ký hiệu), e.g. `UBND-VP`. */
  @Column({ name: 'code_notation', type: 'varchar', length: 100 })
  codeNotation: string;

  @Column({ name: 'organ_name', type: 'varchar', length: 200 })
  organName: string;

  @Column({ name: 'organ_id', type: 'char', length: 13, nullable: true })
  organId: string | null;

  /** Normalised (number, symbol, issuer): a repeat is flagged to the clerk. */
  @Column({ name: 'dedup_key', type: 'varchar', length: 340 })
  dedupKey: string;

  @Column({ name: 'issued_date', type: 'date' })
  issuedDate: string;

  @Column({ name: 'type_name', type: 'varchar', length: 100 })
  typeName: string;

  /** Trích yếu. */
  @Column({ type: 'varchar', length: 1000 })
  subject: string;

  /** edXML priority: 0 thường … 4 hỏa tốc hẹn giờ. */
  @Column({ type: 'smallint' })
  priority: number;

  @Column({ name: 'due_date', type: 'timestamptz', nullable: true })
  dueDate: Date | null;

  @Column({ name: 'arrival_date', type: 'timestamptz', nullable: true })
  arrivalDate: Date | null;

  @Column({ name: 'signer_name', type: 'varchar', length: 200, nullable: true })
  signerName: string | null;

  @Column({ name: 'signer_position', type: 'varchar', length: 200, nullable: true })
  signerPosition: string | null;

  /** Nơi nhận of an outgoing document. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  recipients: string | null;

  @Column({ name: 'page_amount', type: 'integer', nullable: true })
  pageAmount: number | null;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 12 })
  state: DocumentState;

  /** The leader it waits with for annotation. */
  @Column({ name: 'routed_to', type: 'uuid', nullable: true })
  routedTo: string | null;

  /** The text of a document drafted and signed here (a registered paper one has none). */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** Độ mật; a secret document is read only by the people named on it. */
  @Column({ type: 'varchar', length: 16, default: 'normal' })
  secrecy: SecrecyLevel;

  /** Who signed it here, in which form (KT., TM. …), and the signature over its content. */
  @Column({ name: 'signer_id', type: 'uuid', nullable: true })
  signerId: string | null;

  @Column({ name: 'signing_form', type: 'varchar', length: 4, nullable: true })
  signingForm: SigningForm | null;

  @Column({ name: 'signature_id', type: 'uuid', nullable: true })
  signatureId: string | null;

  /** An incoming entry made from a document issued inside the deployment: that document. */
  @Column({ name: 'source_document_id', type: 'uuid', nullable: true })
  sourceDocumentId: string | null;

  /** When an incoming document was handled: annotated by a leader (bút phê). */
  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt: Date | null;

  /**
   * Taken into another unit's register by a merger while still being handled: the register
   * and number it had before (sáp nhập), by which it is still found.
   */
  @Column({ name: 'former_unit_id', type: 'uuid', nullable: true })
  formerUnitId: string | null;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'former_unit_id', foreignKeyConstraintName: 'documents_former_unit_fk' })
  formerUnit?: OrgUnitEntity;

  @Column({ name: 'former_register_year', type: 'integer', nullable: true })
  formerRegisterYear: number | null;

  @Column({ name: 'former_register_number', type: 'integer', nullable: true })
  formerRegisterNumber: number | null;

  /** The due date it was last reminded for (DocumentReminders). */
  @Column({ name: 'reminded_for', type: 'timestamptz', nullable: true })
  remindedFor: Date | null;

  @Column({ name: 'recalled_at', type: 'timestamptz', nullable: true })
  recalledAt: Date | null;

  @Column({ name: 'recall_reason', type: 'varchar', length: 2000, nullable: true })
  recallReason: string | null;

  /** Times it was urged (đôn đốc) while it waited with a leader; the history is in document_urgings. */
  @Column({ name: 'urged_count', type: 'smallint', default: 0 })
  urgedCount: number;

  @Column({ name: 'last_urged_at', type: 'timestamptz', nullable: true })
  lastUrgedAt: Date | null;

  /** The first document registered with the same (number, symbol, issuer), when the clerk kept both. */
  @Column({ name: 'duplicate_of', type: 'uuid', nullable: true })
  duplicateOf: string | null;

  @Column({ name: 'registered_by', type: 'uuid' })
  registeredBy: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'documents_unit_fk' })
  unit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'registered_by', foreignKeyConstraintName: 'documents_registered_by_fk' })
  registrar?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'routed_to', foreignKeyConstraintName: 'documents_routed_to_fk' })
  router?: UserEntity;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'duplicate_of', foreignKeyConstraintName: 'documents_duplicate_of_fk' })
  original?: DocumentEntity;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_document_id', foreignKeyConstraintName: 'documents_source_document_fk' })
  source?: DocumentEntity;

  @ManyToOne(() => SignatureRecordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'documents_signature_fk' })
  signature?: SignatureRecordEntity;
}

/** The last register number per unit, direction and year: numbers are taken under its row lock. */
@Entity({ name: 'document_counters' })
export class DocumentCounterEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  direction: DocumentDirection;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'last_number', type: 'integer' })
  lastNumber: number;
}

/**
 * One urging (đôn đốc) of a document waiting with a leader: by its clerk or a leader above,
 * with a note. The document's row counts them; these rows are its history.
 */
@Entity({ name: 'document_urgings' })
@Index('document_urgings_document_idx', ['documentId', 'createdAt'])
export class DocumentUrgingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'document_urgings_pkey' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ name: 'urged_by', type: 'uuid' })
  urgedBy: string;

  /** The leader it waited with when urged. */
  @Column({ name: 'urged_to', type: 'uuid' })
  urgedTo: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_urgings_document_fk' })
  document?: DocumentEntity;
}

/** One step of distribution (phân phối): the document handed to a leader, with a note. */
@Entity({ name: 'document_routings' })
@Index('document_routings_document_idx', ['documentId', 'routedAt'])
export class DocumentRoutingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ name: 'routed_by', type: 'uuid' })
  routedBy: string;

  @Column({ name: 'routed_to', type: 'uuid' })
  routedTo: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @Column({ name: 'routed_at', type: 'timestamptz' })
  routedAt: Date;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_routings_document_fk' })
  document?: DocumentEntity;
}

/** An outgoing document answering (reporting on) a task. */
@Entity({ name: 'document_task_refs' })
@Index('document_task_refs_task_idx', ['taskId'])
export class DocumentTaskRefEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @PrimaryColumn({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_task_refs_document_fk' })
  document?: DocumentEntity;

  @ManyToOne(() => TaskEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'document_task_refs_task_fk' })
  task?: TaskEntity;
}
