/**
 * `npm run bench:tasks` — signed task assignments created per second through the real HTTP
 * API, next to pgbench's TPC-B on the same PostgreSQL with the same number of clients, in
 * the same run.
 *
 *   npm run bench:tasks -- [--clients 8] [--requests 4000] [--warmup 400] [--seconds 20]
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
 * 5. Baseline: `pgbench -i -s 10` into another database of the same server, then TPC-B with
 *    the same client count for --seconds.
 *
 * It prints one JSON object and a readable summary on stdout (progress goes to stderr).
 * The target (≥ 0.5 × pgbench TPS) is reported, not asserted.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { dataSourceOptions, migrateDatabase, startEmbeddedPostgres } from '@lt/database';
import { execFile } from 'node:child_process';
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import { createCertificateRequest } from '../libs/signing/src/client/certificate-request';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import { cpuOf, machineJiffies, postgresPids, startApi } from './proc';
import { DUMMY_PASSWORD_HASH, seedCity } from './seed-org';
import { round, rounded, summarize } from './stats';

const TARGET_RATIO = 0.5;
const log = (line: string) => process.stderr.write(`[bench:tasks] ${line}\n`);
const now = () => performance.now();
const run = promisify(execFile);

interface Options {
  clients: number;
  requests: number;
  warmup: number;
  seconds: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { clients: 8, requests: 4000, warmup: 400, seconds: 20 };
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
  const pg = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres', persistent: false });
  cleanups.push(() => pg.stop());
  const at = (name: string) => {
    const url = new URL(pg.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return { url: at, admin: pg.url, dataDir: dir };
}

async function createDatabase(admin: string, name: string): Promise<void> {
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
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
async function drive(url: string, prepared: Prepared[], from: number, to: number) {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const target = new URL(url);
  const started = now();
  await Promise.all(
    prepared.map(async ({ token, bodies }) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = from; i < to; i++) {
          const t0 = now();
          const response = await post(agent, target, token, Buffer.from(bodies[i]));
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

async function pgbench(url: string, clients: number, seconds: number) {
  const u = new URL(url);
  const env = {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: u.pathname.slice(1),
  };
  await run('pgbench', ['-i', '-s', '10', '-q'], { env });
  const { stdout } = await run(
    'pgbench',
    ['-c', String(clients), '-j', String(Math.min(clients, cpus().length)), '-T', String(seconds)],
    {
      env,
    },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  const latency = /latency average = ([\d.]+) ms/.exec(stdout);
  if (!tps) throw new Error(`cannot read pgbench's output:\n${stdout}`);
  return {
    tps: Number(tps[1]),
    latencyAverageMs: latency ? Number(latency[1]) : null,
    output: stdout.trim(),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  log(
    `${options.clients} clients, ${options.requests} assignments (+${options.warmup} warm-up); ${cpus().length} CPUs, node ${process.version}`,
  );
  const server = await openServer();
  const suffix = `${process.pid}_${Date.now()}`;
  const appDb = `lt_bench_tasks_${suffix}`;
  const pgbenchDb = `lt_pgbench_${suffix}`;
  await createDatabase(server.admin, appDb);
  await createDatabase(server.admin, pgbenchDb);
  await migrateDatabase(dataSourceOptions(server.url(appDb), DATABASE_WIRING));
  const db = new Client({ connectionString: server.url(appDb) });
  await db.connect();
  cleanups.push(() => db.end());
  const leaders = await seed(db, options.clients);
  const secret = randomBytes(36).toString('base64url');
  const jwt = new JwtService({ secret });
  const api = await startApi(server.url(appDb), secret, cleanups);
  log(
    `API up at ${api.url}; enrolling ${leaders.length} keys and signing ${options.clients * (options.requests / options.clients + options.warmup / options.clients)} assignments`,
  );
  const perClient = Math.ceil(options.requests / options.clients);
  const warmPerClient = Math.ceil(options.warmup / options.clients);
  const prepared = await Promise.all(
    leaders.map((l) =>
      prepare(
        api.url,
        l,
        jwt.sign({ sub: l.userId, sid: l.sessionId, typ: 'access' }, { expiresIn: 86400 }),
        warmPerClient + perClient,
      ),
    ),
  );
  log('warming up');
  await drive(api.url, prepared, 0, warmPerClient);
  log('measuring POST /tasks');
  // CPU used during the measured phase, per process group: where a task's cost goes.
  const pgPids = postgresPids(server.dataDir);
  const cpuBefore = {
    api: cpuOf(api.child.pid!),
    postgres: pgPids.reduce((sum, pid) => sum + cpuOf(pid), 0),
    clients: process.cpuUsage(),
    machine: machineJiffies(),
  };
  const measured = await drive(api.url, prepared, warmPerClient, warmPerClient + perClient);
  const created = measured.latencies.length;
  const machine = machineJiffies();
  const cpuPerTaskMs = {
    api: round(((cpuOf(api.child.pid!) - cpuBefore.api) * 1000) / created),
    postgres: server.dataDir
      ? round(
          ((postgresPids(server.dataDir).reduce((sum, pid) => sum + cpuOf(pid), 0) - cpuBefore.postgres) *
            1000) /
            created,
        )
      : null,
    clients: round(
      (process.cpuUsage(cpuBefore.clients).user + process.cpuUsage(cpuBefore.clients).system) /
        1000 /
        created,
    ),
  };
  const machineBusy = round(
    (100 * (machine.busy - cpuBefore.machine.busy)) / Math.max(1, machine.total - cpuBefore.machine.total),
    1,
  );
  const [{ count }] = (await db.query<{ count: string }>('SELECT count(*) FROM tasks')).rows;
  const apiRate = measured.latencies.length / measured.seconds;
  log(`measuring pgbench TPC-B, ${options.clients} clients, ${options.seconds} s`);
  const baseline = await pgbench(server.url(pgbenchDb), options.clients, options.seconds);
  const ratio = apiRate / baseline.tps;
  const report = {
    benchmark: 'tasks',
    machine: {
      cpus: cpus().length,
      node: process.version,
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
    },
    options,
    api: {
      created: measured.latencies.length,
      seconds: round(measured.seconds),
      perSecond: round(apiRate, 1),
      latencyMs: rounded(summarize(measured.latencies)),
      errors: measured.errors,
      tasksInDatabase: Number(count),
      cpuPerTaskMs,
      machineBusyPercent: machineBusy,
    },
    pgbench: { tps: baseline.tps, latencyAverageMs: baseline.latencyAverageMs },
    ratio: round(ratio, 3),
    target: { ratio: TARGET_RATIO, met: ratio >= TARGET_RATIO },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const l = report.api.latencyMs;
  process.stdout.write(
    [
      '',
      `signed assignments through POST /tasks: ${report.api.perSecond}/s (${report.api.created} in ${report.api.seconds} s, ${options.clients} clients)`,
      `  latency p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms; errors ${JSON.stringify(report.api.errors)}`,
      `  CPU per task: API ${cpuPerTaskMs.api} ms, PostgreSQL ${cpuPerTaskMs.postgres ?? '?'} ms, clients ${cpuPerTaskMs.clients} ms; machine ${machineBusy}% busy`,
      `pgbench TPC-B, same server, ${options.clients} clients: ${baseline.tps.toFixed(1)} tps`,
      `ratio ${report.ratio} (target ≥ ${TARGET_RATIO}): ${report.target.met ? 'MET' : 'NOT MET'}`,
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
