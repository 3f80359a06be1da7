/**
 * `npm run bench:dashboard` — the task summary table (bảng tổng hợp theo dõi nhiệm vụ)
 * through the real HTTP API, at 100,000 tasks and again at 1,000,000, while tasks keep
 * changing and deadlines keep passing.
 *
 *   npm run bench:dashboard -- [--tasks 100000] [--grow 1000000] [--samples 300] [--writes 50]
 *
 * DATABASE_URL: use that server (a fresh database, dropped afterwards) instead of an embedded one;
 * with BENCH_KEEP_DATABASE=1 too, the database is kept for a look at the plans.
 *
 * 1. A fresh database, migrated; a city with 25 districts of 40 wards and 5 departments
 *    (1,031 units); a leader in every unit and two officials in every ward.
 * 2. The real API (dist/apps/api/src/main.js) starts as a child process; the city leader
 *    enrols a key and signs four assignments over HTTP: the signatures the generated tasks
 *    reuse. Access tokens are minted here for sessions inserted here (set-up, not measured).
 * 3. --tasks tasks are generated in SQL (INSERT … SELECT generate_series, through the
 *    triggers that keep the counters; their deltas folded as the worker would): issued over
 *    the last 12 months, ~60 % done (most on time), ~25 % in progress, ~10 % overdue
 *    (recorded by the worker), ~5 % cancelled; 80 % led by wards (a third of those by a
 *    person), 15 % by districts and departments, 5 % by the city.
 * 4. Measured, one request at a time, each over the last 12 months:
 *    (a) the city's summary, rolled up (GET /reports/summary, as the city leader);
 *    (b) one district's table (as that district's leader, the districts in turn);
 *    (c) a drill-down to one ward's overdue tasks (GET /reports/summary/tasks, first page);
 *    (d) a leader's annotation follow-up list — a hook (annotationFollowUpHook) that the
 *        annotations capability fills in; reported as not measured until it does.
 *    Meanwhile a writer changes tasks (--writes per second: progress reports, submissions,
 *    completions, reopenings, extensions, new tasks) and does the worker's round every 5 s:
 *    it records the lateness of every task due (as TaskLateness does) and folds the summary's
 *    pending deltas; 200 open tasks reach their deadline during each phase, so between rounds
 *    some are overdue by the clock but not yet recorded.
 * 5. The table grows to --grow tasks and (a)–(d) are measured again; growth = p95 at --grow /
 *    p95 at --tasks.
 * 6. The writer stops; the API's city table is compared, row by row, with a from-scratch
 *    recount over `tasks` at the instant the API judged it (its generatedAt), and the counters
 *    with a recount of them: "recount matches: yes". The plans of the summary's own SQL for
 *    (a) and (c) are printed with how each reads `tasks` (an index, never a sequential scan).
 *
 * It prints one JSON object and a readable summary on stdout (progress goes to stderr).
 * Targets (p95: (a) ≤ 20 ms, (b) and (c) ≤ 50 ms; growth ≤ 2×) are reported, not asserted.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { dataSourceOptions, migrateDatabase } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import {
  addMonths,
  FOLD_BATCH,
  FOLD_DELTAS_SQL,
  resolvePeriod,
  TaskSummaryRepository,
  vietnamMonth,
} from '@lt/reporting';
import { TaskCounts } from '@lt/tasks';
import { randomBytes, webcrypto } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import { createCertificateRequest } from '../libs/signing/src/client/certificate-request';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import { openBenchDatabase, startApi } from './proc';
import { DUMMY_PASSWORD_HASH, seedCity } from './seed-org';
import { round, rounded, summarize, Summary } from './stats';

const DISTRICTS = 25;
const WARDS_PER_DISTRICT = 40;
const DEPARTMENTS = 5;
const WARM_UP = 30;
/** Open tasks whose deadline passes while a phase is measured. */
const PASSING = 200;
/** The worker's round (WORKER_SCAN_SECONDS of a deployment that wants lateness within seconds). */
const WORKER_ROUND_MS = 5_000;
const TARGETS = { city: 20, district: 50, drillDown: 50, annotations: 50, growth: 2 } as const;

const log = (line: string) => process.stderr.write(`[bench:dashboard] ${line}\n`);
const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Options {
  tasks: number;
  grow: number;
  samples: number;
  writes: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { tasks: 100_000, grow: 1_000_000, samples: 300, writes: 50 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!(key in options) || !Number.isInteger(value) || value < 1)
      throw new Error(`bad option ${argv[i]} ${argv[i + 1]}`);
    options[key as keyof Options] = value;
  }
  if (options.grow < options.tasks) throw new Error('--grow is the total after growing: at least --tasks');
  return options;
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  for (const step of cleanups.reverse())
    await Promise.resolve(step()).catch((e: unknown) => log(`clean-up: ${String(e)}`));
}

interface Org {
  cityId: string;
  cityLeader: Person;
  districts: { id: string; leader: Person; wards: string[] }[];
  wards: string[];
  units: number;
  people: number;
}

interface Person {
  userId: string;
  sessionId: string;
  positionId: string;
}

