/**
 * `npm run bench:views` — what recording "who viewed it" (Decree 30/2020) costs a GET.
 *
 *   npm run bench:views -- [--requests 4000] [--concurrency 16]
 *
 * One fresh database (DATABASE_URL's server, or an embedded PostgreSQL) holding one district
 * with a clerk and one incoming document. The real API (dist/apps/api/src/main.js) is started
 * twice on it, one after the other: with AUDIT_VIEWS=false (the baseline, same run) and with
 * AUDIT_VIEWS=true. Each time, --requests GET /documents/:id go out --concurrency at a time
 * after a warm-up; their latency and rate are measured, then the API stops (flushing its
 * pending views) and the view entries written are counted: every view must be there.
 *
 * Prints one JSON object and a readable summary on stdout (progress on stderr). Nothing asserted.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { dataSourceOptions, migrateDatabase } from '@lt/database';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import { openBenchDatabase, startApi } from './proc';
import { DUMMY_PASSWORD_HASH, seedCity } from './seed-org';
import { round, rounded, summarize } from './stats';

const WARM_UP = 300;
const log = (line: string) => process.stderr.write(`[bench:views] ${line}\n`);
const cleanups: (() => Promise<void> | void)[] = [];

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

async function get(agent: Agent, url: string, token: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = httpRequest(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
  return performance.now() - started;
}

async function drive(url: string, token: string, requests: number, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        latencies.push(await get(agent, url, token));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    latency: rounded(summarize(Float64Array.from(latencies).sort())),
    perSecond: round(requests / seconds, 0),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const requests = option(args, 'requests', 4000);
  const concurrency = option(args, 'concurrency', 16);
  log(
    `${requests} GET /documents/:id, ${concurrency} at a time; ${cpus().length} CPUs, node ${process.version}`,
  );
  const databaseUrl = await openBenchDatabase('views', cleanups);
  await migrateDatabase(dataSourceOptions(databaseUrl, DATABASE_WIRING));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  cleanups.push(() => db.end());
  await seedCity(db, 1, 1);
  const [{ id: unitId }] = (
    await db.query<{ id: string }>(`SELECT id FROM org_units WHERE kind = 'district' LIMIT 1`)
  ).rows;
  const [{ id: userId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO users (username, full_name, password_hash, version) VALUES ('bench.clerk', 'Văn thư thử tải', $1, 1) RETURNING id`,
      [DUMMY_PASSWORD_HASH],
    )
  ).rows;
  await db.query(`INSERT INTO positions (user_id, unit_id, role) VALUES ($1, $2, 'clerk')`, [userId, unitId]);
  const [{ id: sessionId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO auth_sessions (user_id, refresh_hash, expires_at, user_agent)
       VALUES ($1, md5(random()::text) || md5(random()::text), now() + interval '1 day', 'bench:views') RETURNING id`,
      [userId],
    )
  ).rows;
  const [{ id: documentId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO documents (direction, unit_id, register_year, register_number, code_number, code_notation, organ_name,
                              dedup_key, issued_date, type_name, subject, priority, state, registered_by, version)
       VALUES ('incoming', $1, 2026, 1, '1', 'UBND-VP', 'Ủy ban nhân dân thành phố', 'bench', '2026-12-01', 'Công văn',
               'Về việc thử tải ghi nhận người xem', 0, 'registered', $2, 1) RETURNING id`,
      [unitId, userId],
    )
  ).rows;
  const secret = randomBytes(36).toString('base64url');
  const token = new JwtService({ secret }).sign(
    { sub: userId, sid: sessionId, typ: 'access' },
    { expiresIn: 86400 },
  );

  // Both starts open the same certificate authority: one sealing secret for the run.
  const caKeySecret = randomBytes(36).toString('base64url');
  const results: Record<string, unknown> = {};
  for (const views of ['false', 'true'] as const) {
    const own: (() => Promise<void> | void)[] = [];
    const api = await startApi(databaseUrl, secret, own, { AUDIT_VIEWS: views, CA_KEY_SECRET: caKeySecret });
    const url = `${api.url}/documents/${documentId}`;
    log(`AUDIT_VIEWS=${views}: warming up`);
    await drive(url, token, WARM_UP, concurrency);
    log(`AUDIT_VIEWS=${views}: measuring`);
    const measured = await drive(url, token, requests, concurrency);
    for (const step of own.reverse()) await step();
    const [{ n }] = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'document.view'`,
      )
    ).rows;
    results[views === 'true' ? 'recorded' : 'baseline'] = { ...measured, viewEntriesInChain: n };
  }
  const baseline = results.baseline as {
    latency: { p50: number; p95: number; p99: number };
    perSecond: number;
  };
  const recorded = results.recorded as typeof baseline & { viewEntriesInChain: number };
  const report = {
    requests,
    concurrency,
    baseline,
    recorded,
    overhead: {
      p50Ms: round(recorded.latency.p50 - baseline.latency.p50),
      p95Ms: round(recorded.latency.p95 - baseline.latency.p95),
      ratePercent: round(((baseline.perSecond - recorded.perSecond) / baseline.perSecond) * 100, 1),
    },
    allRecorded: recorded.viewEntriesInChain === requests + WARM_UP,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `GET /documents/:id, ${requests} at ${concurrency} concurrent: without recording p50 ${baseline.latency.p50} ms, ` +
      `p95 ${baseline.latency.p95} ms, ${baseline.perSecond}/s; with recording p50 ${recorded.latency.p50} ms, ` +
      `p95 ${recorded.latency.p95} ms, ${recorded.perSecond}/s; ${recorded.viewEntriesInChain} views in the audit chain ` +
      `(${report.allRecorded ? 'all' : 'NOT all'} of ${requests + WARM_UP}).\n`,
  );
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const step of cleanups.reverse()) await step();
  });
