import { BriefingEntity } from '@lt/briefings';
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
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import type { WorkScheduleState } from './schedule-events';

/**
 * A unit's leaders' work schedule for one ISO week (lịch công tác tuần), Vietnam time: the
 * office drafts it, the unit's head publishes it, and changes after publishing are marked and
 * announced. One per unit and week.
 */
@Entity({ name: 'work_schedules' })
@Index('work_schedules_unit_week_key', ['unitId', 'isoYear', 'isoWeek'], { unique: true })
@Check('work_schedules_state_check', "state IN ('draft', 'published')")
@Check('work_schedules_week_check', 'iso_week BETWEEN 1 AND 53')
@Check('work_schedules_published_check', "(state = 'published') = (published_at IS NOT NULL)")
export class WorkScheduleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'iso_year', type: 'integer' })
  isoYear: number;

  @Column({ name: 'iso_week', type: 'smallint' })
  isoWeek: number;

  @Column({ type: 'varchar', length: 12 })
  state: WorkScheduleState;

  @Column({ name: 'drafted_by', type: 'uuid' })
  draftedBy: string;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** How many times the published schedule was changed (0: as published). */
  @Column({ type: 'integer', default: 0 })
  revision: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'work_schedules_unit_fk' })
  unit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'drafted_by', foreignKeyConstraintName: 'work_schedules_drafted_by_fk' })
  drafter?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'published_by', foreignKeyConstraintName: 'work_schedules_published_by_fk' })
  publisher?: UserEntity;
}

/**
 * One engagement of the schedule: when, where, what, which of the unit's leaders attend
 * (chủ trì / dự), who else takes part (thành phần) and who prepares (chuẩn bị). After
 * publishing, an entry changed is marked `changed_at`, one removed `cancelled_at` (kept, so
 * that those who planned around it see it struck through).
 */
@Entity({ name: 'work_schedule_entries' })
@Index('work_schedule_entries_schedule_idx', ['scheduleId', 'startsAt'])
@Index('work_schedule_entries_leaders_idx', { synchronize: false })
@Check('work_schedule_entries_time_check', 'ends_at IS NULL OR ends_at > starts_at')
export class WorkScheduleEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'schedule_id', type: 'uuid' })
  scheduleId: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ type: 'varchar', length: 300 })
  place: string;

  @Column({ type: 'text' })
  content: string;

  /** The unit's leaders who attend: their calendars (iCalendar) carry the entry. */
  @Column({ name: 'leader_ids', type: 'uuid', array: true })
  leaderIds: string[];

  @Column({ type: 'text', default: '' })
  participants: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  preparer: string;

  /** The weekly briefing this meeting is (giao ban), when it is one. */
  @Column({ name: 'briefing_id', type: 'uuid', nullable: true })
  briefingId: string | null;

  @Column({ name: 'changed_at', type: 'timestamptz', nullable: true })
  changedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @ManyToOne(() => BriefingEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'briefing_id', foreignKeyConstraintName: 'work_schedule_entries_briefing_fk' })
  briefing?: BriefingEntity;

  @ManyToOne(() => WorkScheduleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'work_schedule_entries_schedule_fk' })
  schedule?: WorkScheduleEntity;
}
