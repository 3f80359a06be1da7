/**
 * `npm run bench:fanout` — how fast a directive reaches N connected people, against a bare
 * socket.io server measured in the same run.
 *
 *   npm run bench:fanout -- [--clients 10000] [--directives 20] [--processes 4] [--batch 200] [--timeout 30]
 *                            [--ack-rate 6000] [--acks-per-socket 1] [--ack-burst] [--skip-fanout] [--instances 1]
 *
 * DATABASE_URL: use that server (a fresh database, dropped afterwards) instead of an embedded
 * one. BENCH_API_NODE_ARGS: extra node arguments for the API process only (e.g. `--cpu-prof`);
 * BENCH_API_ENV="KEY=value …": settings for the API (e.g. DATABASE_PREPARED_STATEMENTS=false).
 *
 * 1. A fresh database (a new one on DATABASE_URL's server, else an embedded PostgreSQL),
 *    migrated and seeded in bulk: a city, 10 districts, 100 wards, N officials spread over
 *    the wards, and the city's leader who issues. Sessions are rows and access tokens are
 *    minted here: that is set-up, not measured.
 * 2. The real API (dist/apps/api/src/main.js) and the bare server (dist/bench/bare-server.js)
 *    run as child processes; the N sockets live in P client processes (fanout-client.ts).
 * 3. Phase A — API: N sockets connect (the API's RSS before and after gives memory per
 *    connection); D directives are issued through POST /directives to the whole city. The
 *    fan-out time of a (client, directive) is its arrival at the client minus the moment
 *    just before the HTTP request. Clients answer `directive.delivered` as the browser app
 *    does; the next directive waits until all N delivered receipts are persisted and every
 *    client has the server's answers (so each send starts from a quiet machine).
 * 4. Phase B — baseline: the API sockets are closed first (the machine holds the same number
 *    of connections), the same clients connect to the bare server, which broadcasts the very
 *    `directive.issued` envelope the API produced (a fresh id each time) D times, with the
 *    same `directive.delivered` answers — which the bare server keeps, in memory, and answers
 *    as the API does — and the same wait for quiet between sends. Fan-out is reported from the
 *    click (the POST sent) and from the POST's answer (for the API, its commit); the target
 *    compares the API from its commit with the bare server (issue 20: a fair baseline).
 * 5. Phase C — acknowledgements at a given rate: the clients reconnect to the API, R directives
 *    asking for acknowledgement are issued (R = --acks-per-socket, default 1), each reaching every
 *    client, and the N × R `directive.acknowledge` events go out over the sockets as an open-loop,
 *    paced load: --ack-rate (default 6000/s, above the 5000/s target) in all, rate/P per client process, evenly spaced
 *    from a common start time (ack k of a process at start + (k·P + its index)/rate s; a timer
 *    sends every ack that is due, so timer jitter delays acks but does not lower the rate),
 *    whatever the answers do. An ack's latency is its answer's arrival minus its *scheduled*
 *    time (client lateness counts against the server, not hidden); the answer minus the actual
 *    emit is reported too. Reported: offered rate, achieved send rate (acks emitted / emit
 *    span), persisted rate (answers ok / (last answer − first answer)), percentiles
 *    of both latencies, errors, and the ack counts stored in the database. The targets use the
 *    persisted rate and the p99 from the scheduled time. --ack-burst adds one more directive
 *    acknowledged by every client at once (the former measure), reported apart, for comparison.
 *    --skip-fanout leaves out phases A and B (and the bare server) for quick runs of phase C;
 *    the API and the clients then start phase C without that warm-up traffic.
 *
 * --instances K runs K API processes sharing the work through the socket.io Redis adapter
 * (REDIS_URL, else redis://127.0.0.1:6379): client process i connects to instance i mod K, the
 * POSTs go to the first, and CPU is reported per instance — the scale-out measure.
 *
 * It prints one JSON object and then a readable summary on stdout (progress goes to stderr).
 * Targets are reported, not asserted: the exit code is 0 unless the run itself fails.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { dataSourceOptions, freePort, migrateDatabase, startEmbeddedPostgres } from '@lt/database';
import { ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { io } from 'socket.io-client';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import type { FeedEnvelope } from '../libs/realtime/src/contract';
import type { ClientCounters, FromClient, ToClient } from './fanout-client';
import { apiEnvOverrides, cpuOf, machineJiffies, postgresPids, UNLIMITED_POSTING } from './proc';
import { DUMMY_PASSWORD_HASH, seedCity } from './seed-org';
import { pacedSchedule, perSecond, round, rounded, summarize } from './stats';

const DIST = join(__dirname, '..');
const DISTRICTS = 10;
const WARDS_PER_DISTRICT = 10;
const SETTLE_MS = 200;
/** Phase C's start time is sent this long ahead, so every client process has it in time. */
const ACK_LEAD_MS = 250;
/** The acknowledgement targets. */
const ACK_TARGET_PER_SECOND = 5000;
const ACK_TARGET_P99_MS = 250;
/** Fan-out from the click (POST sent) to the last of 10,000 people (issue 20). */
const FANOUT_TARGET_P99_MS = 600;
const FANOUT_MOONSHOT_P99_MS = 400;

const now = () => performance.timeOrigin + performance.now();
const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------------------------------
// Options

interface Options {
  clients: number;
  directives: number;
  processes: number;
  batch: number;
  timeoutMs: number;
  /** Acknowledgements offered per second, all client processes together. */
  ackRate: number;
  /** Directives each client acknowledges in phase C (one directive per round). */
  acksPerSocket: number;
  /** Also acknowledge one directive from every client at once, reported apart. */
  ackBurst: boolean;
  /** Leave out phases A and B. */
  skipFanout: boolean;
  /** API processes sharing the clients through the Redis adapter (scale-out). */
  instances: number;
}

const VALUE_OPTIONS = [
  'clients',
  'directives',
  'processes',
  'batch',
  'timeout',
  'ack-rate',
  'acks-per-socket',
  'instances',
] as const;
const FLAG_OPTIONS = ['ack-burst', 'skip-fanout'] as const;

function parseOptions(argv: string[]): Options {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const known = [...VALUE_OPTIONS, ...FLAG_OPTIONS].map((k) => `--${k}`).join(' ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split('=', 2);
    if ((FLAG_OPTIONS as readonly string[]).includes(key)) {
      if (inline !== undefined) throw new Error(`--${key} takes no value`);
      flags.add(key);
      continue;
    }
    if (!(VALUE_OPTIONS as readonly string[]).includes(key))
      throw new Error(`unknown option --${key} (known: ${known})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    values[key] = value;
  }
  const int = (key: string, fallback: number, min: number, max: number) => {
    const n = values[key] === undefined ? fallback : Number(values[key]);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${key} must be an integer ${min}–${max}`);
    return n;
  };
  const clients = int('clients', 10_000, 1, 50_000);
  const instances = int('instances', 1, 1, 8);
  const processes = Math.min(int('processes', 4, 1, 64), clients);
  if (processes % instances !== 0)
    throw new Error(`--processes (${processes}) must be a multiple of --instances (${instances})`);
  return {
    clients,
    directives: int('directives', 20, 1, 1000),
    processes,
    instances,
    batch: int('batch', 200, 1, 10_000),
    timeoutMs: int('timeout', 30, 1, 600) * 1000,
    // More than the target is offered, so the persisted rate shows what the server sustains.
    ackRate: int('ack-rate', 6000, 1, 1_000_000),
    acksPerSocket: int('acks-per-socket', 1, 1, 100),
    ackBurst: flags.has('ack-burst'),
    skipFanout: flags.has('skip-fanout'),
  };
}

