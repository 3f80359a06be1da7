import { OrgUnitEntity } from '@lt/org';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The counts behind the task summary table (bảng tổng hợp theo dõi nhiệm vụ), rolled up: one
 * row per unit and month of issue (Vietnam time) counting the tasks led anywhere in the unit's
 * subtree, the unit itself included. A unit's row is its figure; a table of a unit reads one
 * row per child (and the unit), whatever the number of units or tasks below.
 *
 * Nothing in the app writes it. The triggers of migration 1795730000000-TaskSummaryStats append
 * changes to `task_summary_deltas` (inserts only: writers never wait on a counter row), and
 * the worker folds them in here (TaskSummaryFolding). The figure of a unit is this row plus
 * its pending deltas; it equals a recount from `tasks` at every commit (docs/reporting.md).
 *
 * Only what does not change with the clock is counted. Whether an open task is overdue does:
 * the read corrects `open_marked` (open tasks whose lateness the worker recorded) to the
 * moment of the query. Counters only — no timestamps.
 */
@Entity({ name: 'task_summary_stats' })
export class TaskSummaryStatEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  /** The first day of the month the tasks were issued in (Asia/Ho_Chi_Minh). */
  @PrimaryColumn({ type: 'date' })
  month: string;

  /** Not cancelled, not returned. */
  @Column({ type: 'integer', default: 0 })
  assigned: number;

  /** Submitted or completed, submitted by the deadline in force. */
  @Column({ name: 'done_on_time', type: 'integer', default: 0 })
  doneOnTime: number;

  /** Submitted or completed after the deadline in force. */
  @Column({ name: 'done_late', type: 'integer', default: 0 })
  doneLate: number;

  /** Assigned, accepted or in progress. */
  @Column({ type: 'integer', default: 0 })
  open: number;

  /** Open, with the lateness of the deadline in force recorded (`late_for_deadline = deadline`). */
  @Column({ name: 'open_marked', type: 'integer', default: 0 })
  openMarked: number;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'task_summary_stats_unit_fk' })
  unit?: OrgUnitEntity;
}

/**
 * A change to the rolled-up counts not folded into `task_summary_stats` yet: appended by the
 * triggers for every ancestor of a unit whose counts changed (and by moves in the org tree).
 * No foreign key: a check would lock the ancestors' unit rows (the city's) on every change;
 * folding drops the deltas of a unit that no longer exists.
 */
@Entity({ name: 'task_summary_deltas' })
@Index('task_summary_deltas_unit_idx', ['unitId', 'month'])
export class TaskSummaryDeltaEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ type: 'date' })
  month: string;

  @Column({ type: 'integer' })
  assigned: number;

  @Column({ name: 'done_on_time', type: 'integer' })
  doneOnTime: number;

  @Column({ name: 'done_late', type: 'integer' })
  doneLate: number;

  @Column({ type: 'integer' })
  open: number;

  @Column({ name: 'open_marked', type: 'integer' })
  openMarked: number;
}
