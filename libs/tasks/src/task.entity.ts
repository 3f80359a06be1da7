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
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { TaskState } from './task-state-machine';

/** Where a task came from. `annotation` and `briefing` tasks are made only through their own
 * endpoints (POST /annotations, POST /briefings/:id/items/:itemId/task), never POST /tasks. */
export const TASK_SOURCE_TYPES = ['directive', 'annotation', 'task', 'briefing'] as const;
export type TaskSourceType = (typeof TASK_SOURCE_TYPES)[number];

/**
 * A task (nhiệm vụ): one lead (a unit, or a person in a unit), a deadline and a state,
 * created from a signed assignment whose canonical bytes and signature are kept in
 * `signatures`. The signed fields never change; the state, the current deadline (after an
 * approved extension) and the lateness bookkeeping do, under optimistic versioning.
 */
// GIN over the folded title and description (search), created by hand in migration SearchIndexes.
@Index('tasks_search_idx', { synchronize: false })
@Entity({ name: 'tasks' })
@Index('tasks_lead_unit_idx', ['leadUnitId', 'state'])
@Index('tasks_lead_user_idx', ['leadUserId'], { where: 'lead_user_id IS NOT NULL' })
@Index('tasks_assigner_idx', ['assignerId', 'createdAt'])
@Index('tasks_parent_idx', ['parentId'], { where: 'parent_id IS NOT NULL' })
// Annotation follow-up reads an annotation's tasks by their source.
@Index('tasks_source_idx', ['sourceId'], { where: 'source_id IS NOT NULL' })
@Index('tasks_running_deadline_idx', ['deadline'], {
  where: "state IN ('assigned', 'accepted', 'in_progress')",
})
// The task summary (libs/reporting) reads these two at query time: open tasks whose overdue
// status differs from what the worker recorded. Both stay tiny while the worker runs.
@Index('tasks_overdue_unmarked_idx', ['deadline'], {
  where: "state IN ('assigned', 'accepted', 'in_progress') AND late_for_deadline IS DISTINCT FROM deadline",
})
@Index('tasks_overdue_marked_idx', ['deadline'], {
  where: "state IN ('assigned', 'accepted', 'in_progress') AND late_for_deadline = deadline",
})
// The tasks ever urged, by issue: the summary's "times urged" reads only these (TaskCounts.urged).
@Index('tasks_urged_idx', ['issuedAt'], { where: 'urged_count > 0' })
@Index('tasks_idempotency_key', ['assignerId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Check(
  'tasks_state_check',
  "state IN ('assigned', 'accepted', 'returned', 'in_progress', 'submitted', 'completed', 'cancelled')",
)
@Check('tasks_priority_check', 'priority BETWEEN 0 AND 4')
@Check('tasks_progress_check', 'progress BETWEEN 0 AND 100')
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'lead_unit_id', type: 'uuid' })
  leadUnitId: string;

  /** Set when a person leads; otherwise the lead unit's leaders act for it. */
  @Column({ name: 'lead_user_id', type: 'uuid', nullable: true })
  leadUserId: string | null;

  @Column({ name: 'assigner_id', type: 'uuid' })
  assignerId: string;

  /** The unit of the position the assigner signed with. */
  @Column({ name: 'assigner_unit_id', type: 'uuid' })
  assignerUnitId: string;

  /** Assigned thừa ủy quyền: the delegator whose position the assigner signed with. */
  @Column({ name: 'assigner_on_behalf_of_id', type: 'uuid', nullable: true })
  assignerOnBehalfOfId: string | null;

  @Column({ type: 'varchar', length: 20 })
  state: TaskState;

  /** edXML priority: 0 thường … 4 hỏa tốc hẹn giờ. */
  @Column({ type: 'smallint' })
  priority: number;

  @Column({ name: 'source_type', type: 'varchar', length: 20, nullable: true })
  sourceType: TaskSourceType | null;

  @Column({ name: 'source_id', type: 'uuid', nullable: true })
  sourceId: string | null;

  /** The deadline in force (moved by an approved extension or a reopen). */
  @Column({ type: 'timestamptz' })
  deadline: Date;

  /** The signed deadline, never changed: ranking counts against it. */
  @Column({ name: 'original_deadline', type: 'timestamptz' })
  originalDeadline: Date;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ name: 'signature_id', type: 'uuid' })
  signatureId: string;

  /** Percent done: reported by the lead, or derived from the sub-tasks when there are any. */
  @Column({ type: 'smallint', default: 0 })
  progress: number;

  /** How many times the task was urged (đôn đốc), and when last (urging is rate-limited). */
  @Column({ name: 'urged_count', type: 'smallint', default: 0 })
  urgedCount: number;

  @Column({ name: 'last_urged_at', type: 'timestamptz', nullable: true })
  lastUrgedAt: Date | null;

  /** How many times this task went past a deadline. */
  @Column({ name: 'lateness_count', type: 'smallint', default: 0 })
  latenessCount: number;

  /** The deadline whose lateness has been recorded, so one deadline counts once. */
  @Column({ name: 'late_for_deadline', type: 'timestamptz', nullable: true })
  lateForDeadline: Date | null;

  /** Since when the task is overdue and waits for its explanation and apology letter. */
  @Column({ name: 'blocked_since', type: 'timestamptz', nullable: true })
  blockedSince: Date | null;

  @Column({ name: 'return_reason', type: 'varchar', length: 2000, nullable: true })
  returnReason: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @ManyToOne(() => TaskEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'tasks_parent_fk' })
  parent?: TaskEntity;

  @ManyToOne(() => SignatureRecordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'tasks_signature_fk' })
  signature?: SignatureRecordEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_unit_id', foreignKeyConstraintName: 'tasks_lead_unit_fk' })
  leadUnit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_user_id', foreignKeyConstraintName: 'tasks_lead_user_fk' })
  leadUser?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assigner_id', foreignKeyConstraintName: 'tasks_assigner_fk' })
  assigner?: UserEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assigner_unit_id', foreignKeyConstraintName: 'tasks_assigner_unit_fk' })
  assignerUnit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'assigner_on_behalf_of_id',
    foreignKeyConstraintName: 'tasks_assigner_on_behalf_of_fk',
  })
  assignerOnBehalfOf?: UserEntity;
}

