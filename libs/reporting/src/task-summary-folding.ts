import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How many deltas one statement folds. */
export const FOLD_BATCH = 10_000;

/** How often the worker folds. */
export const FOLD_EVERY_MS = 5_000;

/**
 * Folds up to $1 pending deltas into the rolled-up counts, in one statement: the deltas it
 * takes (SKIP LOCKED: two workers take different ones) are deleted and added to their rows,
 * taken in key order. A reader sees the deltas or their sum, never both nor neither.
 * Deltas of a unit that no longer exists are dropped. Returns one row per counter row changed.
 */
export const FOLD_DELTAS_SQL =
  `
  WITH taken AS (
    DELETE FROM task_summary_deltas
     WHERE id IN (SELECT id FROM task_summary_deltas ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
    RETURNING unit_id, month, assigned, done_on_time, done_late, open, open_marked)
  INSERT INTO task_summary_stats AS s (unit_id, month, assigned, done_on_time, done_late, open, open_marked)
  SELECT t.unit_id, t.month, sum(t.assigned), sum(t.done_on_time), sum(t.done_late), sum(t.open), sum(t.open_marked)` +
  // foreign-table: org_units only to drop the deltas of deleted units (the counters' foreign
  // key), inside the one statement that takes and folds them; asking OrgTreeService instead
  // would split the fold into a transaction of three statements moving up to FOLD_BATCH rows
  // through the worker on every pass (the dashboard benchmark's writer folds with this SQL too).
  `
    FROM taken t JOIN org_units u ON u.id = t.unit_id
   GROUP BY t.unit_id, t.month
   ORDER BY t.unit_id, t.month
  ON CONFLICT (unit_id, month) DO UPDATE SET
    assigned = s.assigned + EXCLUDED.assigned,
    done_on_time = s.done_on_time + EXCLUDED.done_on_time,
    done_late = s.done_late + EXCLUDED.done_late,
    open = s.open + EXCLUDED.open,
    open_marked = s.open_marked + EXCLUDED.open_marked
  RETURNING 1`;

/**
 * Keeps the pending deltas of the task summary few: they are exact either way, but every
 * read adds up those of the units it shows. Run by the worker; safe with several workers.
 */
@Injectable()
export class TaskSummaryFolding {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Folds every pending delta, FOLD_BATCH at a time; returns how many counter rows changed. */
  async foldAll(): Promise<number> {
    let changed = 0;
    for (;;) {
      const rows: unknown[] = await this.dataSource.query(FOLD_DELTAS_SQL, [FOLD_BATCH]);
      changed += rows.length;
      if (rows.length === 0) return changed;
    }
  }
}

/** The worker's timer for {@link TaskSummaryFolding}: every FOLD_EVERY_MS, one pass at a time. */
@Injectable()
export class TaskSummaryFoldingSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TaskSummaryFolding');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(private readonly folding: TaskSummaryFolding) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), FOLD_EVERY_MS);
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.folding
      .foldAll()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'folding the task summary failed'))
      .finally(() => (this.running = null));
  }
}
