import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const ESCALATION_STOPS = ['handled', 'top'] as const;
/** Why an escalation climbs no more: its item was handled, or the top of the tree was told. */
export type EscalationStop = (typeof ESCALATION_STOPS)[number];

/**
 * One late item climbing the org tree (báo cáo vượt cấp): a directive a unit has not
 * acknowledged, an overdue task. `unitId` is the unit whose lateness it is; `startUnitId` the
 * first unit whose head is told (the unit itself, or the one above when the late one is the
 * unit's head). It climbs one unit per step, every ESCALATION_STEP_HOURS, until the item is
 * handled or the top has been told. The item's library (its EscalationSource) says what is
 * still late and words the notices; this library decides who is told.
 */
@Entity({ name: 'escalations' })
@Index('escalations_key', ['subjectType', 'subjectId', 'unitId', 'startUnitId'], { unique: true })
@Index('escalations_due_idx', ['nextAt'], { where: 'stopped_at IS NULL' })
@Check('escalations_stop_reason_check', "stop_reason IN ('handled', 'top')")
export class EscalationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `directive`, `task`: the library that answers for the item. */
  @Column({ name: 'subject_type', type: 'varchar', length: 30 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'start_unit_id', type: 'uuid' })
  startUnitId: string;

  /** The steps made so far. */
  @Column({ type: 'smallint', default: 0 })
  level: number;

  /** Where the next step starts looking for a head: the unit above the last one told. */
  @Column({ name: 'next_unit_id', type: 'uuid', nullable: true })
  nextUnitId: string | null;

  @Column({ name: 'next_at', type: 'timestamptz', nullable: true })
  nextAt: Date | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  @Column({ name: 'stop_reason', type: 'varchar', length: 10, nullable: true })
  stopReason: EscalationStop | null;
}

/**
 * One step of an escalation: who was told, in which unit and as what (its leader, or a deputy
 * when no leader is in post), and the units passed over because nobody could be told there.
 */
@Entity({ name: 'escalation_steps' })
@Index('escalation_steps_escalation_idx', ['escalationId', 'level'], { unique: true })
export class EscalationStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'escalation_id', type: 'uuid' })
  escalationId: string;

  /** 1 for the first step. */
  @Column({ type: 'smallint' })
  level: number;

  /** The unit whose head (or deputy) was told; null when nobody anywhere above could be. */
  @Column({ name: 'told_unit_id', type: 'uuid', nullable: true })
  toldUnitId: string | null;

  /** `leader` or `deputy_leader`. */
  @Column({ name: 'told_role', type: 'varchar', length: 20, nullable: true })
  toldRole: string | null;

  @Column({ name: 'told_user_ids', type: 'uuid', array: true })
  toldUserIds: string[];

  /** Units on the way with no one in post to tell (vacant, or only the late people themselves). */
  @Column({ name: 'passed_unit_ids', type: 'uuid', array: true })
  passedUnitIds: string[];

  @Column({ type: 'timestamptz' })
  at: Date;

  @ManyToOne(() => EscalationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'escalation_id', foreignKeyConstraintName: 'escalation_steps_escalation_fk' })
  escalation?: EscalationEntity;
}
