import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@lt/config';
import { DataSource } from 'typeorm';

/** Live-only events are views of state; an hour is plenty for any relay to have sent them. */
const LIVE_KEEP_MS = 3_600_000;

/**
 * Keeps the feed table bounded: durable events older than FEED_RETENTION_DAYS and published
 * live-only events older than an hour are deleted. The highest pruned durable `seq` becomes
 * the floor; a client whose cursor is below it is told to reload (`feed/cursor_expired`)
 * rather than silently missing events. Runs in the worker.
 */
@Injectable()
export class FeedPruner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async prune(now: Date): Promise<{ durable: number; live: number }> {
    // Not through the command runner: libs/commands sits above libs/realtime (its outbox is
    // here), and pruning is housekeeping with nothing to audit or announce.
    // eslint-disable-next-line no-restricted-syntax -- housekeeping below the runner
    return this.dataSource.transaction(async (em) => {
      const durableBefore = new Date(now.getTime() - this.config.FEED_RETENTION_DAYS * 86_400_000);
      const [durable]: { count: string; max: string | null }[] = await em.query(
        `WITH gone AS (DELETE FROM realtime_events WHERE durable AND published_at IS NOT NULL AND created_at < $1 RETURNING seq)
         SELECT count(*)::text AS count, max(seq)::text AS max FROM gone`,
        [durableBefore],
      );
      if (durable.max)
        await em.query('UPDATE realtime_feed_floor SET floor = GREATEST(floor, $1)', [durable.max]);
      const [live]: { count: string }[] = await em.query(
        `WITH gone AS (DELETE FROM realtime_events WHERE NOT durable AND published_at IS NOT NULL AND published_at < $1 RETURNING 1)
         SELECT count(*)::text AS count FROM gone`,
        [new Date(now.getTime() - LIVE_KEEP_MS)],
      );
      return { durable: Number(durable.count), live: Number(live.count) };
    });
  }
}
