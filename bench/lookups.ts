/**
 * `npm run bench:lookups` — what a flood of citizens' public lookups from one address does to
 * the staff working beside it (issue 22, point 7).
 *
 *   npm run bench:lookups -- [--requests 3000] [--concurrency 8] [--flood 32]
 *
 * One fresh database (DATABASE_URL's server, or an embedded PostgreSQL) holding a ward with a
 * counter official, a procedure and one citizen's file. The real API (dist/apps/api) runs once.
 * Phase 1, the baseline of the same run: --requests staff reads (GET /one-stop/files/:id with the
 * official's token), --concurrency at a time. Phase 2: the same staff reads while --flood
 * connections from one address (X-Forwarded-For through TRUST_PROXY=loopback) send lookups with
 * guessed codes and PINs back to back for as long as the staff phase lasts. Reported: the staff
 * p50/p95/p99 of both phases, the flood's rate and how it was answered (404, 429). Phases 3 and 4,
 * where Debian's nginx is installed: the same two through nginx with the shipped rules of
 * deploy/nginx (the production path: the flood meets limit_req there).
 *
 * Prints one JSON object and a readable summary on stdout (progress on stderr). Nothing asserted.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { dataSourceOptions, freePort, migrateDatabase } from '@lt/database';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import { nginxBinary, startLocalNginx } from '../scripts/local-nginx';
import { openBenchDatabase, startApi } from './proc';
import { DUMMY_PASSWORD_HASH, seedCity } from './seed-org';
import { round, rounded, summarize } from './stats';

const WARM_UP = 300;
const log = (line: string) => process.stderr.write(`[bench:lookups] ${line}\n`);
const cleanups: (() => Promise<void> | void)[] = [];

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** One GET; its latency and status. */
function get(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function staff(url: string, token: string, requests: number, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const r = await get(agent, url, { authorization: `Bearer ${token}` });
        if (r.status !== 200) failed++;
        latencies.push(r.ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    latency: rounded(summarize(Float64Array.from(latencies))),
    perSecond: round(requests / seconds, 0),
    failed,
  };
}

/** Lookups with guessed codes and PINs from one address until `stop` says so. */
async function flood(base: string, connections: number, stop: () => boolean) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const statuses: Record<string, number> = {};
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      while (!stop()) {
        const n = sent++;
        const code = `000.00.00.H17-261207-${String(n % 10_000).padStart(4, '0')}`;
        const pin = String((n * 7919 + c) % 1_000_000).padStart(6, '0');
        const r = await get(agent, `${base}/public/one-stop/files/${code}?pin=${pin}`, {
          'x-forwarded-for': '198.51.100.77',
        });
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }),
  );
  agent.destroy();
  return { sent, perSecond: round(sent / ((performance.now() - started) / 1000), 0), statuses };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const requests = option(args, 'requests', 3000);
  const concurrency = option(args, 'concurrency', 8);
  const floodConnections = option(args, 'flood', 32);
  log(
    `${requests} staff reads, ${concurrency} at a time; flood ${floodConnections} connections; ${cpus().length} CPUs`,
  );
  const databaseUrl = await openBenchDatabase('lookups', cleanups);
  await migrateDatabase(dataSourceOptions(databaseUrl, DATABASE_WIRING));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  cleanups.push(() => db.end());
  await seedCity(db, 1, 1);
  const [{ id: unitId, organId }] = (
    await db.query<{ id: string; organId: string }>(
      `SELECT id, organ_id AS "organId" FROM org_units WHERE kind = 'ward' LIMIT 1`,
    )
  ).rows;
  const [{ id: userId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO users (username, full_name, password_hash, version) VALUES ('bench.counter', 'Công chức một cửa', $1, 1) RETURNING id`,
      [DUMMY_PASSWORD_HASH],
    )
  ).rows;
  await db.query(`INSERT INTO positions (user_id, unit_id, role) VALUES ($1, $2, 'official')`, [
    userId,
    unitId,
  ]);
  const [{ id: sessionId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO auth_sessions (user_id, refresh_hash, expires_at, user_agent)
       VALUES ($1, md5(random()::text) || md5(random()::text), now() + interval '1 day', 'bench:lookups') RETURNING id`,
      [userId],
    )
  ).rows;
  const step = { name: 'Thẩm định', unitId, role: 'official', days: 3 };
  const steps = JSON.stringify([step]);
  const [{ id: procedureId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO procedures (unit_id, code, name, field, papers, processing_days, steps, version)
       VALUES ($1, '1.001193', 'Đăng ký khai sinh', 'Hộ tịch', '[{"name":"Tờ khai","original":true,"copies":1}]', 3, $2, 1)
       RETURNING id`,
      [unitId, steps],
    )
  ).rows;
  const [{ id: fileId }] = (
    await db.query<{ id: string }>(
      `INSERT INTO citizen_files (code, unit_id, procedure_id, applicant_name, applicant_phone, papers, steps, state,
                                  received_by, received_at, appointment_at, lookup_pin, version)
       VALUES ($1, $2, $3, 'Nguyễn Thị Thử', '0905000000', '[]', $4, 'received', $5, now(), now() + interval '3 days', '123456', 1)
       RETURNING id`,
      [
        `${organId}-261207-0001`,
        unitId,
        procedureId,
        JSON.stringify([{ ...step, dueDay: '2026-12-10' }]),
        userId,
      ],
    )
  ).rows;
  const secret = randomBytes(36).toString('base64url');
  const token = new JwtService({ secret }).sign(
    { sub: userId, sid: sessionId, typ: 'access' },
    { expiresIn: 86400 },
  );

  const api = await startApi(databaseUrl, secret, cleanups, { TRUST_PROXY: 'loopback' });
  const staffUrl = `${api.url}/one-stop/files/${fileId}`;
  log('warming up');
  await staff(staffUrl, token, WARM_UP, concurrency);
  log('phase 1: staff alone');
  const alone = await staff(staffUrl, token, requests, concurrency);
  log('phase 2: staff beside the flood');
  let done = false;
  const flooding = flood(api.url, floodConnections, () => done);
  const beside = await staff(staffUrl, token, requests, concurrency);
  done = true;
  const floodResult = await flooding;

  // Phases 3 and 4: the same through nginx with the shipped rules (deploy/nginx), where the
  // public location's limit_req turns the flood away before it reaches the API.
  const nginx = nginxBinary();
  let throughNginx: object | string =
    'nginx is not installed (apt-get install nginx-light): phases 3 and 4 skipped';
  let nginxLine = '';
  if (nginx) {
    const dir = mkdtempSync(join(tmpdir(), 'lt-bench-nginx-'));
    const proxy = await startLocalNginx({ nginx, dir, port: await freePort(), upstreams: [api.url] });
    cleanups.push(() => {
      proxy.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const proxiedUrl = `${proxy.origin}/one-stop/files/${fileId}`;
    await staff(proxiedUrl, token, WARM_UP, concurrency);
    log('phase 3: staff alone, through nginx');
    const proxiedAlone = await staff(proxiedUrl, token, requests, concurrency);
    log('phase 4: staff beside the flood, both through nginx');
    done = false;
    const proxiedFlooding = flood(proxy.origin, floodConnections, () => done);
    const proxiedBeside = await staff(proxiedUrl, token, requests, concurrency);
    done = true;
    const proxiedFlood = await proxiedFlooding;
    const ratio = round((proxiedBeside.latency.p99 ?? NaN) / (proxiedAlone.latency.p99 ?? NaN), 2);
    throughNginx = {
      staffAlone: proxiedAlone,
      staffBesideFlood: proxiedBeside,
      flood: proxiedFlood,
      p99Ratio: ratio,
    };
    nginxLine =
      `Through nginx: alone p50 ${proxiedAlone.latency.p50} ms, p99 ${proxiedAlone.latency.p99} ms; beside a flood of ` +
      `${proxiedFlood.perSecond} lookups/s (${JSON.stringify(proxiedFlood.statuses)}): p50 ${proxiedBeside.latency.p50} ms, ` +
      `p99 ${proxiedBeside.latency.p99} ms (p99 × ${ratio}); staff failures ${proxiedAlone.failed + proxiedBeside.failed}.\n`;
  }

  const report = {
    requests,
    concurrency,
    floodConnections,
    staffAlone: alone,
    staffBesideFlood: beside,
    flood: floodResult,
    p99Ratio: round((beside.latency.p99 ?? NaN) / (alone.latency.p99 ?? NaN), 2),
    throughNginx,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `Staff GET /one-stop/files/:id, ${requests} at ${concurrency} concurrent: alone p50 ${alone.latency.p50} ms, ` +
      `p99 ${alone.latency.p99} ms, ${alone.perSecond}/s; beside a flood of ${floodResult.perSecond} lookups/s from one ` +
      `address (${JSON.stringify(floodResult.statuses)}): p50 ${beside.latency.p50} ms, p99 ${beside.latency.p99} ms, ` +
      `${beside.perSecond}/s (p99 × ${report.p99Ratio}); staff failures ${alone.failed + beside.failed}.\n` +
      nginxLine,
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
