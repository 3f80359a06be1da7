import { isDatabaseUnavailable } from '@lt/common';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@lt/config';
import type { Server } from 'socket.io';
import { DataSource, QueryRunner } from 'typeorm';
import { rooms } from './contract';
import { toEnvelope } from './feed.service';
import { RealtimeOutbox } from './realtime-outbox';

/** Session advisory lock key held while one relay sequences and publishes ("LTRL"). */
export const RELAY_LOCK_KEY = 0x4c54524c;
const BATCH = 1000;

/**
 * The relay's two searches, run on every cycle. Each has a partial index
 * (`realtime_events_unpublished_idx`, `realtime_events_unsequenced_idx`) so its cost does not
 * grow with the feed the table keeps; a test checks the plans.
 */
export const RELAY_QUERIES = {
  /** Rows a crashed relay sequenced but never marked published. */
  orphans: `SELECT id::text AS id, seq::text AS seq, name, payload, audience, rooms, durable, created_at AS at
      FROM realtime_events e WHERE e.seq IS NOT NULL AND e.published_at IS NULL ORDER BY e.seq LIMIT ${BATCH}`,
  // Qualified columns: the text aliases would order 1, 10, 11, 2 …
  claim: `SELECT e.id::text AS id FROM realtime_events e WHERE e.seq IS NULL ORDER BY e.id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
};

interface ClaimedRow {
  id: string;
  seq: string;
  name: string;
  payload: Record<string, unknown>;
  audience: string[];
  rooms: string[];
  durable: boolean;
  at: Date;
}

/** A durable event as the relay published it, for listeners that act after publication. */
export interface PublishedEvent {
  name: string;
  payload: Record<string, unknown>;
  audience: string[];
}

/** Told after each batch left the process; it must not block (the relay does not wait). */
export type PublishedListener = (events: PublishedEvent[], server: Server) => void;

export interface RelayTarget {
  server: Server;
  /** Resolves once everything emitted so far has left this process (e.g. Redis answered). */
  flush: () => Promise<void>;
}

/**
 * Publishes outbox events. One relay at a time, in any API instance, holds a session-level
 * advisory lock while it (1) claims unsequenced rows (FOR UPDATE SKIP LOCKED), (2) gives
 * them the next `seq` values and commits, (3) emits them and waits until they left the
 * process, (4) marks them published. Holding the lock across all four makes `seq` order the
 * order of commit and of emission, on every instance: a client never sees a smaller `seq`
 * after a larger one. A relay that dies between (2) and (4) leaves sequenced, unpublished
 * rows; the next one emits those first. No LISTEN/NOTIFY: the writer's own process is
 * kicked after commit, other writers are found by polling.
 */
@Injectable()
export class RealtimeRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeRelay.name);
  private target: RelayTarget | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  /** Cycles failed in a row; while the database is away the relay waits longer each time. */
  private failures = 0;
  private pausedUntil = 0;
  private readonly listeners = new Set<PublishedListener>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: RealtimeOutbox,
    private readonly config: AppConfig,
  ) {}

  /** Starts publishing to `target`; called by the gateway once its server exists. */
  start(target: RelayTarget): void {
    this.target = target;
    this.stopped = false;
    this.unsubscribe = this.outbox.onKick(() => this.trigger());
    const poll = () => {
      this.timer = setTimeout(() => {
        this.trigger();
        poll();
      }, this.config.REALTIME_POLL_MS);
      this.timer.unref();
    };
    poll();
    this.trigger();
  }

  /** Adds a listener told of every published batch of durable events (Web Push, say). */
  onPublished(listener: PublishedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a cycle now, or right after the running one. */
  trigger(): void {
    if (this.stopped || !this.target || Date.now() < this.pausedUntil) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.cycle()
      .then(
        () => this.succeeded(),
        (error: unknown) => this.failed(error),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }

  private succeeded(): void {
    if (this.failures > 0)
      this.logger.log(`realtime relay: running again after ${this.failures} failed cycle(s)`);
    this.failures = 0;
    this.pausedUntil = 0;
  }

  /**
   * Backs off (the poll interval doubling up to 10 s) instead of failing every poll; a
   * database outage is one line when it starts and one every 20 attempts, not a stack each time.
   */
  private failed(error: unknown): void {
    this.failures++;
    this.pausedUntil = Date.now() + Math.min(10_000, this.config.REALTIME_POLL_MS * 2 ** this.failures);
    if (!isDatabaseUnavailable(error)) this.logger.error({ err: error }, 'realtime relay cycle failed');
    else if (this.failures === 1 || this.failures % 20 === 0)
      this.logger.warn(
        `realtime relay: database unavailable (${String((error as Error)?.message ?? error)}); retrying with backoff`,
      );
  }

  /** Waits for the running cycle (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  private async cycle(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.manager.query(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [RELAY_LOCK_KEY],
      );
      // Another instance is publishing; its emissions reach our sockets through the adapter.
      if (!locked) return;
      try {
        await this.publish(runner, await this.orphans(runner));
        for (;;) {
          const claimed = await this.claim(runner);
          await this.publish(runner, claimed);
          if (claimed.length < BATCH || this.stopped) break;
        }
      } finally {
        await runner.manager.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Rows a crashed relay sequenced but never marked published. */
  private orphans(runner: QueryRunner): Promise<ClaimedRow[]> {
    return runner.query(RELAY_QUERIES.orphans);
  }

  private async claim(runner: QueryRunner): Promise<ClaimedRow[]> {
    await runner.startTransaction();
    try {
      const ids: { id: string }[] = await runner.manager.query(RELAY_QUERIES.claim);
      if (ids.length === 0) {
        await runner.commitTransaction();
        return [];
      }
      // Under the lock nobody else draws from the sequence, so these values are ours, in order.
      const seqs: { seq: string }[] = await runner.manager.query(
        `SELECT nextval('realtime_event_seq')::text AS seq FROM generate_series(1, $1)`,
        [ids.length],
      );
      const ordered = seqs.map((s) => BigInt(s.seq)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      // TypeORM answers an UPDATE with [rows, affected].
      const [rows]: [ClaimedRow[], number] = await runner.manager.query(
        `UPDATE realtime_events e SET seq = v.seq
           FROM unnest($1::bigint[], $2::bigint[]) AS v(id, seq)
          WHERE e.id = v.id
        RETURNING e.id::text AS id, e.seq::text AS seq, e.name, e.payload, e.audience, e.rooms, e.durable, e.created_at AS at`,
        [ids.map((r) => r.id), ordered.map(String)],
      );
      await runner.commitTransaction();
      return rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)));
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }

  private async publish(runner: QueryRunner, rows: ClaimedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { server, flush } = this.target!;
    for (const row of rows) {
      const targets = [...row.audience.map(rooms.user), ...row.rooms];
      if (targets.length === 0) continue;
      if (row.durable) {
        server.to(targets).emit('feed.event', toEnvelope(row));
      } else {
        server.to(targets).emit(row.name, row.payload);
      }
    }
    await flush();
    await runner.manager.query(
      'UPDATE realtime_events SET published_at = now() WHERE id = ANY($1::bigint[])',
      [rows.map((r) => r.id)],
    );
    if (this.listeners.size === 0) return;
    const durable = rows
      .filter((r) => r.durable && r.audience.length > 0)
      .map(({ name, payload, audience }) => ({ name, payload, audience }));
    if (durable.length > 0) for (const listener of this.listeners) listener(durable, server);
  }
}
