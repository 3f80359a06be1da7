/**
 * `npm run bench:tasks` — signed task assignments created per second through the real HTTP
 * API, next to an SQL-only replay of exactly the statements those assignments send, on the
 * same PostgreSQL with the same number of clients, in the same run.
 *
 *   npm run bench:tasks -- [--clients 8] [--requests 4000] [--warmup 400] [--capture 2000]
 *
 * DATABASE_URL: use that server (fresh databases, dropped afterwards) instead of an embedded one.
 *
 * 1. A fresh database, migrated; a city with 10 districts of 10 wards; one leader per client
 *    (the district leaders, then the city's), each with a session and an access token minted
 *    here (set-up, not measured).
 * 2. The real API (dist/apps/api/src/main.js) starts; each client makes a P-256 key with
 *    WebCrypto and enrols it over HTTP (PKCS#10 → certificate).
 * 3. Every assignment is signed in advance, as browsers would sign them (ES256 over the RFC
 *    8785 content): the client's signing is not the server's cost. Each goes to a ward of
 *    the leader's district as lead, with one coordinating and one informed ward.
 * 4. Measured: C clients, each with one keep-alive connection, POST /tasks back to back —
 *    authentication, validation, canonicalization, signature and certificate checks, and the
 *    task, parties, signature, audit entry and outbox event written in one transaction. The
 *    warm-up requests are not counted.
 * 5. Baseline: the API stops; the database is copied (CREATE DATABASE … TEMPLATE); the API
 *    starts again with bench/sql-capture.js loaded and serves --capture more assignments,
 *    recording each statement with its wire parameters; bench/sql-replay.ts sends those
 *    statements into the copy, one pg client per bench client, each client's assignments in
 *    order. Its rate is what the database alone allows for this exact work.
 *
 * It prints one JSON object and a readable summary on stdout (progress goes to stderr).
 * The targets (≥ 0.5 × the replay, ≥ 400/s, p99 ≤ 100 ms, PostgreSQL ≤ 2 ms CPU per
 * assignment) are reported, not asserted.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { dataSourceOptions, migrateDatabase, startEmbeddedPostgres } from '@lt/database';
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import { createCertificateRequest } from '../libs/signing/src/client/certificate-request';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import {
  cpuOf,
  machineJiffies,
  postgresPids,
  postgresStatements,
  startApi,
  STATEMENT_STATISTICS,
} from './proc';
import { DUMMY_PASSWORD_HASH, seedCity } from './seed-org';
import { readCapture, replay, ReplayResult } from './sql-replay';
import { round, rounded, summarize } from './stats';

const TARGET_RATIO = 0.5;
const TARGET_RATE = 400;
const TARGET_P99_MS = 100;
const TARGET_PG_CPU_MS = 2;
const log = (line: string) => process.stderr.write(`[bench:tasks] ${line}\n`);
const now = () => performance.now();

interface Options {
  clients: number;
  requests: number;
  warmup: number;
  capture: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { clients: 8, requests: 4000, warmup: 400, capture: 2000 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!(key in options) || !Number.isInteger(value) || value < 1)
      throw new Error(`bad option ${argv[i]} ${argv[i + 1]}`);
    options[key as keyof Options] = value;
  }
  if (options.clients > 11)
    throw new Error('--clients is at most 11 (10 district leaders and the city leader)');
  return options;
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  for (const step of cleanups.reverse())
    await Promise.resolve(step()).catch((e: unknown) => log(`clean-up: ${String(e)}`));
}

async function openServer(): Promise<{ url: (db: string) => string; admin: string; dataDir: string | null }> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const at = (name: string) => {
      const url = new URL(base);
      url.pathname = `/${name}`;
      return url.toString();
    };
    return { url: at, admin: base, dataDir: null };
  }
  const dir = mkdtempSync(join(tmpdir(), 'lt-bench-tasks-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    database: 'postgres',
    persistent: false,
    settings: STATEMENT_STATISTICS,
  });
  cleanups.push(() => pg.stop());
  const at = (name: string) => {
    const url = new URL(pg.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return { url: at, admin: pg.url, dataDir: dir };
}

async function createDatabase(admin: string, name: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await client.end();
  }
  cleanups.push(async () => {
    const drop = new Client({ connectionString: admin });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  });
}

interface Leader {
  userId: string;
  sessionId: string;
  positionId: string;
  unitId: string;
  wards: string[];
}

async function seed(db: Client, count: number): Promise<Leader[]> {
  await db.query('BEGIN');
  await seedCity(db, 10, 10);
  const units = (
    await db.query<{ id: string }>(
      `SELECT id FROM org_units WHERE kind IN ('district', 'city') ORDER BY kind DESC, code`,
    )
  ).rows.slice(0, count);
  const leaders: Leader[] = [];
  for (const [i, unit] of units.entries()) {
    const [{ id: userId }] = (
      await db.query<{ id: string }>(
        `INSERT INTO users (username, full_name, password_hash, version) VALUES ($1, $2, $3, 1) RETURNING id`,
        [`bench.leader.${i}`, `Chủ tịch thử tải ${i}`, DUMMY_PASSWORD_HASH],
      )
    ).rows;
    const [{ id: positionId }] = (
      await db.query<{ id: string }>(
        `INSERT INTO positions (user_id, unit_id, role, title) VALUES ($1, $2, 'leader', 'Chủ tịch') RETURNING id`,
        [userId, unit.id],
      )
    ).rows;
    const [{ id: sessionId }] = (
      await db.query<{ id: string }>(
        `INSERT INTO auth_sessions (user_id, refresh_hash, expires_at, user_agent)
         VALUES ($1, md5(random()::text) || md5(random()::text), now() + interval '1 day', 'bench:tasks') RETURNING id`,
        [userId],
      )
    ).rows;
    const wards = (
      await db.query<{ id: string }>(
        `SELECT descendant_id AS id FROM org_unit_closure WHERE ancestor_id = $1 AND depth = 1 ORDER BY descendant_id`,
        [unit.id],
      )
    ).rows.map((r) => r.id);
    leaders.push({ userId, sessionId, positionId, unitId: unit.id, wards });
  }
  await db.query('COMMIT');
  await db.query('ANALYZE');
  return leaders;
}

interface Prepared {
  token: string;
  bodies: string[];
}

async function prepare(url: string, leader: Leader, token: string, count: number): Promise<Prepared> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const csr = await createCertificateRequest(keys, `bench ${leader.userId}`, webcrypto);
  const enrolled = await fetch(`${url}/signing/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ csr, positionId: leader.positionId }),
  });
  if (enrolled.status !== 201)
    throw new Error(`enrolment failed: ${enrolled.status} ${await enrolled.text()}`);
  const certificateId = ((await enrolled.json()) as { id: string }).id;
  const bodies: string[] = [];
  const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
  for (let i = 0; i < count; i++) {
    const w = leader.wards;
    const content = {
      kind: 'lien-thong/task-assignment@1',
      title: `Rà soát hộ dân cần hỗ trợ sau bão, đợt ${i + 1}`,
      description: 'Lập danh sách, xác minh và đề xuất mức hỗ trợ; báo cáo về Ủy ban trước hạn.',
      lead: { unitId: w[i % w.length] },
      coordinators: [{ unitId: w[(i + 1) % w.length] }],
      informed: [{ unitId: w[(i + 2) % w.length] }],
      deadline,
      priority: i % 5,
      source: null,
      assigner: leader.userId,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    const signature = await signContent(webcrypto.subtle, keys.privateKey, content);
    bodies.push(JSON.stringify({ content, signature, certificateId }));
  }
  return { token, bodies };
}

/** POST with node:http on the client's own keep-alive connection: a light client, as pgbench is. */
function post(
  agent: Agent,
  url: URL,
  token: string,
  body: Buffer,
  captureTag?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/tasks',
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': body.length,
          ...(captureTag ? { 'x-bench-capture': captureTag } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** C loops, each posting its own bodies back to back over one connection; per-request latencies. */
async function drive(url: string, prepared: Prepared[], from: number, to: number, capture = false) {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const target = new URL(url);
  const started = now();
  await Promise.all(
    prepared.map(async ({ token, bodies }, c) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = from; i < to; i++) {
          const t0 = now();
          const response = await post(
            agent,
            target,
            token,
            Buffer.from(bodies[i]),
            capture ? `${c}:${i}` : undefined,
          );
          if (response.status === 201) latencies.push(now() - t0);
          else {
            const code = `${response.status} ${(JSON.parse(response.text) as { code?: string }).code ?? ''}`;
            errors[code] = (errors[code] ?? 0) + 1;
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  return { latencies, errors, seconds: (now() - started) / 1000 };
}

/** CPU seconds of the embedded server's processes; null on an external server. */
function postgresCpu(dataDir: string | null): number | null {
  return dataDir ? postgresPids(dataDir).reduce((sum, pid) => sum + cpuOf(pid), 0) : null;
}

/** The statements of one assignment, by kind: how many per assignment, and their replay time. */
function statementsPerAssignment(replayed: ReplayResult) {
  return [...replayed.byStatement]
    .map(([statement, { count, ms }]) => ({
      statement: statement.slice(0, 200),
      perAssignment: round(count / Math.max(1, replayed.requests), 2),
      replayMsEach: round(ms / count, 3),
    }))
    .sort((a, b) => (b.replayMsEach ?? 0) - (a.replayMsEach ?? 0));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  log(
    `${options.clients} clients, ${options.requests} assignments (+${options.warmup} warm-up, ${options.capture} captured for the SQL replay); ${cpus().length} CPUs, node ${process.version}`,
  );
  const server = await openServer();
  const suffix = `${process.pid}_${Date.now()}`;
  const appDb = `lt_bench_tasks_${suffix}`;
  const replayDb = `lt_bench_replay_${suffix}`;
  await createDatabase(server.admin, appDb);
  await migrateDatabase(dataSourceOptions(server.url(appDb), DATABASE_WIRING));
  const db = new Client({ connectionString: server.url(appDb) });
  await db.connect();
  const leaders = await seed(db, options.clients);
  await db.end();
  const secret = randomBytes(36).toString('base64url');
  // The same CA key for both runs of the API: the second must unseal what the first made.
  const env = { CA_KEY_SECRET: randomBytes(36).toString('base64url') };
  const jwt = new JwtService({ secret });
  const api = await startApi(server.url(appDb), secret, cleanups, env);
  const perClient = Math.ceil(options.requests / options.clients);
  const warmPerClient = Math.ceil(options.warmup / options.clients);
  const capturePerClient = Math.ceil(options.capture / options.clients);
  log(`API up at ${api.url}; enrolling ${leaders.length} keys and signing the assignments`);
  const prepared = await Promise.all(
    leaders.map((l) =>
      prepare(
        api.url,
        l,
        jwt.sign({ sub: l.userId, sid: l.sessionId, typ: 'access' }, { expiresIn: 86400 }),
        warmPerClient + perClient + capturePerClient,
      ),
    ),
  );
  log('warming up');
  await drive(api.url, prepared, 0, warmPerClient);
  log('measuring POST /tasks');
  await postgresStatements(server.url(appDb), 1, true);
  // CPU used during the measured phase, per process group: where a task's cost goes.
  const cpuBefore = {
    api: cpuOf(api.child.pid!),
    postgres: postgresCpu(server.dataDir),
    clients: process.cpuUsage(),
    machine: machineJiffies(),
  };
  const measured = await drive(api.url, prepared, warmPerClient, warmPerClient + perClient);
  const created = measured.latencies.length;
  const machine = machineJiffies();
  const postgresAfter = postgresCpu(server.dataDir);
  const clientsCpu = process.cpuUsage(cpuBefore.clients);
  const cpuPerTaskMs = {
    api: round(((cpuOf(api.child.pid!) - cpuBefore.api) * 1000) / created),
    postgres: postgresAfter === null ? null : round(((postgresAfter - cpuBefore.postgres!) * 1000) / created),
    clients: round((clientsCpu.user + clientsCpu.system) / 1000 / created),
  };
  const machineBusy = round(
    (100 * (machine.busy - cpuBefore.machine.busy)) / Math.max(1, machine.total - cpuBefore.machine.total),
    1,
  );
  const apiRate = created / measured.seconds;
  const apiStatements = await postgresStatements(server.url(appDb), created, false);

  // The SQL-only baseline: a copy of the database as it is now, the API run once more with
  // bench/sql-capture.js loaded to record what the next assignments send, and those
  // statements replayed into the copy by plain pg clients.
  log('capturing the SQL of further assignments');
  await api.stop();
  await createDatabase(server.admin, replayDb, appDb);
  const captureFile = join(mkdtempSync(join(tmpdir(), 'lt-bench-capture-')), 'statements.jsonl');
  cleanups.push(() => rmSync(dirname(captureFile), { recursive: true, force: true }));
  const capturing = await startApi(
    server.url(appDb),
    secret,
    cleanups,
    { ...env, BENCH_SQL_CAPTURE: captureFile },
    ['--require', join(__dirname, 'sql-capture.js')],
  );
  const captured = await drive(
    capturing.url,
    prepared,
    warmPerClient + perClient,
    warmPerClient + perClient + capturePerClient,
    true,
  );
  await capturing.stop();
  const capture = readCapture(captureFile);
  const capturedRequests = capture.clients.reduce((sum, c) => sum + c.length, 0);
  if (capturedRequests !== captured.latencies.length)
    throw new Error(`captured ${capturedRequests} requests of ${captured.latencies.length}`);
  log(`replaying ${capturedRequests} assignments' statements, ${options.clients} pg clients`);
  await postgresStatements(server.url(replayDb), 1, true);
  const replayed = await replay(server.url(replayDb), capture, () => postgresCpu(server.dataDir));
  const [postgresBeforeReplay, postgresAfterReplay] = replayed.samples as [number | null, number | null];
  const replayRate = replayed.requests / replayed.seconds;
  const replayStatements = await postgresStatements(server.url(replayDb), replayed.requests, false);
  const ratio = apiRate / replayRate;
  const report = {
    benchmark: 'tasks',
    machine: {
      cpus: cpus().length,
      node: process.version,
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
    },
    options,
    api: {
      created,
      seconds: round(measured.seconds),
      perSecond: round(apiRate, 1),
      latencyMs: rounded(summarize(measured.latencies)),
      errors: measured.errors,
      cpuPerTaskMs,
      machineBusyPercent: machineBusy,
      postgresStatements: apiStatements,
    },
    sqlReplay: {
      assignments: replayed.requests,
      seconds: round(replayed.seconds),
      perSecond: round(replayRate, 1),
      latencyMs: rounded(summarize(replayed.latencies)),
      errors: replayed.errors,
      statementsPerAssignment: round(replayed.statements / Math.max(1, replayed.requests), 2),
      backgroundStatementsPerAssignment: round(capture.untagged / Math.max(1, capturedRequests), 2),
      postgresCpuPerAssignmentMs:
        postgresAfterReplay === null
          ? null
          : round(((postgresAfterReplay - postgresBeforeReplay!) * 1000) / Math.max(1, replayed.requests)),
      statements: statementsPerAssignment(replayed),
      postgresStatements: replayStatements,
    },
    ratio: round(ratio, 3),
    targets: {
      ratio: { target: TARGET_RATIO, met: ratio >= TARGET_RATIO },
      perSecond: { target: TARGET_RATE, met: apiRate >= TARGET_RATE },
      p99Ms: { target: TARGET_P99_MS, met: summarize(measured.latencies).p99 <= TARGET_P99_MS },
      postgresCpuPerTaskMs: {
        target: TARGET_PG_CPU_MS,
        met: cpuPerTaskMs.postgres === null ? null : cpuPerTaskMs.postgres <= TARGET_PG_CPU_MS,
      },
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const l = report.api.latencyMs;
  const r = report.sqlReplay;
  const met = (ok: boolean | null) => (ok === null ? '?' : ok ? 'MET' : 'NOT MET');
  process.stdout.write(
    [
      '',
      `signed assignments through POST /tasks: ${report.api.perSecond}/s (${created} in ${report.api.seconds} s, ${options.clients} clients)`,
      `  latency p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms; errors ${JSON.stringify(report.api.errors)}`,
      `  CPU per task: API ${cpuPerTaskMs.api} ms, PostgreSQL ${cpuPerTaskMs.postgres ?? '?'} ms, clients ${cpuPerTaskMs.clients} ms; machine ${machineBusy}% busy`,
      `SQL-only replay of the same statements, ${options.clients} pg clients: ${r.perSecond}/s (${r.assignments} in ${r.seconds} s), p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; errors ${JSON.stringify(r.errors)}`,
      `  ${r.statementsPerAssignment} statements per assignment (+${r.backgroundStatementsPerAssignment} by relays outside the request); PostgreSQL CPU ${r.postgresCpuPerAssignmentMs ?? '?'} ms per assignment`,
      `ratio API / replay ${report.ratio} (target ≥ ${TARGET_RATIO}): ${met(report.targets.ratio.met)}`,
      `rate ≥ ${TARGET_RATE}/s: ${met(report.targets.perSecond.met)}; p99 ≤ ${TARGET_P99_MS} ms: ${met(report.targets.p99Ms.met)}; PostgreSQL CPU ≤ ${TARGET_PG_CPU_MS} ms per task: ${met(report.targets.postgresCpuPerTaskMs.met)}`,
      '',
    ].join('\n'),
  );
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
