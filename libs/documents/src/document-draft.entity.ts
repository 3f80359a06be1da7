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
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export const SECRECY_LEVELS = ['normal', 'secret', 'top_secret', 'absolute_secret'] as const;
/** Độ mật: thường, mật, tối mật, tuyệt mật. A secret one is read only by the people named on it. */
export type SecrecyLevel = (typeof SECRECY_LEVELS)[number];

export const SIGNING_FORMS = ['own', 'KT', 'TM', 'Q', 'TL', 'TUQ'] as const;
/** Decree 30/2020 Art. 13: in one's own name, ký thay, thay mặt, quyền, thừa lệnh, thừa ủy quyền. */
export type SigningForm = (typeof SIGNING_FORMS)[number];

export const DRAFT_STATES = ['drafting', 'in_review', 'approved', 'issued'] as const;
/** drafting (the drafter edits; also after a return) → in_review → approved (waits for the signer) → issued. */
export type DraftState = (typeof DRAFT_STATES)[number];

/** A unit inside the deployment, or an agency outside it (by its 13-character OrganId). */
export interface DraftRecipients {
  units: string[];
  organs: { organId: string; organName: string }[];
}

/**
 * An outgoing document before it is issued (dự thảo): what the drafter writes, the review
 * chain it goes through and who signs it. Its id is the id the document takes when it is
 * signed and numbered in the outgoing register (documents), so its files, versions and trail
 * carry over unchanged.
 */
@Entity({ name: 'document_drafts' })
@Index('document_drafts_drafter_idx', ['drafterId', 'createdAt'])
@Index('document_drafts_signer_idx', ['signerId'], { where: "state = 'approved'" })
@Index('document_drafts_idempotency_key', ['drafterId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Check('document_drafts_state_check', "state IN ('drafting', 'in_review', 'approved', 'issued')")
@Check('document_drafts_secrecy_check', "secrecy IN ('normal', 'secret', 'top_secret', 'absolute_secret')")
@Check('document_drafts_signing_form_check', "signing_form IN ('own', 'KT', 'TM', 'Q', 'TL', 'TUQ')")
export class DocumentDraftEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'document_drafts_pkey' })
  id: string;

  /** The unit it is issued by (whose outgoing register numbers it). */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'drafter_id', type: 'uuid' })
  drafterId: string;

  @Column({ name: 'type_name', type: 'varchar', length: 100 })
  typeName: string;

  /** Ký hiệu the number is given with, e.g. `QĐ-UBND` (the type's abbreviation and the issuer's). */
  @Column({ name: 'code_notation', type: 'varchar', length: 100 })
  codeNotation: string;

  @Column({ type: 'varchar', length: 1000 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'smallint' })
  priority: number;

  @Column({ type: 'varchar', length: 16 })
  secrecy: SecrecyLevel;

  @Column({ type: 'jsonb' })
  recipients: DraftRecipients;

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId: string;

  @Column({ name: 'signing_form', type: 'varchar', length: 4 })
  signingForm: SigningForm;

  @Column({ type: 'varchar', length: 12 })
  state: DraftState;

  /** Which submission for review this is (1, 2… after each return). */
  @Column({ type: 'smallint', default: 0 })
  round: number;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** Each saved content of a draft, kept: the drafter's changes and why. */
@Entity({ name: 'document_draft_versions' })
export class DocumentDraftVersionEntity {
  @PrimaryColumn({ name: 'draft_id', type: 'uuid' })
  draftId: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @Column({ type: 'varchar', length: 1000 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'edited_by', type: 'uuid' })
  editedBy: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => DocumentDraftEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'draft_id', foreignKeyConstraintName: 'document_draft_versions_draft_fk' })
  draft?: DocumentDraftEntity;
}

export const REVIEW_STATES = ['waiting', 'approved', 'returned', 'forwarded', 'pending'] as const;
/** pending: later in the chain; waiting: its turn; then what the reviewer decided. */
export type ReviewState = (typeof REVIEW_STATES)[number];

/** One reviewer's place in the chain (trình ký): in order, per submission round. */
@Entity({ name: 'document_review_steps' })
@Index('document_review_steps_draft_idx', ['draftId', 'round', 'seq'], { unique: true })
@Index('document_review_steps_waiting_idx', ['reviewerId'], { where: "state = 'waiting'" })
@Check(
  'document_review_steps_state_check',
  "state IN ('waiting', 'approved', 'returned', 'forwarded', 'pending')",
)
export class DocumentReviewStepEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'document_review_steps_pkey' })
  id: string;

  @Column({ name: 'draft_id', type: 'uuid' })
  draftId: string;

  @Column({ type: 'smallint' })
  round: number;

  @Column({ type: 'smallint' })
  seq: number;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId: string;

  @Column({ type: 'varchar', length: 12 })
  state: ReviewState;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  comment: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'signature_id', type: 'uuid', nullable: true })
  signatureId: string | null;

  @ManyToOne(() => DocumentDraftEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'draft_id', foreignKeyConstraintName: 'document_review_steps_draft_fk' })
  draft?: DocumentDraftEntity;
}
