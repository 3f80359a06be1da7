/**
 * The SQL-only replay of what bench/sql-capture.ts recorded: the same statements, with the same
 * parameters (prepared under the same names where the API prepared them), in the same order per request, sent by one plain `pg` client per bench client
 * to a copy of the database as it was before the captured requests. No HTTP, no JWT, no
 * ECDSA, no Nest — what is left is the database's share of the work, done as cheaply as a
 * client can send it.
 *
 * Values the database generated during the capture (ids from defaults, timestamps from now())
 * come out different in the replay; each request maps the captured value to the replayed one
 * in its later parameters (whole or inside JSON and array literals), as the API would have
 * used the value it got back.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { CapturedStatement } from './sql-capture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => string };

/** Per bench client, its requests in order; each request its statements in order of issue. */
export interface Capture {
  clients: CapturedStatement[][][];
  /** Statements the API sent outside any captured request (relays, sweeps) during the capture. */
  untagged: number;
}

export function readCapture(file: string): Capture {
  const byTag = new Map<string, CapturedStatement[]>();
  let first: number | null = null;
  let last = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as CapturedStatement;
    first ??= record.untagged;
    last = Math.max(last, record.untagged);
    byTag.set(record.tag, [...(byTag.get(record.tag) ?? []), record]);
  }
  const clients: CapturedStatement[][][] = [];
  for (const [tag, statements] of byTag) {
    const [client, request] = tag.split(':').map(Number);
    (clients[client] ??= [])[request] = statements.sort((a, b) => a.seq - b.seq);
  }
  return {
    clients: clients.map((requests) => requests.filter(Boolean)),
    untagged: first === null ? 0 : last - first,
  };
}

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const plain = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/** Captured → replayed, for one request's generated values. */
class ValueMap {
  private readonly map = new Map<string, string>();

  learn(captured: Record<string, unknown>[], replayed: Record<string, unknown>[]): void {
    for (const [i, row] of captured.entries()) {
      const other = replayed[i];
      if (!other) continue;
      for (const [column, value] of Object.entries(row)) {
        const now = plain(other[column]);
        if (typeof value !== 'string' || typeof now !== 'string' || value === now) continue;
        this.map.set(value, now);
        if (ISO_DATE.test(value) && ISO_DATE.test(now))
          this.map.set(prepareValue(new Date(value)), prepareValue(new Date(now)));
      }
    }
  }

  apply(values: CapturedStatement['values']): unknown[] | undefined {
    if (!values) return undefined;
    return values.map((value) => {
      if (value === null) return null;
      if (typeof value !== 'string') return Buffer.from(value.$bytes, 'base64');
      const whole = this.map.get(value);
      if (whole !== undefined) return whole;
      let text = value;
      for (const [from, to] of this.map)
        if (from.length >= 20 && text.includes(from)) text = text.split(from).join(to);
      return text;
    });
  }
}

export interface ReplayResult {
  requests: number;
  statements: number;
  seconds: number;
  latencies: number[];
  errors: Record<string, number>;
  /** Per statement text (whitespace folded), how often it ran and the time it took, client side. */
  byStatement: Map<string, { count: number; ms: number }>;
  /** What `sample` returned just before the first statement and just after the last. */
  samples: [unknown, unknown];
}

/** A statement's text with whitespace folded: one line per kind of statement in reports. */
export const statementShape = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Replays each client's requests back to back on its own connection, all clients at once. */
export async function replay(
  databaseUrl: string,
  capture: Capture,
  sample: () => unknown = () => null,
): Promise<ReplayResult> {
  const latencies: number[] = [];
  const byStatement = new Map<string, { count: number; ms: number }>();
  const samples: [unknown, unknown] = [null, null];
  const errors: Record<string, number> = {};
  let statements = 0;
  const connections = await Promise.all(
    capture.clients.map(async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  samples[0] = sample();
  const started = performance.now();
  let seconds = 0;
  try {
    await Promise.all(
      capture.clients.map(async (requests, c) => {
        const db = connections[c];
        for (const request of requests) {
          const t0 = performance.now();
          const values = new ValueMap();
          try {
            for (const statement of request) {
              const s0 = performance.now();
              const result = await db.query({
                ...(statement.name ? { name: statement.name } : {}),
                text: statement.text,
                values: values.apply(statement.values),
              });
              const shape = statementShape(statement.text);
              const entry = byStatement.get(shape) ?? { count: 0, ms: 0 };
              entry.count++;
              entry.ms += performance.now() - s0;
              byStatement.set(shape, entry);
              statements++;
              values.learn(statement.rows, result.rows as Record<string, unknown>[]);
            }
            latencies.push(performance.now() - t0);
          } catch (error) {
            const key = String((error as Error).message).slice(0, 120);
            errors[key] = (errors[key] ?? 0) + 1;
            await db.query('ROLLBACK').catch(() => undefined);
          }
        }
      }),
    );
    seconds = (performance.now() - started) / 1000;
    samples[1] = sample(); // before the connections close: their backends' CPU is still readable
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
  return {
    requests: latencies.length,
    statements,
    seconds,
    latencies,
    errors,
    byStatement,
    samples,
  };
}
