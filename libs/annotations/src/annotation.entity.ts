import { DocumentEntity } from '@lt/documents';
import { OrgUnitEntity } from '@lt/org';
import { UserEntity } from '@lt/people';
import { SignatureRecordEntity } from '@lt/signing';
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
} from 'typeorm';

export const ANNOTATION_SUBJECTS = ['document', 'directive', 'task', 'task_report'] as const;
export type AnnotationSubjectType = (typeof ANNOTATION_SUBJECTS)[number];

/**
 * A leader's annotation (bút phê, ý kiến chỉ đạo) on a document, a directive, a task or a
 * progress report: free text, and the assignments it makes, each of which became a task
 * (`tasks.source_type = 'annotation'`). It is signed and never changes; a later remark is a
 * new annotation on the same subject (the thread).
 */
@Entity({ name: 'annotations' })
@Index('annotations_subject_idx', ['subjectType', 'subjectId', 'createdAt'])
@Index('annotations_document_idx', ['documentId'], { where: 'document_id IS NOT NULL' })
@Index('annotations_author_unit_idx', ['authorUnitId', 'createdAt'])
@Index('annotations_author_idx', ['authorId', 'createdAt'])
@Index('annotations_idempotency_key', ['authorId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Check('annotations_subject_type_check', "subject_type IN ('document', 'directive', 'task', 'task_report')")
export class AnnotationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 12 })
  subjectType: AnnotationSubjectType;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  /** The document the thread belongs to, when the subject is one (its handling trail). */
  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId: string | null;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  /** The unit of the position the author signed with: its leaders follow the annotation too. */
  @Column({ name: 'author_unit_id', type: 'uuid' })
  authorUnitId: string;

  /** Signed thừa ủy quyền (or as acting head): the leader whose post the author signed with. */
  @Column({ name: 'author_on_behalf_of_id', type: 'uuid', nullable: true })
  authorOnBehalfOfId: string | null;

  @Column({ type: 'text' })
  text: string;

  /** The tasks it assigned, in the order of its assignments (empty for a remark). */
  @Column({ name: 'task_ids', type: 'uuid', array: true })
  taskIds: string[];

  @Column({ name: 'signature_id', type: 'uuid' })
  signatureId: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'annotations_author_fk' })
  author?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'author_on_behalf_of_id',
    foreignKeyConstraintName: 'annotations_author_on_behalf_of_fk',
  })
  authorOnBehalfOf?: UserEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_unit_id', foreignKeyConstraintName: 'annotations_author_unit_fk' })
  authorUnit?: OrgUnitEntity;

  @ManyToOne(() => SignatureRecordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'annotations_signature_fk' })
  signature?: SignatureRecordEntity;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'annotations_document_fk' })
  document?: DocumentEntity;
}

/**
 * Where an annotation's tasks stand, kept by a trigger on `tasks` (migration
 * 1795750000000-AnnotationProgress) so the follow-up derives every status from one row per
 * annotation instead of reading all its tasks: how many are owed, done, returned, cancelled,
 * and the nearest deadline among those owed — all the status rule needs (follow-up-status.ts).
 * Only annotations that assigned work have a row. The annotation itself never changes.
 */
@Entity({ name: 'annotation_progress' })
@Index('annotation_progress_unit_idx', ['authorUnitId', 'createdAt'])
@Index('annotation_progress_author_idx', ['authorId', 'createdAt'])
export class AnnotationProgressEntity {
  @PrimaryColumn({ name: 'annotation_id', type: 'uuid' })
  annotationId: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ name: 'author_unit_id', type: 'uuid' })
  authorUnitId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Assigned, accepted or in progress: the deadline runs. */
  @Column({ type: 'integer' })
  owed: number;

  /** Submitted or completed. */
  @Column({ type: 'integer' })
  done: number;

  @Column({ type: 'integer' })
  returned: number;

  @Column({ type: 'integer' })
  cancelled: number;

  /** The nearest deadline among the owed tasks. */
  @Column({ name: 'next_deadline', type: 'timestamptz', nullable: true })
  nextDeadline: Date | null;

  @ManyToOne(() => AnnotationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'annotation_id', foreignKeyConstraintName: 'annotation_progress_annotation_fk' })
  annotation?: AnnotationEntity;
}
