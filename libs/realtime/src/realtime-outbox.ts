import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { sendTogether, StatementPart } from '@lt/database';
import { EntityManager } from 'typeorm';
import type { FeedEventName, FeedPayloads, LiveEventName, LiveEvents } from './contract';

export type OutgoingEvent =
  | {
      [K in FeedEventName]: { name: K; payload: FeedPayloads[K]; audience: string[]; rooms?: string[] };
    }[FeedEventName]
  | {
      [K in LiveEventName]: {
        name: K;
        payload: LiveEvents[K];
        rooms: string[];
        live: true;
      };
    }[LiveEventName];

/**
 * Where capabilities put their outgoing events: rows in the caller's transaction, so an
 * event exists exactly when the change it announces committed. Nothing here talks to
 * sockets; the relay publishes after commit. `kick()` after the commit shortens the wait
 * (this process's relay runs at once); without it the relay's poll picks events up.
 */
@Injectable()
export class RealtimeOutbox {
  private readonly signals = new EventEmitter();

  async add(em: EntityManager, events: OutgoingEvent[]): Promise<void> {
    await sendTogether(em, this.parts(em, events));
  }

  /** The rows for `events` as a part the command runner sends with the change's audit entries. */
  parts(em: EntityManager, events: OutgoingEvent[]): StatementPart[] {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('RealtimeOutbox.add must run inside the transaction of the change it announces');
    }
    const rows = events.filter(
      (e) => !('audience' in e) || e.audience.length > 0 || (e.rooms ?? []).length > 0,
    );
    if (rows.length === 0) return [];
    return [
      {
        sql: `INSERT INTO realtime_events (name, payload, audience, rooms, durable)
       SELECT e.name, e.payload, ARRAY(SELECT jsonb_array_elements_text(e.audience))::uuid[],
              ARRAY(SELECT jsonb_array_elements_text(e.rooms))::varchar[], e.durable
         FROM jsonb_to_recordset($1::jsonb) AS e(name varchar, payload jsonb, audience jsonb, rooms jsonb, durable boolean)`,
        params: [
          JSON.stringify(
            rows.map((e) => ({
              name: e.name,
              payload: e.payload,
              audience: 'audience' in e ? [...new Set(e.audience)] : [],
              rooms: e.rooms ?? [],
              durable: !('live' in e),
            })),
          ),
        ],
      },
    ];
  }

  /** Call after the transaction that added events has committed. */
  kick(): void {
    this.signals.emit('kick');
  }

  onKick(listener: () => void): () => void {
    this.signals.on('kick', listener);
    return () => this.signals.off('kick', listener);
  }
}
