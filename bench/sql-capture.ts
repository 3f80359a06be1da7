/**
 * Loaded into the API with `node --require dist/bench/sql-capture.js` by bench:tasks (never in
 * production): records every statement the API sends to PostgreSQL while it serves a request
 * tagged with the `x-bench-capture` header, with its parameters exactly as `pg` puts them on the
 * wire and the rows it got back, one JSON line per statement into $BENCH_SQL_CAPTURE. The
 * replay (bench/sql-replay.ts) runs them again through plain `pg` clients: the SQL-only
 * baseline for the same work.
 *
 * Statements outside a tagged request (relays, sweeps, the pool's own) are counted, not kept.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, writeFileSync } from 'node:fs';
import { Server } from 'node:http';
import { Client } from 'pg';

export interface CapturedStatement {
  /** The request's tag: `<client>:<request>`. */
  tag: string;
  /** Order of issue within the capture. */
  seq: number;
  /** The prepared statement's name, when the API's pool named it (libs/database). */
  name: string | null;
  text: string;
  values: (string | { $bytes: string } | null)[] | null;
  /** Rows returned, as the API saw them (dates as ISO strings), for mapping generated values. */
  rows: Record<string, unknown>[];
  /** Statements sent so far outside any tagged request (relays, sweeps, the pool's own). */
  untagged: number;
}

// pg's own conversion of a parameter to its wire form (not in @types/pg).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

const file = process.env.BENCH_SQL_CAPTURE;
if (file) {
  writeFileSync(file, '');
  const requestTag = new AsyncLocalStorage<string>();
  let seq = 0;
  let untagged = 0;

  // Wrapped, and called back with the server as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    const tag =
      event === 'request'
        ? (args[0] as { headers: Record<string, unknown> }).headers['x-bench-capture']
        : undefined;
    if (typeof tag === 'string') return requestTag.run(tag, () => emit.call(this, event, ...args));
    return emit.call(this, event, ...args);
  } as typeof Server.prototype.emit;

  const wire = (value: unknown): string | { $bytes: string } | null => {
    const prepared = prepareValue(value) as string | Buffer | null;
    return Buffer.isBuffer(prepared) ? { $bytes: prepared.toString('base64') } : prepared;
  };
  const plain = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

  // eslint-disable-next-line @typescript-eslint/unbound-method
  const query = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const tag = requestTag.getStore();
    if (tag === undefined) {
      untagged++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    }
    const config = args[0] as string | { text: string; values?: unknown[]; name?: string };
    const text = typeof config === 'string' ? config : config.text;
    const raw = (typeof config === 'string' ? args[1] : config.values) as unknown[] | undefined;
    const statement: CapturedStatement = {
      tag,
      seq: seq++,
      name: typeof config === 'string' ? null : (config.name ?? null),
      text,
      values: Array.isArray(raw) ? raw.map(wire) : null,
      rows: [],
      untagged,
    };
    const keep = (result: unknown) => {
      const results = Array.isArray(result) ? result : [result];
      statement.rows = results.flatMap((r: { rows?: Record<string, unknown>[] }) =>
        (r?.rows ?? []).map(plain),
      );
      appendFileSync(file, `${JSON.stringify(statement)}\n`);
    };
    const result = (query as (...a: unknown[]) => unknown).apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function')
      (result as Promise<unknown>).then(keep, () => appendFileSync(file, `${JSON.stringify(statement)}\n`));
    return result;
  } as typeof query;
}
