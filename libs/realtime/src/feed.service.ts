import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppError } from '@lt/common';
import { DataSource } from 'typeorm';
import { FeedEnvelope, FeedPage, REALTIME_LIMITS } from './contract';

interface FeedRow {
  seq: string;
  name: string;
  payload: unknown;
  at: Date;
}

/**
 * A person's feed: the durable events addressed to them, in `seq` order. The same query
 * answers socket `feed.sync` and REST `GET /feed`, so both kinds of client see one truth.
 */
@Injectable()
export class FeedService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(
    userId: string,
    after: number,
    limit: number = REALTIME_LIMITS.feedPageDefault,
  ): Promise<FeedPage> {
    if (!Number.isSafeInteger(after) || after < 0) throw new AppError('feed/cursor_invalid');
    const size = Math.min(Math.max(1, Math.trunc(limit)), REALTIME_LIMITS.feedPageMax);
    const [state]: { head: string; floor: string }[] = await this.dataSource.query(
      `SELECT (SELECT COALESCE(max(seq), 0) FROM realtime_events)::text AS head,
              (SELECT floor FROM realtime_feed_floor)::text AS floor`,
    );
    // Events at or below the floor were pruned: a cursor behind it cannot be caught up.
    if (after > 0 && after < Number(state.floor))
      throw new AppError('feed/cursor_expired', { floor: Number(state.floor) });
    const rows: FeedRow[] = await this.dataSource.query(
      // ORDER BY e.seq, the bigint: the text alias "seq" would sort 1, 10, 11, 2 … and skip events.
      `SELECT e.seq::text AS seq, e.name, e.payload, e.created_at AS at FROM realtime_events e
        WHERE e.durable AND e.seq > $2 AND e.audience @> ARRAY[$1]::uuid[]
        ORDER BY e.seq LIMIT $3`,
      [userId, after, size + 1],
    );
    const events = rows.slice(0, size).map((r) => toEnvelope(r));
    return { events, head: Number(state.head), more: rows.length > size };
  }

  async head(): Promise<number> {
    const [row]: { head: string }[] = await this.dataSource.query(
      'SELECT COALESCE(max(seq), 0)::text AS head FROM realtime_events',
    );
    return Number(row.head);
  }
}

export function toEnvelope(row: FeedRow): FeedEnvelope {
  return {
    seq: Number(row.seq),
    name: row.name,
    at: new Date(row.at).toISOString(),
    payload: row.payload,
  } as FeedEnvelope;
}
