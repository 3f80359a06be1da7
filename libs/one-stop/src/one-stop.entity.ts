import { OrgUnitEntity } from '@lt/org';
import { UserEntity } from '@lt/people';
import type { Role } from '@lt/people/roles';
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
import type { CitizenFileState } from './one-stop-events';

/**
 * A public holiday (ngày nghỉ lễ, Tết) entered for its year: the working-day count of every
 * appointment skips it. Deployment-wide, entered by the root unit's admin each year as the
 * Government announces the days (Tết moves with the lunar calendar).
 */
@Entity({ name: 'public_holidays' })
export class PublicHolidayEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ name: 'entered_by', type: 'uuid', nullable: true })
  enteredBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'entered_by', foreignKeyConstraintName: 'public_holidays_entered_by_fk' })
  enterer?: UserEntity;
}

/** A paper the citizen brings (thành phần hồ sơ). */
export interface ProcedurePaper {
  name: string;
  /** Bản chính (the original) rather than a copy. */
  original: boolean;
  copies: number;
}

/** A step of the processing (quy trình nội bộ): which unit and role handle it, and in how many working days. */
export interface ProcedureStep {
  name: string;
  unitId: string;
  role: Role;
  days: number;
}

/**
 * An administrative procedure (thủ tục hành chính) a unit receives at its one-stop counter:
 * its code in the national catalogue, the papers, the legal processing time in working days
 * and the steps that make it up (their days add up to at most the legal time).
 */
@Entity({ name: 'procedures' })
@Index('procedures_unit_code_key', ['unitId', 'code'], { unique: true })
@Check('procedures_days_check', 'processing_days BETWEEN 0 AND 365')
export class ProcedureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'procedures_unit_fk' })
  unit?: OrgUnitEntity;

  /** The national catalogue's code (mã thủ tục), e.g. `1.001612`. */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 500 })
  name: string;

  /** Lĩnh vực: the field it belongs to (Hộ tịch, Đất đai …). */
  @Column({ type: 'varchar', length: 120, default: '' })
  field: string;

  @Column({ type: 'jsonb' })
  papers: ProcedurePaper[];

  /** The legal processing time (thời hạn giải quyết), in working days. */
  @Column({ name: 'processing_days', type: 'smallint' })
  processingDays: number;

  @Column({ type: 'jsonb' })
  steps: ProcedureStep[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @VersionColumn({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A paper as received at the counter. */
export interface ReceivedPaper {
  name: string;
  original: boolean;
  copies: number;
}

/** A step as planned at receipt (and re-planned when the clock restarts): its deadline from the working-day count. */
export interface PlannedStep extends ProcedureStep {
  dueDay: string;
  /** Done: by whom, when, and whether after its due day's 17:00. */
  doneBy?: string;
  doneAt?: string;
  late?: boolean;
}

/**
 * A citizen's file (hồ sơ) received at a one-stop counter: its code, the procedure, the papers
 * received, the appointment (ngày hẹn trả) and the steps as planned. The applicant's personal
 * data is read only by those handling the file, and masked after the retention period.
 */
@Entity({ name: 'citizen_files' })
@Index('citizen_files_code_key', ['code'], { unique: true })
@Index('citizen_files_unit_idx', ['unitId', 'receivedAt'])
@Check(
  'citizen_files_state_check',
  "state IN ('received', 'processing', 'awaiting_papers', 'done', 'returned')",
)
@Check('citizen_files_paused_check', "(state = 'awaiting_papers') = (paused_at IS NOT NULL)")
@Check(
  'citizen_files_contact_check',
  'masked_at IS NOT NULL OR applicant_phone IS NOT NULL OR applicant_email IS NOT NULL',
)
export class CitizenFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Mã hồ sơ: the unit's OrganId, the day of receipt and its number that day (000.00.13.H17-261207-0001). */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'citizen_files_unit_fk' })
  unit?: OrgUnitEntity;

  @Column({ name: 'procedure_id', type: 'uuid' })
  procedureId: string;

  @ManyToOne(() => ProcedureEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'procedure_id', foreignKeyConstraintName: 'citizen_files_procedure_fk' })
  procedure?: ProcedureEntity;

  @Column({ name: 'applicant_name', type: 'varchar', length: 200 })
  applicantName: string;

  @Column({ name: 'applicant_phone', type: 'varchar', length: 20, nullable: true })
  applicantPhone: string | null;

  @Column({ name: 'applicant_email', type: 'varchar', length: 254, nullable: true })
  applicantEmail: string | null;

  /** Số định danh cá nhân (CCCD, 12 digits). */
  @Column({ name: 'applicant_id_number', type: 'varchar', length: 12, nullable: true })
  applicantIdNumber: string | null;

  @Column({ type: 'jsonb' })
  papers: ReceivedPaper[];

  @Column({ type: 'jsonb' })
  steps: PlannedStep[];

  @Column({ type: 'varchar', length: 16 })
  state: CitizenFileState;

  /** The step being handled (its index); the number of steps once the result is ready. */
  @Column({ name: 'current_step', type: 'smallint', default: 0 })
  currentStep: number;

  /** Returned to the citizen for more papers: since when, why (the citizen reads it), and the
   * current step's working days left when the clock stopped. */
  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ name: 'pause_reason', type: 'text', nullable: true })
  pauseReason: string | null;

  @Column({ name: 'days_left', type: 'smallint', nullable: true })
  daysLeft: number | null;

  /** How many times it went back to the citizen for papers: the figures count files returned so. */
  @Column({ name: 'papers_requests', type: 'smallint', default: 0 })
  papersRequests: number;

  @Column({ name: 'received_by', type: 'uuid' })
  receivedBy: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'received_by', foreignKeyConstraintName: 'citizen_files_received_by_fk' })
  receiver?: UserEntity;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** Ngày hẹn trả kết quả: 17:00 on the last working day of the legal time. */
  @Column({ name: 'appointment_at', type: 'timestamptz' })
  appointmentAt: Date;

  /**
   * Mã tra cứu: the six digits printed on the receipt beside the code, the second factor of a
   * citizen's lookup (kept to print the receipt again; those who read it handle the file anyway).
   */
  @Column({ name: 'lookup_pin', type: 'char', length: 6 })
  lookupPin: string;

  /**
   * Lateness (trễ hẹn), counted by the one lateness mechanism (@lt/lateness): how many times the
   * file missed its appointment, which appointment was last counted, and since when it waits
   * for the step's explanation and apology letter to the citizen before it can move on.
   */
  @Column({ name: 'lateness_count', type: 'smallint', default: 0 })
  latenessCount: number;

  @Column({ name: 'late_for_appointment', type: 'timestamptz', nullable: true })
  lateForAppointment: Date | null;

  @Column({ name: 'blocked_since', type: 'timestamptz', nullable: true })
  blockedSince: Date | null;

  /** When the applicant's personal data was masked at the end of the retention period. */
  @Column({ name: 'masked_at', type: 'timestamptz', nullable: true })
  maskedAt: Date | null;

  @VersionColumn({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** How many files a unit received on a Việt Nam day: the last number of that day's codes. */
@Entity({ name: 'citizen_file_counters' })
export class CitizenFileCounterEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'integer' })
  last: number;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'citizen_file_counters_unit_fk' })
  unit?: OrgUnitEntity;
}