/** The org tree, a leader in every unit, two officials in every ward; `bench_units` for the generator. */
async function seedOrg(db: Client): Promise<Org> {
  await db.query('BEGIN');
  const cityId = await seedCity(db, DISTRICTS, WARDS_PER_DISTRICT);
  await db.query(
    `WITH d AS (
       INSERT INTO org_units (parent_id, kind, name, code, organ_id, version)
       SELECT $1, 'department', 'Sở ' || s, 'BENCH-S' || lpad(s::text, 2, '0'), 'BES.' || lpad(s::text, 2, '0') || '.00.000', 1
         FROM generate_series(1, $2::int) s
       RETURNING id)
     INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
     SELECT id, id, 0 FROM d UNION ALL SELECT $1, id, 1 FROM d`,
    [cityId, DEPARTMENTS],
  );
  await db.query(
    `INSERT INTO users (username, full_name, password_hash, version)
     SELECT 'bench.lead.' || lower(code), 'Lãnh đạo ' || name, $1, 1 FROM org_units
     UNION ALL
     SELECT 'bench.cb' || k || '.' || lower(code), 'Cán bộ ' || k || ', ' || name, $1, 1
       FROM org_units CROSS JOIN generate_series(1, 2) k WHERE kind = 'ward'`,
    [DUMMY_PASSWORD_HASH],
  );
  await db.query(
    `INSERT INTO positions (user_id, unit_id, role, title)
     SELECT us.id, u.id, 'leader', 'Chủ tịch' FROM org_units u JOIN users us ON us.username = 'bench.lead.' || lower(u.code)
     UNION ALL
     SELECT us.id, u.id, 'official', 'Chuyên viên' FROM org_units u CROSS JOIN generate_series(1, 2) k
       JOIN users us ON us.username = 'bench.cb' || k || '.' || lower(u.code) WHERE u.kind = 'ward'`,
  );
  // n: wards first, then districts and departments, the city last (the generator picks by n).
  await db.query(
    `CREATE UNLOGGED TABLE bench_units AS
     SELECT (row_number() OVER (ORDER BY CASE u.kind WHEN 'ward' THEN 0 WHEN 'city' THEN 2 ELSE 1 END, u.code) - 1)::int AS n,
            u.id, u.kind, COALESCE(u.parent_id, u.id) AS assigner_unit_id,
            (SELECT p.user_id FROM positions p WHERE p.unit_id = COALESCE(u.parent_id, u.id) AND p.role = 'leader') AS assigner_id,
            (SELECT us.id FROM users us WHERE us.username = 'bench.cb1.' || lower(u.code)) AS official1,
            (SELECT us.id FROM users us WHERE us.username = 'bench.cb2.' || lower(u.code)) AS official2
       FROM org_units u`,
  );
  await db.query('CREATE UNIQUE INDEX ON bench_units (n)');
  const leaders = (
    await db.query<{
      unitId: string;
      kind: string;
      userId: string;
      positionId: string;
      parentId: string | null;
    }>(
      `SELECT u.id AS "unitId", u.kind, u.parent_id AS "parentId", p.user_id AS "userId", p.id AS "positionId"
         FROM org_units u JOIN positions p ON p.unit_id = u.id AND p.role = 'leader'
        WHERE u.kind IN ('city', 'district') ORDER BY u.code`,
    )
  ).rows;
  const session = async (userId: string) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO auth_sessions (user_id, refresh_hash, expires_at, user_agent)
         VALUES ($1, md5(random()::text) || md5(random()::text), now() + interval '1 day', 'bench:dashboard') RETURNING id`,
        [userId],
      )
    ).rows[0].id;
  const wardsOf = async (unitId: string) =>
    (
      await db.query<{ id: string }>(
        `SELECT u.id FROM org_units u WHERE u.parent_id = $1 AND u.kind = 'ward' ORDER BY u.code`,
        [unitId],
      )
    ).rows.map((r) => r.id);
  const districts: Org['districts'] = [];
  let cityLeader: Person | null = null;
  for (const l of leaders) {
    const person = { userId: l.userId, positionId: l.positionId, sessionId: await session(l.userId) };
    if (l.kind === 'city') cityLeader = person;
    else districts.push({ id: l.unitId, leader: person, wards: await wardsOf(l.unitId) });
  }
  const [{ units, people }] = (
    await db.query<{ units: string; people: string }>(
      'SELECT (SELECT count(*) FROM org_units) AS units, (SELECT count(*) FROM users) AS people',
    )
  ).rows;
  await db.query('COMMIT');
  return {
    cityId,
    cityLeader: cityLeader!,
    districts,
    wards: districts.flatMap((d) => d.wards),
    units: Number(units),
    people: Number(people),
  };
}

/** The city leader enrols a key and signs a few real assignments; their signatures are reused. */
async function signatures(api: string, token: string, org: Org, count: number): Promise<string[]> {
  const post = async (path: string, body: unknown, status: number) => {
    const response = await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== status) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const csr = await createCertificateRequest(keys, 'bench dashboard', webcrypto);
  const { id: certificateId } = await post(
    '/signing/certificates',
    { csr, positionId: org.cityLeader.positionId },
    201,
  );
  const taskIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const content = {
      kind: 'lien-thong/task-assignment@1',
      title: `Tổng hợp số liệu thiệt hại sau bão, đợt ${i + 1}`,
      description: 'Báo cáo về Ủy ban thành phố.',
      lead: { unitId: org.districts[i % org.districts.length].id },
      coordinators: [],
      informed: [],
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      priority: 1,
      source: null,
      assigner: org.cityLeader.userId,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    const signature = await signContent(webcrypto.subtle, keys.privateKey, content);
    taskIds.push((await post('/tasks', { content, signature, certificateId }, 201)).id);
  }
  return taskIds;
}

/**
 * Tasks `from`..`to` (numbers), generated in batches of 100,000 through the counters' triggers.
 * The outcome mix and the spread are described at the top of this file.
 */
async function generate(db: Client, from: number, to: number, signatureIds: string[]): Promise<void> {
  const [{ wards, mids, units }] = (
    await db.query<{ wards: number; mids: number; units: number }>(
      `SELECT count(*) FILTER (WHERE kind = 'ward')::int AS wards,
              count(*) FILTER (WHERE kind IN ('district', 'department'))::int AS mids, count(*)::int AS units
         FROM bench_units`,
    )
  ).rows;
  for (let lo = from; lo <= to; lo += 100_000) {
    const hi = Math.min(to, lo + 99_999);
    await db.query(
      `INSERT INTO tasks (title, description, lead_unit_id, lead_user_id, assigner_id, assigner_unit_id, state,
                          priority, deadline, original_deadline, issued_at, signature_id, progress, lateness_count,
                          late_for_deadline, blocked_since, submitted_at, completed_at, cancelled_at, version)
       SELECT 'Nhiệm vụ thử tải số ' || g, 'Rà soát, tổng hợp và báo cáo kết quả về Ủy ban.',
              u.id, CASE WHEN u.kind = 'ward' AND r.who < 0.3 THEN CASE WHEN r.who < 0.15 THEN u.official1 ELSE u.official2 END END,
              u.assigner_id, u.assigner_unit_id, o.state, (g % 5)::smallint, o.deadline, o.deadline, r.issued,
              ($1::uuid[])[1 + g % cardinality($1::uuid[])], o.progress, o.lateness, o.late_for, o.blocked,
              o.submitted, CASE WHEN o.state = 'completed' THEN o.submitted + (now() - o.submitted) * r.frac END,
              CASE WHEN o.state = 'cancelled' THEN LEAST(now(), r.issued + r.len * r.frac) END, 1
         FROM generate_series($2::int, $3::int) g
         CROSS JOIN LATERAL (
           SELECT random() AS pick, random() AS outcome, random() AS who, random() AS frac, random() AS sub,
                  now() - random() * interval '365 days' AS issued, interval '3 days' + random() * interval '57 days' AS len,
                  g AS n) r
         JOIN bench_units u ON u.n = LEAST($6 - 1, CASE
                WHEN r.pick < 0.80 THEN floor(r.pick / 0.80 * $4)
                WHEN r.pick < 0.95 THEN $4 + floor((r.pick - 0.80) / 0.15 * $5)
                ELSE $6 - 1 END)
         CROSS JOIN LATERAL (
           SELECT CASE WHEN r.outcome < 0.05 THEN 'cancelled' WHEN r.outcome < 0.65 THEN 'done'
                       WHEN r.outcome < 0.90 THEN 'running' ELSE 'overdue' END AS kind) k
         CROSS JOIN LATERAL (
           SELECT CASE k.kind WHEN 'running' THEN now() + interval '1 hour' + r.frac * interval '59 days'
                              WHEN 'overdue' THEN LEAST(r.issued + r.len, now() - interval '1 minute')
                              ELSE r.issued + r.len END AS deadline) d
         CROSS JOIN LATERAL (
           SELECT CASE k.kind WHEN 'cancelled' THEN 'cancelled'
                              WHEN 'done' THEN CASE WHEN r.who < 0.5 THEN 'submitted' ELSE 'completed' END
                              WHEN 'overdue' THEN 'in_progress'
                              ELSE (ARRAY['assigned', 'accepted', 'in_progress', 'in_progress', 'in_progress'])[1 + floor(r.frac * 5)::int]
                   END AS state,
                  d.deadline,
                  -- Done: 85 % on time (late only when the deadline has passed).
                  CASE WHEN k.kind <> 'done' THEN NULL
                       WHEN r.sub < 0.85 OR d.deadline >= now() THEN r.issued + LEAST(r.len, now() - r.issued) * r.frac
                       ELSE d.deadline + (now() - d.deadline) * GREATEST(r.frac, 0.001) END AS submitted,
                  CASE k.kind WHEN 'done' THEN 100 ELSE floor(r.frac * 90) END::smallint AS progress,
                  -- The worker recorded every overdue task's lateness; most were explained since.
                  CASE WHEN k.kind = 'overdue' THEN 1 ELSE 0 END::smallint AS lateness,
                  CASE WHEN k.kind = 'overdue' THEN d.deadline END AS late_for,
                  CASE WHEN k.kind = 'overdue' AND r.sub < 0.3 THEN LEAST(now(), d.deadline + interval '1 minute') END AS blocked) o`,
      [signatureIds, lo, hi, wards, mids, units],
    );
  }
}

/** Open tasks issued now whose deadlines pass over the next `seconds`. */
async function deadlinesAhead(
  db: Client,
  count: number,
  seconds: number,
  signatureId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO tasks (title, description, lead_unit_id, assigner_id, assigner_unit_id, state, priority,
                        deadline, original_deadline, issued_at, signature_id, version)
     SELECT 'Việc sắp đến hạn ' || g, '', u.id, u.assigner_id, u.assigner_unit_id, 'in_progress', 1,
            now() + make_interval(secs => 2 + g * $2::float / $1), now() + make_interval(secs => 2 + g * $2::float / $1),
            now(), $3, 1
       FROM generate_series(1, $1::int) g JOIN bench_units u ON u.n = (g * 7) % (SELECT count(*) FROM bench_units WHERE kind = 'ward')`,
    [count, seconds, signatureId],
  );
}