/** Refuses to start when a process could not hold its sockets: a clear message beats EMFILE. */
function checkFileLimit(options: Options): void {
  let limit = Infinity;
  try {
    const shown = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    if (shown !== 'unlimited') limit = Number(shown);
  } catch {
    return; // no shell to ask: let the run find out
  }
  // The bare server holds every client alone (phase B); an API instance holds its share.
  const server =
    (options.skipFanout ? Math.ceil(options.clients / options.instances) : options.clients) + 100;
  const client = Math.ceil(options.clients / options.processes) + 50;
  if (limit < server || limit < client) {
    throw new Error(
      `ulimit -n is ${limit}, too low for ${options.clients} clients: the servers need about ${server} ` +
        `open files and each client process about ${client}. Raise it (e.g. \`ulimit -n ${Math.max(server, client)}\`) ` +
        `or pass a smaller --clients / a larger --processes.`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// Clean-up, run in reverse order whatever happens

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | null = null;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        log(`clean-up step failed: ${String(error)}`);
      }
    }
  })();
  return cleaning;
}

/** Rejects as soon as a child process dies unexpectedly; every wait races it. */
let abort: (error: Error) => void = () => undefined;
const aborted = new Promise<never>((_, reject) => {
  abort = reject;
});
aborted.catch(() => undefined);
const guard = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, aborted]);

// ---------------------------------------------------------------------------------------
// Database

interface Database {
  url: string;
  kind: 'DATABASE_URL' | 'embedded';
  /** The embedded server's data folder (its postmaster.pid names the server process). */
  dataDir: string | null;
  /** The embedded server's log, kept for the slow-statement report. */
  log: string[];
}

/** Statements slower than this are logged by the embedded server and summarised in the report. */
const SLOW_STATEMENT_MS = 250;
/** ... and their plans (auto_explain, without ANALYZE: no cost for the other statements). */
const SLOW_PLAN_MS = 250;
const LOG_KEEP_BYTES = 20 * 1024 * 1024;

async function openDatabase(): Promise<Database> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `lt_bench_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const drop = new Client({ connectionString: base });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
      log(`dropped database ${name}`);
    });
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { url: url.toString(), kind: 'DATABASE_URL', dataDir: null, log: [] };
  }
  const dir = mkdtempSync(join(tmpdir(), 'lt-bench-pg-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const lines: string[] = [];
  let kept = 0;
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    database: 'lien_thong_bench',
    persistent: false,
    onLog: (chunk) => {
      if (kept > LOG_KEEP_BYTES) return;
      kept += chunk.length;
      lines.push(chunk);
    },
  });
  cleanups.push(async () => {
    await pg.stop();
    log('stopped embedded PostgreSQL');
  });
  // Diagnostics only: slow statements and lock waits go to the server log we keep.
  const admin = new Client({ connectionString: pg.url });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(
      `ALTER DATABASE lien_thong_bench SET log_min_duration_statement = ${SLOW_STATEMENT_MS}`,
    );
    await admin.query('ALTER DATABASE lien_thong_bench SET log_parameter_max_length = 0');
    await admin.query(`ALTER DATABASE lien_thong_bench SET session_preload_libraries = 'auto_explain'`);
    await admin.query(`ALTER DATABASE lien_thong_bench SET auto_explain.log_min_duration = ${SLOW_PLAN_MS}`);
    await admin.query('ALTER DATABASE lien_thong_bench SET auto_explain.log_parameter_max_length = 0');
    await admin.query('ALTER SYSTEM SET log_lock_waits = on');
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
  return { url: pg.url, kind: 'embedded', dataDir: dir, log: lines };
}

/** Slow statements (grouped), lock waits and errors found in the embedded server's log. */
function slowStatements(chunks: string[]) {
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);
  const groups = new Map<string, { count: number; totalMs: number; maxMs: number }>();
  const lockWaits = { count: 0, samples: [] as string[] };
  const errors = { count: 0, samples: [] as string[] };
  // The slowest plan seen per statement.
  const plans = new Map<string, { count: number; maxMs: number; plan: string }>();
  // An entry starts with the log line prefix's timestamp; statements span several lines.
  for (const entry of chunks.join('').split(/\n(?=\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/)) {
    const plan = /duration: ([\d.]+) ms\s+plan:\s*([\s\S]*)/.exec(entry);
    if (plan) {
      const ms = Number(plan[1]);
      const text = plan[2].replace(/\t/g, '  ');
      const key = oneLine(/Query Text: (.*)/.exec(text)?.[1] ?? text).slice(0, 160);
      const seen = plans.get(key) ?? { count: 0, maxMs: 0, plan: '' };
      seen.count += 1;
      if (ms > seen.maxMs) Object.assign(seen, { maxMs: round(ms, 0), plan: text.slice(0, 4000) });
      plans.set(key, seen);
      continue;
    }
    const slow = /duration: ([\d.]+) ms\s+(?:statement|(?:parse|bind|execute)[^:]*):\s*([\s\S]*)/.exec(entry);
    if (slow) {
      const key = oneLine(slow[2]).slice(0, 160);
      const group = groups.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
      group.count += 1;
      group.totalMs += Number(slow[1]);
      group.maxMs = Math.max(group.maxMs, Number(slow[1]));
      groups.set(key, group);
    } else if (/still waiting for|acquired \w+ on/.test(entry)) {
      lockWaits.count += 1;
      if (lockWaits.samples.length < 10) lockWaits.samples.push(oneLine(entry));
    } else if (/\b(ERROR|FATAL|PANIC):/.test(entry)) {
      errors.count += 1;
      if (errors.samples.length < 10) errors.samples.push(oneLine(entry));
    }
  }
  return {
    slowStatementThresholdMs: SLOW_STATEMENT_MS,
    slowStatements: [...groups]
      .sort(([, a], [, b]) => b.totalMs - a.totalMs)
      .slice(0, 15)
      .map(([statement, g]) => ({
        statement,
        count: g.count,
        totalMs: round(g.totalMs, 0),
        maxMs: round(g.maxMs, 0),
      })),
    slowPlanThresholdMs: SLOW_PLAN_MS,
    slowPlans: [...plans].map(([statement, p]) => ({ statement, ...p })),
    lockWaits,
    errors,
  };
}

interface Seeded {
  cityId: string;
  leader: { userId: string; sessionId: string };
  officials: { userId: string; sessionId: string }[];
}

/** The organisation, people, positions and sessions, in a handful of set-based statements. */
async function seed(db: Client, clients: number): Promise<Seeded> {
  await db.query('BEGIN');
  const cityId = await seedCity(db, DISTRICTS, WARDS_PER_DISTRICT);
  await db.query(
    `INSERT INTO users (username, full_name, password_hash, version)
     SELECT 'bench.' || lpad(i::text, 6, '0'), 'Cán bộ thử tải ' || i, $1, 1 FROM generate_series(1, $2::int) i`,
    [DUMMY_PASSWORD_HASH, clients],
  );
  const [{ id: leaderId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO users (username, full_name, password_hash, version)
       VALUES ('bench.leader', 'Chủ tịch thử tải', $1, 1) RETURNING id`,
      [DUMMY_PASSWORD_HASH],
    )
  ).rows;
  await db.query(
    `INSERT INTO positions (user_id, unit_id, role)
     SELECT u.id, w.id, 'official'
       FROM (SELECT id, row_number() OVER (ORDER BY username) - 1 AS rn FROM users WHERE id <> $1) u
       JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS rn FROM org_units WHERE kind = 'ward') w
         ON w.rn = u.rn % $2`,
    [leaderId, DISTRICTS * WARDS_PER_DISTRICT],
  );
  await db.query(
    `INSERT INTO positions (user_id, unit_id, role, title) VALUES ($1, $2, 'leader', 'Chủ tịch')`,
    [leaderId, cityId],
  );
  await db.query(
    `INSERT INTO auth_sessions (user_id, refresh_hash, expires_at, user_agent)
     SELECT id, md5(random()::text) || md5(random()::text), now() + interval '1 day', 'bench:fanout' FROM users`,
  );
  const sessions = (
    await db.query<{ userId: string; sessionId: string }>(
      `SELECT u.id AS "userId", s.id AS "sessionId" FROM users u JOIN auth_sessions s ON s.user_id = u.id
        WHERE u.id <> $1 ORDER BY u.username`,
      [leaderId],
    )
  ).rows;
  const [{ sessionId: leaderSession }] = (
    await db.query<{ sessionId: string }>(`SELECT id AS "sessionId" FROM auth_sessions WHERE user_id = $1`, [
      leaderId,
    ])
  ).rows;
  await db.query('COMMIT');
  // Statistics for the seeded tables, as autovacuum keeps them on a live database. Not for the
  // directive tables, which start empty: statistics taken of an empty table mislead the planner
  // once 10,000 rows arrive (an index scan on (directive_id, unit_id) instead of the primary key).
  await db.query('ANALYZE org_units, org_unit_closure, users, positions, auth_sessions');
  return { cityId, leader: { userId: leaderId, sessionId: leaderSession }, officials: sessions };
}

