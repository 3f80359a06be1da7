import { OrgUnitEntity } from '@lt/org';
import { UserEntity } from '@lt/people';
import type { BriefingSection, BriefingState } from './briefing-events';
import { TaskEntity } from '@lt/tasks';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';

/**
 * What full-text search reads, folded (lt_fold: no Vietnamese marks, lower case) so that
 * "tien do" finds "tiến độ". Each is the expression of a GIN index created by hand in the
 * migration (TypeORM cannot declare one): queries must use exactly these texts to use it.
 */
export const BRIEFING_SEARCH_SQL = {
  briefing: (b: string) =>
    `to_tsvector('simple', lt_fold(${b}.title || ' ' || coalesce(${b}.conclusion, '')))`,
  item: (i: string) => `to_tsvector('simple', lt_fold(${i}.text))`,
  comment: (c: string) => `to_tsvector('simple', lt_fold(${c}.text))`,
} as const;

/**
 * A weekly briefing (giao ban điện tử) of one unit: the Monday meeting done in writing. Its
 * expected reporters submit their report by the cut-off; its leaders comment items, turn
 * them into signed tasks, then close it with a conclusion, after which it is read-only.
 * One per unit and ISO week (Vietnam time) of the meeting.
 */
@Entity({ name: 'briefings' })
@Index('briefings_unit_week_key', ['unitId', 'isoYear', 'isoWeek'], { unique: true })
@Index('briefings_unit_meeting_idx', ['unitId', 'meetingAt'])
@Index('briefings_idempotency_key', ['openedBy', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
// The worker's reminder scan: open briefings not yet reminded, by cut-off.
@Index('briefings_reminder_idx', ['cutoffAt'], { where: "state = 'open' AND reminded_at IS NULL" })
@Index('briefings_search_idx', { synchronize: false })
@Check('briefings_state_check', "state IN ('open', 'closed')")
@Check('briefings_cutoff_check', 'cutoff_at <= meeting_at')
@Check('briefings_closed_check', "(state = 'closed') = (closed_at IS NOT NULL)")
@Check('briefings_week_check', 'iso_week BETWEEN 1 AND 53')
export class BriefingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'iso_year', type: 'integer' })
  isoYear: number;

  @Column({ name: 'iso_week', type: 'smallint' })
  isoWeek: number;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'meeting_at', type: 'timestamptz' })
  meetingAt: Date;

  /** Hạn nộp báo cáo: a report first submitted after it is late. */
  @Column({ name: 'cutoff_at', type: 'timestamptz' })
  cutoffAt: Date;

  @Column({ type: 'varchar', length: 8 })
  state: BriefingState;

  /** Kết luận, written when the leader closes the briefing. */
  @Column({ type: 'text', nullable: true })
  conclusion: string | null;

  @Column({ name: 'opened_by', type: 'uuid' })
  openedBy: string;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** When the worker sent the reminders before the cut-off (or the opening stood for them). */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  /**
   * No longer written: a retry's request is recognised by libs/commands (command_idempotency_keys).
   * Kept for the rows of earlier releases; a later migration may drop it.
   */
  @Column({ name: 'request_sha256', type: 'char', length: 64, nullable: true })
  requestSha256: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'briefings_unit_fk' })
  unit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opened_by', foreignKeyConstraintName: 'briefings_opened_by_fk' })
  opener?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'closed_by', foreignKeyConstraintName: 'briefings_closed_by_fk' })
  closer?: UserEntity;
}

/**
 * An expected reporter of a briefing: a subordinate unit (its leaders and deputies submit for
 * it; `userId` null) or a named person of the briefing's unit (`unitId` is that unit).
 */