/** The worker's folding, as TaskSummaryFolding.foldAll does it. */
async function foldAll(db: Client): Promise<number> {
  let changed = 0;
  for (;;) {
    const { rowCount } = await db.query(FOLD_DELTAS_SQL, [FOLD_BATCH]);
    changed += rowCount ?? 0;
    if (!rowCount) return changed;
  }
}

interface WriterCounts {
  statements: number;
  changed: number;
  marked: number;
  folds: number;
  errors: number;
}

/**
 * Keeps changing tasks while the requests are measured, one autocommit statement at a time at
 * `perSecond`: progress reports (no figure moves), submissions, completions, reopenings,
 * extensions, new tasks; and the worker's round every WORKER_ROUND_MS: the lateness of every
 * task due, 500 at a time, then the folding of the pending deltas.
 */
function startWriter(db: Client, wards: string[], signatureId: string, perSecond: number) {
  const counts: WriterCounts = { statements: 0, changed: 0, marked: 0, folds: 0, errors: 0 };
  let stopped = false;
  const ops = [
    `UPDATE tasks SET progress = LEAST(99, progress + 5), version = version + 1, updated_at = now()
      WHERE id = (SELECT id FROM tasks WHERE lead_unit_id = $1 AND state = 'in_progress' LIMIT 1)`,
    `UPDATE tasks SET state = 'submitted', submitted_at = now(), progress = 100, version = version + 1, updated_at = now()
      WHERE id = (SELECT id FROM tasks WHERE lead_unit_id = $1 AND state IN ('accepted', 'in_progress') AND deadline > now() LIMIT 1)`,
    `UPDATE tasks SET progress = LEAST(99, progress + 5), version = version + 1, updated_at = now()
      WHERE id = (SELECT id FROM tasks WHERE lead_unit_id = $1 AND state = 'accepted' LIMIT 1)`,
    `UPDATE tasks SET state = 'completed', completed_at = now(), version = version + 1, updated_at = now()
      WHERE id = (SELECT id FROM tasks WHERE lead_unit_id = $1 AND state = 'submitted' LIMIT 1)`,
    `UPDATE tasks SET state = 'in_progress', deadline = now() + interval '7 days', submitted_at = NULL, completed_at = NULL,
                      progress = 60, version = version + 1, updated_at = now()
      WHERE id = (SELECT id FROM tasks WHERE lead_unit_id = $1 AND state = 'completed' LIMIT 1)`,
    `UPDATE tasks SET deadline = deadline + interval '3 days', version = version + 1, updated_at = now()
      WHERE id = (SELECT id FROM tasks WHERE lead_unit_id = $1 AND state = 'in_progress' AND deadline > now() LIMIT 1)`,
    `INSERT INTO tasks (title, description, lead_unit_id, assigner_id, assigner_unit_id, state, priority,
                        deadline, original_deadline, issued_at, signature_id, version)
     SELECT 'Nhiệm vụ mới', '', u.id, u.assigner_id, u.assigner_unit_id, 'assigned', 0,
            now() + interval '10 days', now() + interval '10 days', now(), $2, 1
       FROM bench_units u WHERE u.id = $1`,
  ];
  const mark = `WITH due AS (
       SELECT id FROM tasks WHERE state IN ('assigned', 'accepted', 'in_progress') AND deadline <= now()
          AND late_for_deadline IS DISTINCT FROM deadline ORDER BY deadline LIMIT 500 FOR UPDATE SKIP LOCKED)
     UPDATE tasks t SET late_for_deadline = t.deadline, blocked_since = now(), lateness_count = t.lateness_count + 1,
                        version = t.version + 1, updated_at = now()
       FROM due WHERE t.id = due.id`;
  const done = (async () => {
    const started = now();
    let lastRound = started;
    for (let i = 0; !stopped; i++) {
      try {
        if (now() - lastRound >= WORKER_ROUND_MS) {
          lastRound = now();
          for (let marked = -1; marked !== 0; counts.marked += marked)
            marked = (await db.query(mark)).rowCount ?? 0;
          await foldAll(db);
          counts.folds += 1;
        } else {
          const op = ops[i % ops.length];
          const params: unknown[] = [wards[Math.floor(Math.random() * wards.length)]];
          if (op.includes('$2')) params.push(signatureId);
          counts.changed += (await db.query(op, params)).rowCount ?? 0;
        }
        counts.statements += 1;
      } catch (error) {
        counts.errors += 1;
        log(`writer: ${String(error)}`);
      }
      const due = started + ((i + 1) * 1000) / perSecond;
      if (due > now()) await sleep(due - now());
    }
  })();
  return {
    counts,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/** GET on the client's own keep-alive connection; resolves to the status and the body. */
function get(
  agent: Agent,
  base: URL,
  path: string,
  token: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path,
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
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
    request.end();
  });
}

