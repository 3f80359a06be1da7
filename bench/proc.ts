import { randomBytes } from 'node:crypto';
/** Process and machine CPU readings from /proc (Linux), shared by the benchmarks. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres } from '@lt/database';
import { statementShape } from './sql-replay';
import { round } from './stats';

let clockTicks = 0;

/** CPU time (user + system) a process has used, seconds; 0 when it is gone. */
export function cpuOf(pid: number): number {
  clockTicks ||= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime, stime
  } catch {
    return 0;
  }
}

/** The embedded server and its backends (children of the postmaster). */
export function postgresPids(dataDir: string | null): number[] {
  if (!dataDir) return [];
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
        pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
export function machineJiffies(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  return { busy: total - fields[3] - fields[4], total }; // minus idle and iowait
}

/** Benches measure capacity, not the abuse limits: posting limits raised out of the way. */
export const UNLIMITED_POSTING = {
  POST_LIMIT_DIRECTIVES_PER_MINUTE: '10000000',
  POST_LIMIT_CHAT_MESSAGES_PER_MINUTE: '10000000',
  POST_LIMIT_UPLOADS_PER_MINUTE: '10000000',
  POST_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000',
};

/**
 * BENCH_API_ENV="KEY=value …": settings for the API under test, over the bench's own (e.g.
 * DATABASE_PREPARED_STATEMENTS=false, to measure what a setting buys in back-to-back runs).
 */
export function apiEnvOverrides(): Record<string, string> {
  return Object.fromEntries(
    (process.env.BENCH_API_ENV ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`BENCH_API_ENV: "${pair}" is not KEY=value`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
}

/**
 * The built API (dist/apps/api) as a child process on a free port, for the benchmarks to time
 * over real HTTP; `cleanups` gets its stop. Resolves once /health answers.
 */
export async function startApi(
  databaseUrl: string,
  secret: string,
  cleanups: (() => Promise<void> | void)[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      // e.g. BENCH_API_NODE_ARGS=--cpu-prof to profile the API
      ...(process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
      ...nodeArgs,
      join(__dirname, '..', 'apps/api/src/main.js'),
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        JWT_SECRET: secret,
        // Production refuses to seal the CA key under the token secret.
        CA_KEY_SECRET: randomBytes(36).toString('base64url'),
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ACCESS_TOKEN_TTL_SECONDS: '86400',
        ...UNLIMITED_POSTING,
        ...env,
        ...apiEnvOverrides(),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  cleanups.push(stop);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 480; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, child, stop };
    } catch {
      if (child.exitCode !== null) throw new Error('the API exited');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the API did not become healthy');
}

/** Where PostgreSQL's time goes, per statement, nested ones (triggers) included. */
export const STATEMENT_STATISTICS = [
  '-c',
  'shared_preload_libraries=pg_stat_statements',
  '-c',
  'pg_stat_statements.track=all',
  '-c',
  'pg_stat_statements.track_planning=on',
];

/**
 * pg_stat_statements, when the server has it loaded (the embedded one does): the statements
 * of `url`'s database since the last reset, by total time (planning + execution), per
 * operation (an assignment, a message); `reset` starts the count instead. Null when unavailable.
 */
export async function postgresStatements(url: string, operations: number, reset: boolean) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    if (reset) {
      await db.query('SELECT pg_stat_statements_reset()');
      return [];
    }
    const { rows } = await db.query<{
      query: string;
      calls: string;
      plan: number;
      exec: number;
      toplevel: boolean;
    }>(
      `SELECT query, calls::text, total_plan_time AS plan, total_exec_time AS exec, toplevel
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_plan_time + total_exec_time DESC LIMIT 25`,
    );
    return rows.map((r) => ({
      statement: statementShape(r.query).slice(0, 200),
      nested: !r.toplevel,
      perOperation: round(Number(r.calls) / operations, 2),
      planMsPerOperation: round(r.plan / operations, 3),
      execMsPerOperation: round(r.exec / operations, 3),
    }));
  } catch (error) {
    process.stderr.write(`[bench] pg_stat_statements unavailable: ${String((error as Error).message)}\n`);
    return null;
  } finally {
    await db.end();
  }
}

/**
 * A fresh database for one benchmark run: on DATABASE_URL's server when set (dropped
 * afterwards unless BENCH_KEEP_DATABASE), else on an embedded PostgreSQL. `cleanups` gets
 * the steps that remove it. Resolves to its URL.
 */
export async function openBenchDatabase(
  label: string,
  cleanups: (() => Promise<void> | void)[],
): Promise<string> {
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    const dir = mkdtempSync(join(tmpdir(), `lt-bench-${label}-`));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pg = await startEmbeddedPostgres({
      dataDir: dir,
      database: 'postgres',
      persistent: false,
      settings: STATEMENT_STATISTICS,
    });
    cleanups.push(() => pg.stop());
    admin = pg.url;
  }
  const name = `lt_bench_${label}_${process.pid}_${Date.now()}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  if (process.env.BENCH_KEEP_DATABASE && process.env.DATABASE_URL)
    process.stderr.write(`[bench] keeping database ${name}\n`);
  else
    cleanups.push(async () => {
      const drop = new Client({ connectionString: admin });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    });
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