// ---------------------------------------------------------------------------------------
// Processes

interface ServerProcess {
  name: string;
  child: ChildProcess;
  url: string;
  log: { warn: number; error: number; samples: string[] };
}

let stopping = false;

function watch(name: string, child: ChildProcess): void {
  child.on('exit', (code, signal) => {
    if (!stopping) abort(new Error(`${name} exited unexpectedly (${signal ?? `code ${code}`})`));
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
}

/** Starts a server script; its log lines go to stderr, warnings and errors are also counted. */
async function startServer(
  name: string,
  script: string,
  args: string[],
  nodeArgs: string[],
  env: Record<string, string>,
  port: number,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, join(DIST, script), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: ServerProcess = {
    name,
    child,
    url: `http://127.0.0.1:${port}`,
    log: { warn: 0, error: 0, samples: [] },
  };
  watch(name, child);
  const onLine = (line: string) => {
    if (line.trim() === '') return;
    let level = 0;
    try {
      level = Number((JSON.parse(line) as { level?: number }).level ?? 0);
    } catch {
      level = 50; // not a log record: a crash trace or a stray print
    }
    if (level >= 50) server.log.error += 1;
    else if (level >= 40) server.log.warn += 1;
    if (level >= 40 && server.log.samples.length < 20) server.log.samples.push(line.slice(0, 1000));
    if (level >= 40) process.stderr.write(`[${name}] ${line.slice(0, 2000)}\n`);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      lines.forEach(onLine);
    });
  }
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await guard(fetch(`${server.url}/health`));
      if (response.ok) return server;
    } catch (error) {
      if (child.exitCode !== null || child.signalCode !== null) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy at ${server.url}`);
    await sleep(250);
  }
}

/** Resident memory of a process in bytes (Linux). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

type Reply<T extends FromClient['t']> = Extract<FromClient, { t: T }>;

/** One client process and its request/reply channel. */
class Worker {
  private waiters: { match: (m: FromClient) => boolean; resolve: (m: FromClient) => void }[] = [];

  constructor(
    readonly index: number,
    readonly child: ChildProcess,
    readonly tokens: string[],
  ) {
    child.on('message', (message: FromClient) => {
      if (message.t === 'error') return abort(new Error(`client process ${index}: ${message.message}`));
      const at = this.waiters.findIndex((w) => w.match(message));
      if (at >= 0) this.waiters.splice(at, 1)[0].resolve(message);
    });
  }

  next<T extends FromClient['t']>(t: T, id?: string): Promise<Reply<T>> {
    return guard(
      new Promise<Reply<T>>((resolve) =>
        this.waiters.push({
          match: (m) => m.t === t && (id === undefined || ('id' in m && m.id === id)),
          resolve: (m) => resolve(m as Reply<T>),
        }),
      ),
    );
  }

  request<T extends FromClient['t']>(message: ToClient, reply: T, id?: string): Promise<Reply<T>> {
    const answer = this.next(reply, id);
    this.child.send(message);
    return answer;
  }
}

async function startWorkers(processes: number, tokens: string[]): Promise<Worker[]> {
  const size = Math.ceil(tokens.length / processes);
  return Promise.all(
    Array.from({ length: processes }, async (_, index) => {
      const child = fork(join(__dirname, 'fanout-client.js'), [], {
        serialization: 'advanced',
        // The clients' stdout goes to our stderr: stdout carries only the report.
        stdio: ['ignore', 2, 2, 'ipc'],
        execArgv: ['--enable-source-maps'],
      });
      watch(`client process ${index}`, child);
      cleanups.push(() => {
        if (child.connected) child.send({ t: 'exit' } satisfies ToClient);
      });
      const worker = new Worker(index, child, tokens.slice(index * size, (index + 1) * size));
      await worker.next('ready');
      return worker;
    }),
  );
}

interface Connected {
  ok: number;
  failed: number;
  failures: Record<string, number>;
  seconds: number;
}

/** Each client process connects its sockets to one server: with several, worker i to urls[i mod n]. */
async function connectAll(workers: Worker[], urls: string | string[], options: Options): Promise<Connected> {
  const batch = Math.max(1, Math.ceil(options.batch / workers.length));
  const started = now();
  const list = typeof urls === 'string' ? [urls] : urls;
  const replies = await Promise.all(
    workers.map((w, i) =>
      w.request(
        { t: 'connect', url: list[i % list.length], tokens: w.tokens, batch, timeoutMs: 20_000 },
        'connected',
      ),
    ),
  );
  const failures: Record<string, number> = {};
  for (const r of replies)
    for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
  return {
    ok: replies.reduce((s, r) => s + r.ok, 0),
    failed: replies.reduce((s, r) => s + r.failed, 0),
    failures,
    seconds: round((now() - started) / 1000, 2)!,
  };
}

async function disconnectAll(workers: Worker[]): Promise<ClientCounters> {
  const replies = await Promise.all(workers.map((w) => w.request({ t: 'disconnect' }, 'disconnected')));
  const total: ClientCounters = {
    appErrors: {},
    deliveredSent: 0,
    deliveredOk: 0,
    deliveredRefused: {},
    unexpectedDisconnects: {},
    otherFeedEvents: {},
  };
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  for (const { counters } of replies) {
    add(total.appErrors, counters.appErrors);
    total.deliveredSent += counters.deliveredSent;
    total.deliveredOk += counters.deliveredOk;
    add(total.deliveredRefused, counters.deliveredRefused);
    add(total.unexpectedDisconnects, counters.unexpectedDisconnects);
    add(total.otherFeedEvents, counters.otherFeedEvents);
  }
  return total;
}

interface Arrived {
  latencies: number[];
  missing: number;
  firstArrival: number;
  lastArrival: number;
  envelope: FeedEnvelope | null;
}

/** Waits until every client has `id` (or the timeout); arrival times relative to `t0`. */
async function collect(workers: Worker[], id: string, t0: number, timeoutMs: number): Promise<Arrived> {
  const replies = await Promise.all(
    workers.map((w) => w.request({ t: 'collect', id, timeoutMs }, 'collected', id)),
  );
  const result: Arrived = {
    latencies: [],
    missing: 0,
    firstArrival: Infinity,
    lastArrival: -Infinity,
    envelope: null,
  };
  for (const reply of replies) {
    result.missing += reply.missing;
    result.envelope ??= reply.envelope;
    for (const at of reply.times) {
      if (Number.isNaN(at)) continue;
      result.latencies.push(at - t0);
      result.firstArrival = Math.min(result.firstArrival, at);
      result.lastArrival = Math.max(result.lastArrival, at);
    }
  }
  return result;
}

/** Warm both ends of a server before its memory is sampled: HTTP, and one socket in and out. */
async function warmUp(url: string, token: string): Promise<void> {
  for (let i = 0; i < 20; i++) await (await fetch(`${url}/health`)).arrayBuffer();
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.disconnect();
  await sleep(1000);
}

// ---------------------------------------------------------------------------------------
// The run

const DIRECTIVE_BODY =
  'Thực hiện Chỉ thị của Thủ tướng Chính phủ về tăng cường công tác phòng, chống thiên tai, Ủy ban nhân dân ' +
  'thành phố yêu cầu Thủ trưởng các sở, ban, ngành, Chủ tịch Ủy ban nhân dân các quận, huyện, phường, xã ' +
  'khẩn trương rà soát phương án ứng phó, bố trí lực lượng trực 24/24 giờ, chủ động sơ tán người dân ra khỏi ' +
  'khu vực nguy hiểm và báo cáo kết quả thực hiện về Văn phòng Ủy ban nhân dân thành phố trước 17 giờ hôm nay.';

async function run(options: Options) {
  checkFileLimit(options);
  const started = now();
  log(
    `${options.clients} clients in ${options.processes} processes, ` +
      (options.skipFanout ? 'fan-out skipped' : `${options.directives} directives`) +
      `; acknowledgements at ${options.ackRate}/s, ${options.acksPerSocket} per client` +
      (options.ackBurst ? ', then a burst' : '') +
      `; ${cpus().length} CPUs, node ${process.version}`,
  );

  // Database, schema, people, tokens.
  const database = await openDatabase();
  log(`database: ${database.kind}; migrating`);
  await migrateDatabase(dataSourceOptions(database.url, DATABASE_WIRING));
  const db = new Client({ connectionString: database.url });
  db.on('error', (error) => log(`benchmark database connection: ${error.message}`));
  await db.connect();
  cleanups.push(() => db.end());
  const seedStarted = now();
  const seeded = await seed(db, options.clients);
  const secret = randomBytes(36).toString('base64url'); // 48 characters
  const jwt = new JwtService({ secret });
  const mint = (p: { userId: string; sessionId: string }) =>
    jwt.sign({ sub: p.userId, sid: p.sessionId, typ: 'access' }, { expiresIn: 86400 });
  const leaderToken = mint(seeded.leader);
  const tokens = seeded.officials.map(mint);
  log(
    `seeded ${tokens.length} officials and a leader, tokens minted (${Math.round(now() - seedStarted)} ms)`,
  );

  // Servers and client processes.
  const caKeySecret = randomBytes(36).toString('base64url');
  // One after the other: the first migrates, the others find the schema current. With more
  // than one, they share emissions through Redis (REDIS_URL, else the machine's own).
  const apis: ServerProcess[] = [];
  for (let i = 0; i < options.instances; i++) {
    const apiPort = await freePort();
    apis.push(
      await startServer(
        options.instances > 1 ? `api${i + 1}` : 'api',
        'apps/api/src/main.js',
        [],
        (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
        {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          DATABASE_URL: database.url,
          JWT_SECRET: secret,
          CA_KEY_SECRET: caKeySecret,
          HOST: '127.0.0.1',
          PORT: String(apiPort),
          LOG_LEVEL: 'warn',
          ACCESS_TOKEN_TTL_SECONDS: '86400',
          SOCKET_RATE_PER_SECOND: '1000',
          SOCKET_RATE_BURST: '1000',
          ...UNLIMITED_POSTING,
          ...(options.instances > 1 ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
          ...apiEnvOverrides(),
        },
        apiPort,
      ),
    );
  }
  const api = apis[0];
  const apiUrls = apis.map((a) => a.url);
  const barePort = await freePort();
  const bare = options.skipFanout
    ? null
    : await startServer(
        'bare',
        'bench/bare-server.js',
        ['--host', '127.0.0.1', '--port', String(barePort)],
        [],
        { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
        barePort,
      );
  log(
    `api at ${apiUrls.join(', ')} (pid ${apis.map((a) => a.child.pid).join(', ')})` +
      (bare ? `, bare socket.io at ${bare.url} (pid ${bare.child.pid})` : ''),
  );
  const workers = await startWorkers(options.processes, tokens);

  const issue = async (index: number, ackRequired: boolean) => {
    const body = JSON.stringify({
      issuingUnitId: seeded.cityId,
      type: 'CT',
      subject: `Chỉ thị thử tải số ${index}: tăng cường phòng, chống thiên tai`,
      body: DIRECTIVE_BODY,
      urgency: 1,
      targets: [{ unitId: seeded.cityId, includeSubtree: true }],
      ackRequired,
    });
    const t0 = now();
    const response = await guard(
      fetch(`${api.url}/directives`, {
        method: 'POST',
        headers: { authorization: `Bearer ${leaderToken}`, 'content-type': 'application/json' },
        body,
      }),
    );
    const answeredAt = now();
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST /directives answered ${response.status}: ${text}`);
    const issued = JSON.parse(text) as { id: string; recipientCount: number };
    return { t0, httpMs: answeredAt - t0, id: issued.id, recipientCount: issued.recipientCount };
  };

  const stalls: { directive: string; afterSeconds: number; count: number; activity: unknown[] }[] = [];
  /** What the API's database connections are doing, for a report on a stall. */
  const activity = async (): Promise<Record<string, unknown>[]> =>
    (
      await db.query<Record<string, unknown>>(
        `SELECT pid, state, wait_event_type AS "waitEventType", wait_event AS "waitEvent",
                round(extract(epoch FROM now() - xact_start)::numeric, 3) AS "xactSeconds",
                round(extract(epoch FROM now() - query_start)::numeric, 3) AS "querySeconds",
                left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
          ORDER BY xact_start NULLS LAST`,
      )
    ).rows;

  /**
   * Polls a receipts counter until `expected`: the moment it was seen there, or null after the
   * timeout. A wait longer than 10 s records what the database connections were doing.
   */
  const persisted = async (id: string, column: 'delivered_count' | 'ack_count', expected: number) => {
    const started = now();
    let snapshot = false;
    for (;;) {
      const { rows } = await db.query<{ n: number }>(`SELECT ${column} AS n FROM directives WHERE id = $1`, [
        id,
      ]);
      const seen = now();
      if (rows[0].n >= expected) return { at: seen, count: rows[0].n };
      if (!snapshot && seen - started > 10_000 && stalls.length < 5) {
        snapshot = true;
        stalls.push({
          directive: id,
          afterSeconds: round((seen - started) / 1000, 1)!,
          count: rows[0].n,
          activity: await activity(),
        });
      }
      if (seen - started > options.timeoutMs) return { at: null, count: rows[0].n };
      await sleep(20);
    }
  };

  /** Every client has its answers to `directive.delivered` (both phases start each send from quiet). */
  const quiet = async () => {
    const replies = await Promise.all(
      workers.map((w) => w.request({ t: 'quiet', timeoutMs: options.timeoutMs }, 'quiet')),
    );
    return replies.reduce((sum, r) => sum + r.unanswered, 0);
  };

  const cpuSample = async () => {
    const postgres = new Map(postgresPids(database.dataDir).map((pid) => [pid, cpuOf(pid)]));
    const clients = await Promise.all(workers.map((w) => w.request({ t: 'cpu' }, 'cpu')));
    return {
      at: now(),
      machine: machineJiffies(),
      api: apis.map((a) => cpuOf(a.child.pid!)),
      bare: bare ? cpuOf(bare.child.pid!) : 0,
      clients: clients.reduce((sum, r) => sum + r.seconds, 0),
      postgres,
    };
  };
  type CpuSample = Awaited<ReturnType<typeof cpuSample>>;
  /** Where the CPU went between two samples; postgres counts its server and the backends alive at the end. */
  const cpuUsed = (a: CpuSample, b: CpuSample) => {
    let postgres = 0;
    for (const [pid, seconds] of b.postgres) postgres += seconds - (a.postgres.get(pid) ?? 0);
    const wall = (b.at - a.at) / 1000;
    return {
      wallSeconds: round(wall, 2),
      machineBusyPercent: round(
        (100 * (b.machine.busy - a.machine.busy)) / (b.machine.total - a.machine.total),
        1,
      ),
      apiSeconds: round(sum(b.api) - sum(a.api), 2),
      apiSecondsPerInstance: b.api.map((seconds, i) => round(seconds - a.api[i], 2)),
      bareSeconds: round(b.bare - a.bare, 2),
      clientsSeconds: round(b.clients - a.clients, 2),
      postgresSeconds: database.dataDir ? round(postgres, 2) : null,
    };
  };

  /** Phases A and B, with the parts of the report they give. */
  const fanoutPhases = async (bare: ServerProcess) => {
    // ---- Phase A: the API.
    log('phase A: warming up the API, then connecting the clients');
    await guard(warmUp(api.url, tokens[0]));
    const apiRssBefore = sum(apis.map((a) => rssOf(a.child.pid!)));
    const apiConnected = await connectAll(workers, apiUrls, options);
    log(
      `phase A: ${apiConnected.ok} sockets connected in ${apiConnected.seconds} s (${apiConnected.failed} failed)`,
    );
    await sleep(2000);
    const apiRssAfter = sum(apis.map((a) => rssOf(a.child.pid!)));

    const apiLatencies: number[] = [];
    const apiSeries: Record<string, number | null>[] = [];
    const httpMs: number[] = [];
    /** From the POST's answer (its commit) to each client; the latencies above run from the click. */
    const apiFromCommit: number[] = [];
    let apiMisses = 0;
    let recipientMismatch = 0;
    let envelope: FeedEnvelope | null = null;
    let deliveredCount = 0;
    let deliveredSeconds = 0;
    let deliveredTimeouts = 0;
    let apiUnanswered = 0;
    const apiCpuStart = await cpuSample();
    for (let i = 1; i <= options.directives; i++) {
      const issued = await issue(i, false);
      httpMs.push(issued.httpMs);
      if (issued.recipientCount !== options.clients) recipientMismatch += 1;
      const arrived = await collect(workers, issued.id, issued.t0, options.timeoutMs);
      apiLatencies.push(...arrived.latencies);
      apiFromCommit.push(...arrived.latencies.map((l) => l - issued.httpMs));
      apiMisses += arrived.missing;
      envelope ??= arrived.envelope;
      const delivered = await guard(persisted(issued.id, 'delivered_count', apiConnected.ok));
      const deliveredAfter =
        delivered.at !== null && Number.isFinite(arrived.firstArrival)
          ? (delivered.at - arrived.firstArrival) / 1000
          : null;
      if (deliveredAfter === null) deliveredTimeouts += 1;
      else {
        deliveredCount += delivered.count;
        deliveredSeconds += deliveredAfter;
      }
      apiUnanswered += await quiet();
      const s = summarize(arrived.latencies);
      apiSeries.push({
        p50: round(s.p50, 1),
        max: round(s.max, 1),
        httpMs: round(issued.httpMs, 1),
        missed: arrived.missing,
        deliveredSeconds: deliveredAfter === null ? null : round(deliveredAfter, 2),
      });
      log(
        `phase A: directive ${i}/${options.directives}: p50 ${s.p50.toFixed(1)} ms, max ${s.max.toFixed(1)} ms, ` +
          `missed ${arrived.missing}, http ${issued.httpMs.toFixed(1)} ms, delivered ${delivered.count}` +
          (deliveredAfter === null ? ' (timed out)' : ` in ${deliveredAfter.toFixed(2)} s`),
      );
      await sleep(SETTLE_MS);
    }
    const apiCpu = cpuUsed(apiCpuStart, await cpuSample());
    const apiEvents = await disconnectAll(workers);
    if (!envelope)
      throw new Error('no client received a directive from the API: nothing to replay on the baseline');

    // ---- Phase B: the bare socket.io baseline, same clients, same payload.
    await sleep(1000);
    log('phase B: warming up the bare server, then connecting the clients');
    await guard(warmUp(bare.url, tokens[0]));
    const bareRssBefore = rssOf(bare.child.pid!);
    const bareConnected = await connectAll(workers, bare.url, options);
    log(
      `phase B: ${bareConnected.ok} sockets connected in ${bareConnected.seconds} s (${bareConnected.failed} failed)`,
    );
    await sleep(2000);
    const bareRssAfter = rssOf(bare.child.pid!);
    const bareLatencies: number[] = [];
    const bareFromAnswer: number[] = [];
    const bareSeries: Record<string, number | null>[] = [];
    let bareMisses = 0;
    let bareUnanswered = 0;
    let bareKeptCount = 0;
    let bareKeptSeconds = 0;
    let bareReceiptTimeouts = 0;
    const keptByBare = async (id: string, expected: number) => {
      const started = now();
      for (;;) {
        const counts = (await (await fetch(`${bare.url}/receipts?directive=${id}`)).json()) as {
          delivered?: number;
        };
        const seen = now();
        const count = counts.delivered ?? 0;
        if (count >= expected) return { at: seen, count };
        if (seen - started > options.timeoutMs) return { at: null, count };
        await sleep(20);
      }
    };
    const bareCpuStart = await cpuSample();
    for (let i = 1; i <= options.directives; i++) {
      const copy = { ...envelope, seq: envelope.seq + i, payload: { ...envelope.payload, id: randomUUID() } };
      const body = JSON.stringify(copy);
      const t0 = now();
      const response = await guard(
        fetch(`${bare.url}/broadcast`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }),
      );
      if (response.status !== 204) throw new Error(`bare POST /broadcast answered ${response.status}`);
      const answered = now() - t0;
      const arrived = await collect(workers, copy.payload.id, t0, options.timeoutMs);
      bareLatencies.push(...arrived.latencies);
      bareFromAnswer.push(...arrived.latencies.map((l) => l - answered));
      bareMisses += arrived.missing;
      // As for the API: the next broadcast waits until every receipt of this one is kept.
      const kept = await keptByBare(copy.payload.id, bareConnected.ok);
      if (kept.at === null) bareReceiptTimeouts += 1;
      else if (Number.isFinite(arrived.firstArrival)) {
        bareKeptCount += kept.count;
        bareKeptSeconds += (kept.at - arrived.firstArrival) / 1000;
      }
      bareUnanswered += await quiet();
      const s = summarize(arrived.latencies);
      bareSeries.push({ p50: round(s.p50, 1), max: round(s.max, 1), missed: arrived.missing });
      log(
        `phase B: broadcast ${i}/${options.directives}: p50 ${s.p50.toFixed(1)} ms, max ${s.max.toFixed(1)} ms, missed ${arrived.missing}`,
      );
      await sleep(SETTLE_MS);
    }
    const bareCpu = cpuUsed(bareCpuStart, await cpuSample());
    const bareEvents = await disconnectAll(workers);
    // The receipts the bare server kept, as the API persists them: one per client and broadcast.
    const bareReceipts = (await (await fetch(`${bare.url}/receipts`)).json()) as { delivered?: number };

    const apiSummary = summarize(apiLatencies);
    const apiCommitSummary = summarize(apiFromCommit);
    const bareSummary = summarize(bareLatencies);
    // The fair comparison (issue 20): from the API's commit (its POST answered) against the bare
    // server, which emits before it answers and keeps the same receipts in memory.
    const ratioP99 = apiCommitSummary.p99 / bareSummary.p99;
    const ratioP99FromClick = apiSummary.p99 / bareSummary.p99;
    const perConnection = (before: number, after: number, n: number) =>
      n > 0 ? Math.round((after - before) / n) : null;
    return {
      envelope,
      ratioP99,
      apiP99FromClick: apiSummary.p99,
      apiMisses,
      connections: { api: apiConnected, bare: bareConnected },
      fanout: {
        api: {
          ...rounded(apiSummary),
          misses: apiMisses,
          httpResponse: rounded(summarize(httpMs)),
          fromCommit: rounded(apiCommitSummary),
          recipientCountMismatches: recipientMismatch,
          perDirective: apiSeries,
        },
        bare: {
          ...rounded(bareSummary),
          fromAnswer: rounded(summarize(bareFromAnswer)),
          misses: bareMisses,
          receiptsKept: bareReceipts.delivered ?? 0,
          receiptsExpected: bareConnected.ok * options.directives,
          receiptsPerSecond: round(bareKeptCount / bareKeptSeconds, 0),
          receiptTimeouts: bareReceiptTimeouts,
          perBroadcast: bareSeries,
        },
        /** API from commit ÷ bare from the click. */
        ratioP99: round(ratioP99, 3),
        ratioP99FromClick: round(ratioP99FromClick, 3),
      },
      memory: {
        apiBytesPerConnection: perConnection(apiRssBefore, apiRssAfter, apiConnected.ok),
        bareBytesPerConnection: perConnection(bareRssBefore, bareRssAfter, bareConnected.ok),
        apiRssBytes: { before: apiRssBefore, after: apiRssAfter },
        bareRssBytes: { before: bareRssBefore, after: bareRssAfter },
      },
      delivered: {
        perSecond: round(deliveredCount / deliveredSeconds, 0),
        count: deliveredCount,
        seconds: round(deliveredSeconds, 3),
        timeouts: deliveredTimeouts,
      },
      cpu: { api: apiCpu, bare: bareCpu },
      clientEvents: {
        api: { ...apiEvents, deliveredUnansweredBeforeNext: apiUnanswered },
        bare: { ...bareEvents, deliveredUnansweredBeforeNext: bareUnanswered },
      },
    };
  };
  const fanout = bare ? await fanoutPhases(bare) : null;

  // ---- Phase C: acknowledgements through the API, an open-loop load at a given rate.
  if (fanout) await sleep(1000);
  else await guard(warmUp(api.url, tokens[0]));
  log(`phase C: ${fanout ? 'reconnecting' : 'connecting'} the clients to the API`);
  const ackConnected = await connectAll(workers, apiUrls, options);
  log(
    `phase C: ${ackConnected.ok} sockets connected in ${ackConnected.seconds} s (${ackConnected.failed} failed)`,
  );
  await sleep(1000);

  let ackIndex = options.directives;
  /** Issues a directive asking for acknowledgement; returns once every client has it and all is quiet. */
  const issueForAcks = async () => {
    const issued = await issue(++ackIndex, true);
    const arrived = await collect(workers, issued.id, issued.t0, options.timeoutMs);
    const delivered = await guard(persisted(issued.id, 'delivered_count', ackConnected.ok));
    await quiet();
    await sleep(SETTLE_MS);
    return {
      id: issued.id,
      missing: arrived.missing,
      delivered: delivered.count,
      envelope: arrived.envelope,
    };
  };
  type AckDirective = Awaited<ReturnType<typeof issueForAcks>>;

  /**
   * Every connected client acknowledges every directive of `directives`: paced at
   * --ack-rate from a common start (or, `burst`, all at once from it).
   */
  const ackRun = async (directives: AckDirective[], burst: boolean) => {
    const ids = directives.map((d) => d.id);
    const runId = randomUUID();
    const start = now() + ACK_LEAD_MS;
    const answers = Promise.all(
      workers.map((w) =>
        w.request(
          {
            t: 'ack',
            id: runId,
            directiveIds: ids,
            schedule: burst
              ? { start, offsetMs: 0, intervalMs: 0 }
              : pacedSchedule(start, options.ackRate, workers.length, w.index),
            timeoutMs: options.timeoutMs,
          },
          'acked',
          runId,
        ),
      ),
    );
    answers.catch(() => undefined); // a failure surfaces where it is awaited, below
    await sleep(start - now());
    const cpuStart = await cpuSample();
    const acked = await answers;
    const cpu = cpuUsed(cpuStart, await cpuSample());

    const fromScheduled: number[] = [];
    const fromEmit: number[] = [];
    const lateness: number[] = [];
    const errorCodes: Record<string, number> = {};
    let ok = 0;
    let scheduled = 0;
    let sent = 0;
    let firstEmit = Infinity;
    let lastEmit = -Infinity;
    let firstCallback = Infinity;
    let lastCallback = -Infinity;
    for (const reply of acked) {
      ok += reply.ok;
      scheduled += reply.scheduled;
      sent += reply.emitted;
      if (reply.emitted > 0) {
        firstEmit = Math.min(firstEmit, reply.firstEmit);
        lastEmit = Math.max(lastEmit, reply.lastEmit);
      }
      if (reply.lastCallback > 0) lastCallback = Math.max(lastCallback, reply.lastCallback);
      if (reply.firstCallback > 0) firstCallback = Math.min(firstCallback, reply.firstCallback);
      for (const [k, v] of Object.entries(reply.errors)) errorCodes[k] = (errorCodes[k] ?? 0) + v;
      for (const l of reply.latencies) if (!Number.isNaN(l)) fromScheduled.push(l);
      for (const l of reply.emitLatencies) if (!Number.isNaN(l)) fromEmit.push(l);
      for (const l of reply.lateness) if (!Number.isNaN(l)) lateness.push(l);
    }
    const stored = await db.query<{ ackCount: number; acknowledged: number }>(
      `SELECT coalesce(sum(d.ack_count), 0)::int AS "ackCount",
              (SELECT count(*)::int FROM directive_recipients r
                WHERE r.directive_id = ANY($1) AND r.acknowledged_at IS NOT NULL) AS acknowledged
         FROM directives d WHERE d.id = ANY($1)`,
      [ids],
    );
    const { ackCount, acknowledged } = stored.rows[0];
    const latency = summarize(fromScheduled);
    // Between the first and the last answer: the rate the server sustained, not diluted by the
    // first answer's latency (issue 20).
    const persistedPerSecond = perSecond(ok - 1, firstCallback, lastCallback);
    const errors = Object.values(errorCodes).reduce((sum, v) => sum + v, 0);
    const figures = {
      mode: burst ? ('burst' as const) : ('paced' as const),
      /** From the scheduled send time: the measure the target uses. */
      ...rounded(latency),
      count: ok,
      /** Persisted rate: answers ok after the first / (last answer − first answer). */
      perSecond: round(persistedPerSecond, 0),
      seconds: round((lastCallback - firstCallback) / 1000, 3),
      /** The former measure: answered ok / (last answer − scheduled start). */
      perSecondFromStart: round(perSecond(ok, start, lastCallback), 0),
      offeredPerSecond: burst ? null : options.ackRate,
      scheduled,
      sent,
      sentPerSecond: round(perSecond(sent, firstEmit, lastEmit), 0),
      sendSeconds: round((lastEmit - firstEmit) / 1000, 3),
      fromEmit: rounded(summarize(fromEmit)),
      clientLateness: rounded(summarize(lateness)),
      errors,
      errorCodes,
      persisted: { ackCount, acknowledgedRows: acknowledged, expected: ackConnected.ok * ids.length },
      directives: ids.length,
      directiveMisses: directives.reduce((sum, d) => sum + d.missing, 0),
      deliveredBeforeAcks: directives.reduce((sum, d) => sum + d.delivered, 0),
    };
    log(
      `phase C: ${figures.mode}: ${ok} of ${scheduled} acknowledged` +
        (burst ? '' : ` (offered ${options.ackRate}/s, sent ${figures.sentPerSecond ?? '—'}/s)`) +
        `, persisted ${figures.perSecond ?? '—'}/s; from scheduled p50 ${figures.p50} ms, ` +
        `p99 ${figures.p99} ms; from emit p99 ${figures.fromEmit.p99} ms; ${errors} errors; ` +
        `stored ack_count ${ackCount}, rows ${acknowledged}`,
    );
    return { figures, cpu, p99: latency.p99, persistedPerSecond, errors, acknowledged };
  };

  const ackDirectives: AckDirective[] = [];
  for (let r = 0; r < options.acksPerSocket; r++) ackDirectives.push(await issueForAcks());
  log(
    `phase C: ${ackConnected.ok - ackDirectives[0].missing} clients have the directive` +
      (ackDirectives.length > 1 ? `s (${ackDirectives.length})` : '') +
      `; acknowledging at ${options.ackRate}/s`,
  );
  const paced = await ackRun(ackDirectives, false);
  await quiet();
  let burstRun: Awaited<ReturnType<typeof ackRun>> | null = null;
  if (options.ackBurst) {
    await sleep(1000);
    const directive = await issueForAcks();
    log(
      `phase C: ${ackConnected.ok - directive.missing} clients have one more directive; acknowledging at once`,
    );
    burstRun = await ackRun([directive], true);
  }
  const ackEvents = await disconnectAll(workers);

  // ---- Report.
  const envelope = fanout?.envelope ?? ackDirectives.find((d) => d.envelope)?.envelope ?? null;
  const ackExpected = options.clients * options.acksPerSocket;

  const report = {
    benchmark: 'directive fan-out',
    config: {
      clients: options.clients,
      directives: options.directives,
      processes: options.processes,
      apiInstances: options.instances,
      rampBatch: options.batch,
      timeoutSeconds: options.timeoutMs / 1000,
      ackRatePerSecond: options.ackRate,
      acksPerSocket: options.acksPerSocket,
      ackBurst: options.ackBurst,
      skipFanout: options.skipFanout,
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      memoryBytes: totalmem(),
      database: database.kind,
      payloadBytes: envelope ? Buffer.byteLength(JSON.stringify(envelope)) : null,
    },
    connections: {
      api: fanout?.connections.api ?? null,
      bare: fanout?.connections.bare ?? null,
      acks: ackConnected,
    },
    /** null with --skip-fanout, as are memory and delivered. */
    fanout: fanout?.fanout ?? null,
    memory: fanout?.memory ?? null,
    delivered: fanout?.delivered ?? null,
    acks: { ...paced.figures, burst: burstRun ? { ...burstRun.figures, cpu: burstRun.cpu } : null },
    cpu: { api: fanout?.cpu.api ?? null, bare: fanout?.cpu.bare ?? null, acks: paced.cpu },
    clientEvents: {
      api: fanout?.clientEvents.api ?? null,
      bare: fanout?.clientEvents.bare ?? null,
      acks: ackEvents,
    },
    serverLog: {
      api: {
        warn: sum(apis.map((a) => a.log.warn)),
        error: sum(apis.map((a) => a.log.error)),
        samples: apis.flatMap((a) => a.log.samples).slice(0, 20),
      },
      bare: bare?.log ?? null,
    },
    database: { stalls, ...slowStatements(database.log) },
    targets: [
      {
        name: 'fan-out p99 from commit vs bare socket.io p99 keeping the same receipts (no misses)',
        target: '≤ 1.2×',
        value: fanout ? round(fanout.ratioP99, 3) : null,
        pass: fanout ? fanout.ratioP99 <= 1.2 && fanout.apiMisses === 0 : null,
      },
      {
        name: `fan-out p99 from the click to ${options.clients} people (moonshot ${FANOUT_MOONSHOT_P99_MS} ms)`,
        target: `≤ ${FANOUT_TARGET_P99_MS} ms`,
        value: fanout ? round(fanout.apiP99FromClick, 1) : null,
        pass: fanout ? fanout.apiP99FromClick <= FANOUT_TARGET_P99_MS && fanout.apiMisses === 0 : null,
      },
      {
        name: `acknowledgements persisted per second, ${options.ackRate}/s offered (all persisted)`,
        target: `≥ ${ACK_TARGET_PER_SECOND}/s`,
        value: round(paced.persistedPerSecond, 0),
        pass:
          paced.persistedPerSecond >= ACK_TARGET_PER_SECOND &&
          paced.errors === 0 &&
          paced.acknowledged === ackExpected,
      },
      {
        name: `acknowledgement p99 from the scheduled send, ${options.ackRate}/s offered`,
        target: `≤ ${ACK_TARGET_P99_MS} ms`,
        value: round(paced.p99, 2),
        pass: paced.p99 <= ACK_TARGET_P99_MS,
      },
    ],
    durationSeconds: round((now() - started) / 1000, 1),
  };
  return report;
}