/** A request to time: the path and whose token it goes with. */
export interface MeasuredRequest {
  path: string;
  token: string;
}

/** What the annotation follow-up hook gets to seed its data and build its requests. */
export interface HookContext {
  db: Client;
  api: string;
  phase: 'first' | 'grown';
  tasks: number;
  cityId: string;
  cityLeader: { userId: string; token: string };
  districts: { id: string; leaderUserId: string; token: string; wards: string[] }[];
  signatureIds: string[];
}

/** The share of tasks that come from a leader's annotation (bút phê), two tasks to an annotation. */
const ANNOTATED_SHARE = 0.1;

/**
 * (d) A leader's annotation follow-up list (theo dõi thực hiện bút phê). Seeds, for each
 * district, annotations by its chairman over ANNOTATED_SHARE of the tasks led in the
 * district's subtree not yet annotated (two tasks each, in the real `annotations` table, the
 * tasks' source pointing at them, as POST /annotations leaves them) — so a chairman's list
 * grows with the table: about 1,700 annotations each at a million tasks. Then times the
 * chairman's default view: every annotation of his unit's leaders, statuses derived from
 * their tasks at the moment of the request, counts per status, the first page of 50.
 */
async function annotationFollowUpHook(ctx: HookContext): Promise<((i: number) => MeasuredRequest) | null> {
  let annotations = 0;
  for (const district of ctx.districts) {
    const { rowCount } = await ctx.db.query(
      `WITH picked AS (
         SELECT t.id, t.issued_at, row_number() OVER (ORDER BY t.issued_at, t.id) - 1 AS k
           FROM tasks t JOIN org_unit_closure c ON c.descendant_id = t.lead_unit_id AND c.ancestor_id = $1
          WHERE t.source_id IS NULL AND random() < $2),
       grouped AS (SELECT array_agg(id ORDER BY k) AS ids, min(issued_at) AS at FROM picked GROUP BY k / 2),
       saved AS (
         INSERT INTO annotations (subject_type, subject_id, author_id, author_unit_id, text, task_ids, signature_id,
                                  created_at)
         SELECT 'document', gen_random_uuid(), $3, $1,
                'Giao các đơn vị khẩn trương thực hiện, báo cáo kết quả trước hạn.', ids, $4, at
           FROM grouped
         RETURNING id, task_ids)
       UPDATE tasks t SET source_type = 'annotation', source_id = saved.id
         FROM saved WHERE t.id = ANY(saved.task_ids)`,
      [district.id, ANNOTATED_SHARE, district.leaderUserId, ctx.signatureIds[0]],
    );
    annotations += Math.ceil((rowCount ?? 0) / 2);
  }
  await ctx.db.query('VACUUM ANALYZE annotations, tasks');
  log(`${ctx.phase}: ${annotations} annotations seeded over ${ctx.districts.length} districts`);
  return (i) => {
    const d = ctx.districts[i % ctx.districts.length];
    return { path: '/annotations/follow-up', token: d.token };
  };
}

