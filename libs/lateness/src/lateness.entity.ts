import { UserEntity } from '@lt/people';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import { DisciplineDecision, LATE_SUBJECT_TYPES, LateSubjectType } from './lateness-subjects';

/**
 * One lateness of something answerable with a deadline (a task, a citizen's file): the
 * deadline it missed and, once filed, the explanation (giải trình) and the apology letter
 * (thư xin lỗi) — addressed to the assigner for a task, to the citizen for a file, with the
 * new appointment the letter promises. The subject is named by type and id, as in the audit
 * log: the libraries that own tasks and files sit above this one.
 */
@Entity({ name: 'latenesses' })
@Index('latenesses_number_key', ['subjectType', 'subjectId', 'number'], { unique: true })
@Check(
  'latenesses_subject_type_check',
  `subject_type IN (${LATE_SUBJECT_TYPES.map((t) => `'${t}'`).join(', ')})`,
)
export class LatenessEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType: LateSubjectType;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  /** 1 for the first lateness of the subject, 2 for the second … */
  @Column({ type: 'smallint' })
  number: number;

  @Column({ name: 'missed_deadline', type: 'timestamptz' })
  missedDeadline: Date;

  @Column({ name: 'overdue_at', type: 'timestamptz' })
  overdueAt: Date;

  /** The person the letter is addressed to (a task's assigner); null for the citizen. */
  @Column({ name: 'addressed_to', type: 'uuid', nullable: true })
  addressedTo: string | null;

  /** The unit that was late: the task's lead unit, the unit of the file's step. */
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  @Column({ type: 'text', nullable: true })
  apology: string | null;

  /** The new date promised in the apology letter (a file's new appointment); null for a task. */
  @Column({ name: 'new_due_at', type: 'timestamptz', nullable: true })
  newDueAt: Date | null;

  @Column({ name: 'filed_by', type: 'uuid', nullable: true })
  filedBy: string | null;

  @Column({ name: 'filed_at', type: 'timestamptz', nullable: true })
  filedAt: Date | null;
}

/**
 * A discipline case (a second lateness of one subject: "không chấp nhận trễ hẹn 2 lần"),
 * opened for the head of the late unit — or of the unit above, when that head is the one
 * who was late — to review. The head's decision is recorded once (libs/ranking, discipline
 * review).
 */
@Entity({ name: 'discipline_cases' })
@Index('discipline_cases_lateness_key', ['latenessId'], { unique: true })
@Index('discipline_cases_reviewer_idx', ['reviewerUnitId', 'openedAt'])
@Check(
  'discipline_cases_decision_check',
  "decision IS NULL OR decision IN ('accept_explanation', 'remind', 'criticise', 'propose_discipline')",
)
@Check(
  'discipline_cases_decided_check',
  '(decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL)',
)
export class DisciplineCaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType: LateSubjectType;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'lateness_id', type: 'uuid' })
  latenessId: string;

  /** The unit whose lateness it is. */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  /** The person who was late, when one was (a task's lead person, a step's handler). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** The unit whose head reviews the case. */
  @Column({ name: 'reviewer_unit_id', type: 'uuid' })
  reviewerUnitId: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  /** The head's decision; null while the case is open. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  decision: DisciplineDecision | null;

  @Column({ name: 'decision_note', type: 'varchar', length: 2000, nullable: true })
  decisionNote: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Decided thừa ủy quyền (or as acting head): the head whose post the decider used. */
  @Column({ name: 'decided_on_behalf_of_id', type: 'uuid', nullable: true })
  decidedOnBehalfOfId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'decided_on_behalf_of_id',
    foreignKeyConstraintName: 'discipline_cases_decided_on_behalf_of_fk',
  })
  decidedOnBehalfOf?: UserEntity;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'discipline_cases_decided_by_fk' })
  decider?: UserEntity;

  @ManyToOne(() => LatenessEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lateness_id', foreignKeyConstraintName: 'discipline_cases_lateness_fk' })
  lateness?: LatenessEntity;
}