/** The questions of the satisfaction survey, each scored 1 (very dissatisfied) to 5 (very satisfied). */
export const SATISFACTION_QUESTIONS = ['timeliness', 'attitude', 'guidance', 'overall'] as const;
export type SatisfactionQuestion = (typeof SATISFACTION_QUESTIONS)[number];

/**
 * A citizen's rating of the service once the result was handed back (khảo sát mức độ hài lòng):
 * one per file, by whoever holds its code and PIN; the unit is the receiving counter's.
 */
@Entity({ name: 'citizen_file_ratings' })
@Index('citizen_file_ratings_unit_idx', ['unitId', 'ratedAt'])
export class CitizenFileRatingEntity {
  @PrimaryColumn({ name: 'file_id', type: 'uuid' })
  fileId: string;

  @ManyToOne(() => CitizenFileEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'citizen_file_ratings_file_fk' })
  file?: CitizenFileEntity;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  /** Each question's score, 1..5. */
  @Column({ type: 'jsonb' })
  scores: Record<SatisfactionQuestion, number>;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'rated_at', type: 'timestamptz' })
  ratedAt: Date;
}

export const FEEDBACK_KINDS = ['suggestion', 'complaint'] as const;
/** suggestion: góp ý; complaint: phản ánh (about a unit's or an official's handling). */
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/**
 * A message in a unit's feedback mailbox (hòm thư góp ý, phản ánh), sent by a citizen without
 * an account, answered once by the unit's leader; the sender reads the answer by the code and
 * PIN given on sending. The contact details are optional and shown only to the unit's leaders.
 */
@Entity({ name: 'feedback_messages' })
@Index('feedback_messages_code_key', ['code'], { unique: true })
@Index('feedback_messages_unit_idx', ['unitId', 'receivedAt'])
@Check('feedback_messages_kind_check', "kind IN ('suggestion', 'complaint')")
export class FeedbackMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Mã phản ánh: GY-yyMMdd- and six random digits. */
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'char', length: 6 })
  pin: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'feedback_messages_unit_fk' })
  unit?: OrgUnitEntity;

  @Column({ type: 'varchar', length: 12 })
  kind: FeedbackKind;

  /** Whom or what it is about (an official, a counter, a file code), as the sender wrote it. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  about: string | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'contact_name', type: 'varchar', length: 120, nullable: true })
  contactName: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 20, nullable: true })
  contactPhone: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** When the answer is due: FEEDBACK_ANSWER_DAYS working days after receipt, at 17:00. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'answered_by', foreignKeyConstraintName: 'feedback_messages_answered_by_fk' })
  answerer?: UserEntity;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @VersionColumn({ type: 'integer' })
  version: number;
}