async function measure(
  api: string,
  samples: number,
  next: (i: number) => MeasuredRequest,
): Promise<{ summary: Summary; errors: Record<string, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(api);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  try {
    for (let i = 0; i < WARM_UP + samples; i++) {
      const { path, token } = next(i);
      const t0 = now();
      const response = await get(agent, base, path, token);
      const ms = now() - t0;
      if (response.status !== 200) {
        const code = `${response.status} ${(JSON.parse(response.text) as { code?: string }).code ?? ''}`;
        errors[code] = (errors[code] ?? 0) + 1;
      } else if (i >= WARM_UP) latencies.push(ms);
    }
  } finally {
    agent.destroy();
  }
  return { summary: summarize(latencies), errors };
}

interface Figures {
  assigned: number;
  doneOnTime: number;
  doneLate: number;
  inProgress: number;
  overdue: number;
}

/** The definitions (docs/reporting.md), counted from scratch over `tasks` for a subtree at `at`. */
async function recount(db: Client, unitId: string, from: string, to: string, at: string): Promise<Figures> {
  const [r] = (
    await db.query<Record<string, string>>(
      `SELECT count(*) FILTER (WHERE t.state IN ('submitted', 'completed') AND t.submitted_at <= t.deadline) AS on_time,
              count(*) FILTER (WHERE t.state IN ('submitted', 'completed')
                                 AND NOT COALESCE(t.submitted_at <= t.deadline, false)) AS late,
              count(*) FILTER (WHERE t.state IN ('assigned', 'accepted', 'in_progress') AND t.deadline > $4) AS running,
              count(*) FILTER (WHERE t.state IN ('assigned', 'accepted', 'in_progress') AND t.deadline <= $4) AS overdue
         FROM tasks t JOIN org_unit_closure c ON c.descendant_id = t.lead_unit_id AND c.ancestor_id = $1
        WHERE t.issued_at >= (($2 || '-01')::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
          AND t.issued_at < ((($3 || '-01')::date + interval '1 month'))::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`,
      [unitId, from, to, at],
    )
  ).rows;
  const doneOnTime = Number(r.on_time);
  const doneLate = Number(r.late);
  const inProgress = Number(r.running);
  const overdue = Number(r.overdue);
  return {
    assigned: doneOnTime + doneLate + inProgress + overdue,
    doneOnTime,
    doneLate,
    inProgress,
    overdue,
  };
}

/** Rolled-up counts (folded rows plus pending deltas) that differ from a recount over the tree. */
async function countersDrift(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `WITH recount AS (
       SELECT c.ancestor_id AS unit_id, date_trunc('month', t.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
              count(*)::int AS assigned,
              (count(*) FILTER (WHERE t.state IN ('submitted', 'completed') AND t.submitted_at <= t.deadline))::int AS done_on_time,
              (count(*) FILTER (WHERE t.state IN ('submitted', 'completed')
                                  AND NOT COALESCE(t.submitted_at <= t.deadline, false)))::int AS done_late,
              (count(*) FILTER (WHERE t.state IN ('assigned', 'accepted', 'in_progress')))::int AS open,
              (count(*) FILTER (WHERE t.state IN ('assigned', 'accepted', 'in_progress')
                                  AND t.late_for_deadline = t.deadline))::int AS open_marked
         FROM tasks t JOIN org_unit_closure c ON c.descendant_id = t.lead_unit_id
        WHERE t.state NOT IN ('cancelled', 'returned') GROUP BY 1, 2),
     stats AS (
       SELECT unit_id, month, sum(assigned)::int AS assigned, sum(done_on_time)::int AS done_on_time,
              sum(done_late)::int AS done_late, sum(open)::int AS open, sum(open_marked)::int AS open_marked
         FROM (SELECT unit_id, month, assigned, done_on_time, done_late, open, open_marked FROM task_summary_stats
               UNION ALL
               SELECT unit_id, month, assigned, done_on_time, done_late, open, open_marked FROM task_summary_deltas) x
        GROUP BY 1, 2
       HAVING (sum(assigned), sum(done_on_time), sum(done_late), sum(open), sum(open_marked)) <> (0, 0, 0, 0, 0))
     SELECT count(*) AS n FROM ((SELECT * FROM recount EXCEPT ALL SELECT * FROM stats)
                                UNION ALL (SELECT * FROM stats EXCEPT ALL SELECT * FROM recount)) x`,
  );
  return Number(rows[0].n);
}

interface PlanCheck {
  name: string;
  statements: { planningMs: number; executionMs: number; scansOfTasks: string[] }[];
}

/**
 * The plans of the summary's own SQL at this size (STYLE: reviewable SQL, plans checked in the
 * benchmarks): each statement TaskSummaryRepository runs for (a) and (c) — its own, and the tree's,
 * people's and TaskCounts' it asks — re-run under EXPLAIN
 * ANALYZE, with how it reads `tasks` — an index, never a sequential scan.
 */