type Report = Awaited<ReturnType<typeof run>>;

function summaryText(r: Report): string {
  const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);
  const kib = (v: number | null) => (v === null ? '—' : `${(v / 1024).toFixed(1)} KiB`);
  const row = (cells: string[], widths: number[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const w = [24, 10, 10, 10, 10, 10, 8];
  type Figures = { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  const figures = (name: string, f: Figures & { mean: number | null }, last: string) =>
    row([name, ms(f.p50), ms(f.p95), ms(f.p99), ms(f.max), ms(f.mean), last], w);
  const cpuLine = (
    name: string,
    c: {
      machineBusyPercent: number | null;
      apiSeconds: number | null;
      apiSecondsPerInstance: (number | null)[];
      postgresSeconds: number | null;
      clientsSeconds: number | null;
      wallSeconds: number | null;
    },
  ) =>
    `CPU, ${name}: machine ${c.machineBusyPercent}% busy; API ${c.apiSeconds} s` +
    (c.apiSecondsPerInstance.length > 1
      ? ` (per instance ${c.apiSecondsPerInstance.join(' / ')} s), `
      : ', ') +
    `PostgreSQL ${c.postgresSeconds ?? '—'} s, clients ${c.clientsSeconds} s over ${c.wallSeconds} s`;
  const { acks, fanout } = r;
  const stored = (a: typeof acks | NonNullable<typeof acks.burst>) =>
    `stored ack_count ${a.persisted.ackCount}, rows ${a.persisted.acknowledgedRows} of ${a.persisted.expected}`;
  const lines = [
    '',
    `Directive fan-out — ${r.config.clients} clients in ${r.config.processes} processes, ` +
      (r.config.apiInstances > 1 ? `${r.config.apiInstances} API instances (Redis adapter), ` : '') +
      (fanout ? `${r.config.directives} directives` : 'fan-out skipped') +
      `, acknowledgements at ${r.config.ackRatePerSecond}/s (${r.config.acksPerSocket} per client), ` +
      `${r.config.cpus} CPUs, node ${r.config.node}, ${r.config.payloadBytes ?? '—'}-byte envelope`,
    '',
  ];
  if (fanout) {
    lines.push(
      row(['fan-out (→ client)', 'p50', 'p95', 'p99', 'max', 'mean', 'misses'], w),
      figures('API, from the click', fanout.api, String(fanout.api.misses)),
      figures('API, from commit', fanout.api.fromCommit, ''),
      figures('bare, from the click', fanout.bare, String(fanout.bare.misses)),
      figures('bare, from its answer', fanout.bare.fromAnswer, ''),
      `bare socket.io kept ${fanout.bare.receiptsKept} of ${fanout.bare.receiptsExpected} delivered receipts in memory, ` +
        `${fanout.bare.receiptsPerSecond ?? '—'}/s (${fanout.bare.receiptTimeouts} broadcasts timed out)`,
      '',
    );
  } else lines.push('fan-out (phases A and B): skipped (--skip-fanout)', '');
  lines.push(
    row(['acknowledgement (answer)', 'p50', 'p95', 'p99', 'max', 'mean', 'errors'], w),
    figures(`paced, − scheduled send`, acks, String(acks.errors)),
    figures(`paced, − actual emit`, acks.fromEmit, ''),
  );
  if (acks.burst) lines.push(figures('burst, − actual emit', acks.burst.fromEmit, String(acks.burst.errors)));
  lines.push('');
  if (fanout) {
    lines.push(
      `POST /directives answered in p50 ${ms(fanout.api.httpResponse.p50)}, max ${ms(fanout.api.httpResponse.max)}`,
      `memory per connection: API ${kib(r.memory?.apiBytesPerConnection ?? null)}, ` +
        `bare socket.io ${kib(r.memory?.bareBytesPerConnection ?? null)}`,
      `delivered receipts persisted: ${r.delivered?.perSecond ?? '—'}/s (${r.delivered?.timeouts} directives timed out)`,
    );
  }
  lines.push(
    `acknowledgements, paced: offered ${acks.offeredPerSecond}/s; sent ${acks.sentPerSecond ?? '—'}/s ` +
      `(${acks.sent} of ${acks.scheduled} over ${acks.sendSeconds ?? '—'} s, client lateness p99 ${ms(acks.clientLateness.p99)}, ` +
      `max ${ms(acks.clientLateness.max)}); persisted ${acks.perSecond ?? '—'}/s (${acks.count} answered ok ` +
      `over ${acks.seconds ?? '—'} s from the first answer to the last; ${acks.perSecondFromStart ?? '—'}/s from the ` +
      `scheduled start), ${acks.errors} errors; ${stored(acks)}`,
  );
  if (acks.burst)
    lines.push(
      `acknowledgements, burst (--ack-burst, for comparison): ${acks.burst.count} of ${acks.burst.scheduled} ` +
        `sent at once, answered ${acks.burst.seconds ?? '—'} s after = ${acks.burst.perSecond ?? '—'}/s, ` +
        `p99 from the start ${ms(acks.burst.p99)}, ${acks.burst.errors} errors; ${stored(acks.burst)}`,
    );
  if (r.cpu.api) lines.push(cpuLine('API phase', r.cpu.api));
  if (r.cpu.bare)
    lines.push(
      `CPU, bare phase: machine ${r.cpu.bare.machineBusyPercent}% busy; bare server ${r.cpu.bare.bareSeconds} s, ` +
        `clients ${r.cpu.bare.clientsSeconds} s over ${r.cpu.bare.wallSeconds} s`,
    );
  lines.push(cpuLine('paced acknowledgements', r.cpu.acks));
  if (acks.burst) lines.push(cpuLine('burst acknowledgements', acks.burst.cpu));
  lines.push(
    `server log: API ${r.serverLog.api.warn} warnings, ${r.serverLog.api.error} errors; database: ` +
      `${r.database.slowStatements.reduce((n, g) => n + g.count, 0)} statements ≥ ${r.database.slowStatementThresholdMs} ms, ` +
      `${r.database.slowPlans.length} plans ≥ ${r.database.slowPlanThresholdMs} ms, ${r.database.lockWaits.count} lock waits, ` +
      `${r.database.errors.count} errors, ${r.database.stalls.length} receipt stalls > 10 s`,
    '',
    'targets:',
    ...r.targets.map(
      (t) =>
        `  ${t.pass === null ? 'SKIP' : t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value ?? '—'} (target ${t.target})`,
    ),
    '',
  );
  if (fanout && r.config.directives < 20)
    lines.push('note: fewer than 20 directives; the issue asks for at least 20.', '');
  if (r.config.ackRatePerSecond <= ACK_TARGET_PER_SECOND)
    lines.push(
      `note: ${r.config.ackRatePerSecond}/s offered is not more than the ${ACK_TARGET_PER_SECOND}/s target; ` +
        'offer more (the default is 6000/s) to see what the server sustains.',
      '',
    );
  return lines.join('\n');
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const interrupt = (signal: string) => {
    log(`${signal}: stopping`);
    stopping = true;
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));
  let code = 0;
  try {
    const report = await run(options);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(summaryText(report));
  } catch (error) {
    process.stderr.write(`bench:fanout failed: ${String((error as Error)?.stack ?? error)}\n`);
    code = 1;
  } finally {
    stopping = true;
    await cleanUp();
  }
  process.exit(code);
}

void main();