export const PARTY_ROLES = ['coordinate', 'informed'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** A coordinator (phối hợp) or informed party (để biết): a unit, or a person in a unit. */
@Entity({ name: 'task_parties' })
@Index('task_parties_task_idx', ['taskId'])
@Index('task_parties_user_idx', ['userId'], { where: 'user_id IS NOT NULL' })
@Index('task_parties_unit_idx', ['unitId'])
@Check('task_parties_role_check', "role IN ('coordinate', 'informed')")
export class TaskPartyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ type: 'varchar', length: 20 })
  role: PartyRole;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_parties_task_fk' })
  task?: TaskEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'task_parties_unit_fk' })
  unit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'task_parties_user_fk' })
  user?: UserEntity;
}

export const REPORT_KINDS = ['progress', 'final', 'contribution'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A progress report (báo cáo tiến độ), the final report, or a coordinator's contribution. */
@Entity({ name: 'task_reports' })
@Index('task_reports_task_idx', ['taskId', 'createdAt'])
@Check('task_reports_kind_check', "kind IN ('progress', 'final', 'contribution')")
export class TaskReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ReportKind;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'smallint', nullable: true })
  percent: number | null;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_reports_task_fk' })
  task?: TaskEntity;
}

/** An extension request (xin gia hạn) and the assigner's decision. */
@Entity({ name: 'task_extensions' })
@Index('task_extensions_pending_key', ['taskId'], { unique: true, where: "state = 'pending'" })
@Check('task_extensions_state_check', "state IN ('pending', 'approved', 'refused', 'withdrawn')")
export class TaskExtensionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @Column({ name: 'current_deadline', type: 'timestamptz' })
  currentDeadline: Date;

  @Column({ name: 'requested_deadline', type: 'timestamptz' })
  requestedDeadline: Date;

  @Column({ type: 'varchar', length: 2000 })
  reason: string;

  /** `withdrawn`: it lapsed when the task was submitted, ended or got a new deadline. */
  @Column({ type: 'varchar', length: 10 })
  state: 'pending' | 'approved' | 'refused' | 'withdrawn';

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_note', type: 'varchar', length: 2000, nullable: true })
  decisionNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_extensions_task_fk' })
  task?: TaskEntity;
}

/**
 * An urging (đôn đốc) of a task: the assigner, or a leader following it, pressed the lead with
 * a note. The task's own row counts them (urged_count) for lists; these rows are its history.
 */
@Entity({ name: 'task_urgings' })
@Index('task_urgings_task_idx', ['taskId', 'createdAt'])
export class TaskUrgingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'task_urgings_pkey' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ name: 'urged_by', type: 'uuid' })
  urgedBy: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_urgings_task_fk' })
  task?: TaskEntity;
}

/** A reminder sent before a deadline; its key makes two workers send it once. */
@Entity({ name: 'task_deadline_notices' })
export class TaskDeadlineNoticeEntity {
  @PrimaryColumn({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @PrimaryColumn({ type: 'timestamptz' })
  deadline: Date;

  @PrimaryColumn({ name: 'hours_before', type: 'integer' })
  hoursBefore: number;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt: Date;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_deadline_notices_task_fk' })
  task?: TaskEntity;
}