async function checkPlans(databaseUrl: string, cityId: string, ward: string, from: string, to: string) {
  const statements: [string, unknown[]][] = [];
  let capturing = false;
  const dataSource = new DataSource({
    ...dataSourceOptions(databaseUrl, DATABASE_WIRING),
    extra: { max: 1 },
    logging: ['query'],
    // Every statement the repository runs (through OrgTreeService, PeopleService and
    // TaskCounts too), but not the transaction's own BEGIN and COMMIT.
    logger: {
      logQuery: (sql: string, params?: unknown[]) => {
        if (capturing && !/^(START|BEGIN|COMMIT|ROLLBACK|SET)\b/i.test(sql.trim()))
          statements.push([sql, params ?? []]);
      },
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    },
  });
  await dataSource.initialize();
  try {
    const query = dataSource.query.bind(dataSource);
    const tree = new OrgTreeService(dataSource);
    const repository = new TaskSummaryRepository(
      dataSource,
      tree,
      new PeopleService(dataSource, tree),
      new TaskCounts(),
    );
    const at = new Date();
    const period = resolvePeriod(from, to, at);
    const checks: PlanCheck[] = [];
    for (const [name, run] of [
      ['(a) city summary', () => repository.unitRows(cityId, period, at)],
      ['(c) ward overdue drill-down', () => repository.tasks(ward, true, 'overdue', period, at, 1, 20)],
    ] as const) {
      statements.length = 0;
      capturing = true;
      await run();
      capturing = false;
      const check: PlanCheck = { name, statements: [] };
      for (const [sql, params] of [...statements]) {
        const [
          {
            'QUERY PLAN': [plan],
          },
        ] = await query<ExplainRow[]>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        const scans: string[] = [];
        const walk = (node: PlanNode) => {
          // A bitmap heap scan names its indexes in its bitmap index scans below.
          const indexes = (n: PlanNode): string[] =>
            n['Index Name'] ? [n['Index Name']] : (n.Plans ?? []).flatMap(indexes);
          if (node['Relation Name'] === 'tasks')
            scans.push(`${node['Node Type']} ${indexes(node).join(' + ')}`.trim());
          node.Plans?.forEach(walk);
        };
        walk(plan.Plan);
        check.statements.push({
          planningMs: round(plan['Planning Time'], 2) ?? 0,
          executionMs: round(plan['Execution Time'], 2) ?? 0,
          scansOfTasks: scans,
        });
      }
      checks.push(check);
    }
    return checks;
  } finally {
    await dataSource.destroy();
  }
}