@Entity({ name: 'briefing_reporters' })
@Index('briefing_reporters_unit_key', ['briefingId', 'unitId'], { unique: true, where: 'user_id IS NULL' })
@Index('briefing_reporters_user_key', ['briefingId', 'userId'], {
  unique: true,
  where: 'user_id IS NOT NULL',
})
@Index('briefing_reporters_unit_idx', ['unitId'])
@Index('briefing_reporters_user_idx', ['userId'], { where: 'user_id IS NOT NULL' })
export class BriefingReporterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** Units first, in name order, then people: the order of the meeting. */
  @Column({ name: 'sort_order', type: 'smallint' })
  sortOrder: number;

  @ManyToOne(() => BriefingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'briefing_id', foreignKeyConstraintName: 'briefing_reporters_briefing_fk' })
  briefing?: BriefingEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'briefing_reporters_unit_fk' })
  unit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'briefing_reporters_user_fk' })
  user?: UserEntity;
}

/**
 * A reporter's report (báo cáo giao ban): at most one per reporter, resubmitted under
 * optimistic versioning until the briefing closes. Its status counts from the first
 * submission; every earlier text is kept in the audit log.
 */
@Entity({ name: 'briefing_reports' })
@Index('briefing_reports_reporter_key', ['reporterId'], { unique: true })
@Index('briefing_reports_briefing_idx', ['briefingId'])
export class BriefingReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ name: 'reporter_id', type: 'uuid' })
  reporterId: string;

  /** On time or late is judged by this one. */
  @Column({ name: 'first_submitted_at', type: 'timestamptz' })
  firstSubmittedAt: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;

  @VersionColumn({ type: 'integer' })
  version: number;

  @ManyToOne(() => BriefingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'briefing_id', foreignKeyConstraintName: 'briefing_reports_briefing_fk' })
  briefing?: BriefingEntity;

  @ManyToOne(() => BriefingReporterEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'briefing_reports_reporter_fk' })
  reporter?: BriefingReporterEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_by', foreignKeyConstraintName: 'briefing_reports_submitted_by_fk' })
  submitter?: UserEntity;
}

/**
 * One item of a report, in one of its three sections. It keeps its id across resubmissions,
 * so comments and the task made from it stay with it; one that carries either is fixed.
 */
@Entity({ name: 'briefing_items' })
@Index('briefing_items_report_idx', ['reportId', 'section', 'sortOrder'])
@Index('briefing_items_briefing_idx', ['briefingId'])
@Index('briefing_items_task_key', ['taskId'], { unique: true, where: 'task_id IS NOT NULL' })
@Index('briefing_items_search_idx', { synchronize: false })
@Check('briefing_items_section_check', "section IN ('done', 'plan', 'issues')")
export class BriefingItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ type: 'varchar', length: 8 })
  section: BriefingSection;

  @Column({ name: 'sort_order', type: 'smallint' })
  sortOrder: number;

  @Column({ type: 'varchar', length: 2000 })
  text: string;

  /** The signed task a leader turned this item into (source `briefing`). */
  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => BriefingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'briefing_id', foreignKeyConstraintName: 'briefing_items_briefing_fk' })
  briefing?: BriefingEntity;

  @ManyToOne(() => BriefingReportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'briefing_items_report_fk' })
  report?: BriefingReportEntity;

  @ManyToOne(() => TaskEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'briefing_items_task_fk' })
  task?: TaskEntity;
}

/**
 * A leader's comment (ý kiến) on one item. It is neither edited nor deleted (and it fixes the
 * item), so a retry of its request must not make a second: the Idempotency-Key is kept.
 */
@Entity({ name: 'briefing_comments' })
@Index('briefing_comments_item_idx', ['itemId', 'createdAt'])
@Index('briefing_comments_briefing_idx', ['briefingId'])
@Index('briefing_comments_idempotency_key', ['authorId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Index('briefing_comments_search_idx', { synchronize: false })
export class BriefingCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'varchar', length: 2000 })
  text: string;

  /** The author's Idempotency-Key of the request that made it: a retry returns this comment. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => BriefingItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'briefing_comments_item_fk' })
  item?: BriefingItemEntity;

  @ManyToOne(() => BriefingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'briefing_id', foreignKeyConstraintName: 'briefing_comments_briefing_fk' })
  briefing?: BriefingEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'briefing_comments_author_fk' })
  author?: UserEntity;
}