interface ExplainRow {
  'QUERY PLAN': { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

interface PhaseResult {
  tasks: number;
  city: Summary;
  district: Summary;
  drillDown: Summary;
  annotations: Summary | null;
  errors: Record<string, number>;
  writer: WriterCounts & { perSecond: number };
  overdueShown: number;
  plans: PlanCheck[];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAll = now();
  log(
    `${options.tasks} then ${options.grow} tasks, ${options.samples} samples each; ${cpus().length} CPUs, node ${process.version}`,
  );
  const databaseUrl = await openBenchDatabase('dashboard', cleanups);
  await migrateDatabase(dataSourceOptions(databaseUrl, DATABASE_WIRING));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  cleanups.push(() => db.end());
  const writerDb = new Client({ connectionString: databaseUrl });
  await writerDb.connect();
  cleanups.push(() => writerDb.end());
  const [{ server_version: serverVersion }] = (
    await db.query<{ server_version: string }>('SHOW server_version')
  ).rows;
  const org = await seedOrg(db);
  log(`${org.units} units, ${org.people} people`);
  const secret = randomBytes(36).toString('base64url');
  const jwt = new JwtService({ secret });
  const tokenOf = (p: Person) =>
    jwt.sign({ sub: p.userId, sid: p.sessionId, typ: 'access' }, { expiresIn: 86400 });
  const api = await startApi(databaseUrl, secret, cleanups);
  const cityToken = tokenOf(org.cityLeader);
  const districtTokens = org.districts.map((d) => tokenOf(d.leader));
  const realTasks = await signatures(api.url, cityToken, org, 4);
  const signatureIds = (
    await db.query<{ id: string }>('SELECT signature_id AS id FROM tasks WHERE id = ANY($1)', [realTasks])
  ).rows.map((r) => r.id);
  log(`API up at ${api.url}; ${signatureIds.length} signed assignments to reuse`);

  const to = vietnamMonth(new Date());
  const from = addMonths(to, -11);
  const period = `from=${from}&to=${to}`;
  const hookContext = (phase: HookContext['phase'], tasks: number): HookContext => ({
    db,
    api: api.url,
    phase,
    tasks,
    cityId: org.cityId,
    cityLeader: { userId: org.cityLeader.userId, token: cityToken },
    districts: org.districts.map((d, i) => ({
      id: d.id,
      leaderUserId: d.leader.userId,
      token: districtTokens[i],
      wards: d.wards,
    })),
    signatureIds,
  });

  const generation: { tasks: number; seconds: number; foldSeconds: number }[] = [];
  const runPhase = async (
    phase: HookContext['phase'],
    total: number,
    first: number,
  ): Promise<PhaseResult> => {
    const t0 = now();
    await generate(db, first, total, signatureIds);
    const seconds = (now() - t0) / 1000;
    const f0 = now();
    const folded = await foldAll(db);
    const foldSeconds = (now() - f0) / 1000;
    generation.push({ tasks: total - first + 1, seconds, foldSeconds });
    log(
      `generated ${total - first + 1} tasks in ${seconds.toFixed(1)} s, folded into ${folded} counter rows in ${foldSeconds.toFixed(1)} s; vacuum analyze`,
    );
    await db.query('VACUUM ANALYZE tasks, task_summary_stats, task_summary_deltas');
    const annotations = await annotationFollowUpHook(hookContext(phase, total));
    // Deadlines that pass while this phase is measured (about 6 ms a request, 4 kinds).
    await deadlinesAhead(db, PASSING, Math.max(10, options.samples * 0.03), signatureIds[0]);
    const writer = startWriter(writerDb, org.wards, signatureIds[0], options.writes);
    const writerStarted = now();
    const errors: Record<string, number> = {};
    const merge = (e: Record<string, number>) => {
      for (const [k, v] of Object.entries(e)) errors[k] = (errors[k] ?? 0) + v;
    };
    log(`${phase}: (a) the city's summary`);
    const city = await measure(api.url, options.samples, () => ({
      path: `/reports/summary?unitId=${org.cityId}&${period}`,
      token: cityToken,
    }));
    merge(city.errors);
    log(`${phase}: (b) one district's table`);
    const district = await measure(api.url, options.samples, (i) => {
      const d = i % org.districts.length;
      return { path: `/reports/summary?unitId=${org.districts[d].id}&${period}`, token: districtTokens[d] };
    });
    merge(district.errors);
    log(`${phase}: (c) a ward's overdue tasks`);
    let overdueShown = 0;
    const drillDown = await measure(api.url, options.samples, (i) => {
      const d = i % org.districts.length;
      const ward =
        org.districts[d].wards[Math.floor(i / org.districts.length) % org.districts[d].wards.length];
      return {
        path: `/reports/summary/tasks?unitId=${ward}&category=overdue&page=1&${period}`,
        token: districtTokens[d],
      };
    });
    merge(drillDown.errors);
    {
      const sample = await get(
        new Agent(),
        new URL(api.url),
        `/reports/summary/tasks?unitId=${org.wards[0]}&category=overdue&${period}`,
        districtTokens[0],
      );
      overdueShown = (JSON.parse(sample.text) as { total: number }).total;
    }
    let annotationSummary: Summary | null = null;
    if (annotations) {
      log(`${phase}: (d) annotation follow-up`);
      const measured = await measure(api.url, options.samples, annotations);
      merge(measured.errors);
      annotationSummary = measured.summary;
    }
    const writerSeconds = (now() - writerStarted) / 1000;
    await writer.stop();
    const plans = await checkPlans(databaseUrl, org.cityId, org.wards[0], from, to);
    return {
      tasks: Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM tasks')).rows[0].n),
      city: city.summary,
      district: district.summary,
      drillDown: drillDown.summary,
      annotations: annotationSummary,
      errors,
      writer: { ...writer.counts, perSecond: round(writer.counts.statements / writerSeconds, 1) ?? 0 },
      overdueShown,
      plans,
    };
  };

  const first = await runPhase('first', options.tasks, 1);
  const grown = await runPhase('grown', options.grow, options.tasks + 1);

  // The figures are the definitions at the instant the API judged them.
  log('recounting from scratch');
  const response = await fetch(`${api.url}/reports/summary?unitId=${org.cityId}&${period}`, {
    headers: { authorization: `Bearer ${cityToken}` },
  });
  const report = (await response.json()) as {
    generatedAt: string;
    total: Figures;
    rows: (Figures & { unit: { id: string }; scope: string })[];
  };
  const pick = (f: Figures): Figures => ({
    assigned: f.assigned,
    doneOnTime: f.doneOnTime,
    doneLate: f.doneLate,
    inProgress: f.inProgress,
    overdue: f.overdue,
  });
  const mismatches: string[] = [];
  const expectedTotal = await recount(db, org.cityId, from, to, report.generatedAt);
  if (JSON.stringify(pick(report.total)) !== JSON.stringify(expectedTotal))
    mismatches.push(
      `total: API ${JSON.stringify(pick(report.total))}, recount ${JSON.stringify(expectedTotal)}`,
    );
  for (const row of report.rows.filter((r) => r.scope === 'subtree')) {
    const expected = await recount(db, row.unit.id, from, to, report.generatedAt);
    if (JSON.stringify(pick(row)) !== JSON.stringify(expected))
      mismatches.push(
        `${row.unit.id}: API ${JSON.stringify(pick(row))}, recount ${JSON.stringify(expected)}`,
      );
  }
  const drift = await countersDrift(db);
  const seqScans = [...first.plans, ...grown.plans]
    .flatMap((p) => p.statements.flatMap((st) => st.scansOfTasks))
    .filter((n) => n.startsWith('Seq Scan'));
  const [unmarked] = (
    await db.query<{ due: string; marked: string }>(
      `SELECT count(*) FILTER (WHERE late_for_deadline IS DISTINCT FROM deadline) AS due,
              count(*) FILTER (WHERE late_for_deadline = deadline) AS marked
         FROM tasks WHERE title LIKE 'Việc sắp đến hạn %' AND state = 'in_progress' AND deadline <= $1`,
      [report.generatedAt],
    )
  ).rows;
  const sizes = (
    await db.query<{ name: string; size: string }>(
      `SELECT relname AS name, pg_size_pretty(pg_relation_size(oid)) AS size FROM pg_class
        WHERE relname IN ('tasks', 'task_summary_stats', 'tasks_overdue_unmarked_idx', 'tasks_overdue_marked_idx')
        ORDER BY relname`,
    )
  ).rows;
  const [{ statsRows }] = (
    await db.query<{ statsRows: string }>('SELECT count(*) AS "statsRows" FROM task_summary_stats')
  ).rows;

  const ratio = (a: Summary, b: Summary) => round(b.p95 / a.p95, 2);
  const lines = (
    [
      ['(a) city summary, rolled up', first.city, grown.city, TARGETS.city],
      ['(b) one district’s table', first.district, grown.district, TARGETS.district],
      ['(c) ward overdue drill-down', first.drillDown, grown.drillDown, TARGETS.drillDown],
    ] as const
  ).map(([name, a, b, target]) => ({
    name,
    first: rounded(a),
    grown: rounded(b),
    growth: ratio(a, b),
    targetP95Ms: target,
    met: b.p95 <= target && a.p95 <= target && (ratio(a, b) ?? Infinity) <= TARGETS.growth,
  }));
  const result = {
    benchmark: 'dashboard',
    machine: {
      cpus: cpus().length,
      node: process.version,
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
      postgres: serverVersion,
    },
    options,
    org: { units: org.units, people: org.people },
    generation: generation.map((g) => ({
      tasks: g.tasks,
      seconds: round(g.seconds, 1),
      foldSeconds: round(g.foldSeconds, 1),
    })),
    phases: { first: { ...first }, grown: { ...grown } },
    measures: lines,
    annotations:
      first.annotations && grown.annotations
        ? { first: rounded(first.annotations), grown: rounded(grown.annotations) }
        : 'not measured: annotationFollowUpHook in bench/dashboard.ts is not filled in',
    recount: {
      at: report.generatedAt,
      matches: mismatches.length === 0 && drift === 0,
      mismatches,
      counterRowsDiffering: drift,
      passedDuringRun: { unmarked: Number(unmarked.due), markedByWriter: Number(unmarked.marked) },
    },
    storage: { statsRows: Number(statsRows), sizes },
    seconds: round((now() - startedAll) / 1000, 1),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const ms = (s: Summary) => `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)}`;
  const pad = (s: string, n: number) => s.padEnd(n);
  const out = [
    '',
    `task summary table — ${org.units} units, ${org.people} people; PostgreSQL ${serverVersion} (${result.machine.database}), ${cpus().length} CPUs`,
    `generation: ${generation.map((g) => `${g.tasks.toLocaleString('en')} tasks in ${g.seconds.toFixed(1)} s (+ ${g.foldSeconds.toFixed(1)} s folding)`).join(', then ')}`,
    `period: ${from} … ${to} (12 months); ${options.samples} sequential requests per measure, after ${WARM_UP} warm-up`,
    '',
    `${pad('', 32)}${pad(`${first.tasks.toLocaleString('en')} tasks`, 20)}${pad(`${grown.tasks.toLocaleString('en')} tasks`, 20)}${pad('growth', 10)}target`,
    `${pad('', 32)}${pad('p50 / p95 ms', 20)}${pad('p50 / p95 ms', 20)}${pad('p95 ×', 10)}`,
    ...(
      [
        [lines[0], first.city, grown.city],
        [lines[1], first.district, grown.district],
        [lines[2], first.drillDown, grown.drillDown],
      ] as const
    ).map(
      ([l, a, b]) =>
        `${pad(l.name, 32)}${pad(ms(a), 20)}${pad(ms(b), 20)}${pad(`${l.growth}`, 10)}p95 ≤ ${l.targetP95Ms} ms, growth ≤ ${TARGETS.growth}×: ${l.met ? 'MET' : 'NOT MET'}`,
    ),
    first.annotations && grown.annotations
      ? `${pad('(d) annotation follow-up list', 32)}${pad(ms(first.annotations), 20)}${pad(ms(grown.annotations), 20)}${pad(`${ratio(first.annotations, grown.annotations)}`, 10)}p95 ≤ ${TARGETS.annotations} ms, growth ≤ ${TARGETS.growth}×: ${
          first.annotations.p95 <= TARGETS.annotations &&
          grown.annotations.p95 <= TARGETS.annotations &&
          (ratio(first.annotations, grown.annotations) ?? Infinity) <= TARGETS.growth
            ? 'MET'
            : 'NOT MET'
        }`
      : `${pad('(d) annotation follow-up list', 32)}not measured: annotationFollowUpHook (bench/dashboard.ts) is not filled in yet`,
    '',
    `while measuring, a writer ran: ${first.writer.statements} + ${grown.writer.statements} statements (${first.writer.perSecond}/s, ${grown.writer.perSecond}/s), ${first.writer.changed + grown.writer.changed} task changes, ${first.writer.marked + grown.writer.marked} latenesses recorded, ${first.writer.folds + grown.writer.folds} foldings, ${first.writer.errors + grown.writer.errors} errors`,
    `deadlines passed during the run: ${PASSING * 2} open tasks; at the end ${result.recount.passedDuringRun.unmarked} not yet recorded by the "worker", ${result.recount.passedDuringRun.markedByWriter} recorded`,
    `request errors: ${JSON.stringify({ ...first.errors, ...grown.errors })}; a ward's first overdue page listed ${grown.overdueShown} tasks in all`,
    `recount matches: ${result.recount.matches ? 'yes' : 'NO'} (city table, ${report.rows.length} rows and the total, at ${report.generatedAt}; counter rows differing from a recount: ${drift})`,
    ...mismatches.map((m) => `  ${m}`),
    ...[first, grown].flatMap((phase) =>
      phase.plans.map(
        (p) =>
          `plan of ${p.name} at ${phase.tasks.toLocaleString('en')} tasks: ${p.statements
            .map(
              (st) =>
                `${st.planningMs} + ${st.executionMs} ms (${st.scansOfTasks.join(', ') || 'no read of tasks'})`,
            )
            .join('; ')}`,
      ),
    ),
    `sequential scans of tasks in those plans: ${seqScans.length === 0 ? 'none' : seqScans.length}`,
    `storage: ${sizes.map((s) => `${s.name} ${s.size}`).join(', ')}; ${result.storage.statsRows} counter rows`,
    `total ${result.seconds} s`,
    '',
  ];
  process.stdout.write(out.join('\n'));
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
