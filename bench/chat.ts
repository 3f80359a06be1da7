/**
 * `npm run bench:chat` — messages between many people in many unit channels: the round trip
 * and delivery time of a message and the messages per second, against a bare socket.io server
 * measured in the same run.
 *
 *   npm run bench:chat -- [--clients 2000] [--channels 200] [--rate 200] [--seconds 20] [--processes 2]
 *
 * DATABASE_URL: use that server (a fresh database, dropped afterwards) instead of an embedded one.
 *
 * 1. A fresh database, migrated and seeded in bulk: a city, 10 districts, `channels` wards and
 *    `clients` officials spread evenly over the wards (10 per ward by default); each ward's
 *    channel; a session per person, whose access token is minted here (set-up, not measured).
 * 2. The real API (dist/apps/api) and the bare server (dist/bench/bare-server.js) run as child
 *    processes; the sockets live in P client processes (chat-client.ts).
 * 3. Phase API: every person connects. A warm-up message goes to every channel. Then messages
 *    are sent over the socket (`chat.send`) open loop at `rate` per second in all for `seconds`,
 *    round-robin over the senders, whatever the answers do. Each is stored, numbered, and
 *    reaches its channel's people through the outbox, the relay and the feed. Measured from
 *    the moment a message was due: its round trip (the sender gets the channel's copy back),
 *    its delivery to each other member, and the sender's acknowledgement. Messages per second
 *    = messages stored / (last answer − start); deliveries per second likewise.
 * 4. Phase bare: the same people connect to the bare server, one room per channel; the same
 *    schedule; the bare server emits each message to its room at once (no database, no access
 *    checks, no feed) — the floor socket.io itself sets on this machine.
 *
 * It prints one JSON object and then a readable summary on stdout (progress goes to stderr).
 * Nothing is asserted: the exit code is 0 unless the run itself fails.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { dataSourceOptions, freePort, migrateDatabase } from '@lt/database';
import { ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import type { FromChatClient, Member, ToChatClient } from './chat-client';
import { cpuOf, machineJiffies, openBenchDatabase, postgresPids, postgresStatements, startApi } from './proc';
import { DUMMY_PASSWORD_HASH, seedCity } from './seed-org';
import { pacedSchedule, perSecond, round, rounded, summarize } from './stats';

const DISTRICTS = 10;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`[bench:chat] ${line}\n`);

interface Options {
  clients: number;
  channels: number;
  rate: number;
  seconds: number;
  processes: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { clients: 2000, channels: 200, rate: 200, seconds: 20, processes: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!(key in options) || !(value > 0)) throw new Error(`bad option ${argv[i]} ${argv[i + 1]}`);
    options[key as keyof Options] = value;
  }
  if (options.channels % DISTRICTS !== 0) throw new Error(`--channels must be a multiple of ${DISTRICTS}`);
  return options;
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  for (const step of cleanups.reverse())
    await Promise.resolve(step()).catch((e: unknown) => log(`clean-up: ${String(e)}`));
}

/** The people (with sessions), their wards and the wards' channels, in set-based statements. */
async function seed(
  db: Client,
  options: Options,
): Promise<{ userId: string; sessionId: string; channelId: string }[]> {
  await db.query('BEGIN');
  await seedCity(db, DISTRICTS, options.channels / DISTRICTS);
  await db.query(
    `INSERT INTO users (username, full_name, password_hash, version)
     SELECT 'chat.' || lpad(i::text, 6, '0'), 'Cán bộ thử tải ' || i, $1, 1 FROM generate_series(1, $2::int) i`,
    [DUMMY_PASSWORD_HASH, options.clients],
  );
  await db.query(
    `INSERT INTO positions (user_id, unit_id, role)
     SELECT u.id, w.id, 'official'
       FROM (SELECT id, row_number() OVER (ORDER BY username) - 1 AS rn FROM users) u
       JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS rn FROM org_units WHERE kind = 'ward') w
         ON w.rn = u.rn % $1`,
    [options.channels],
  );
  await db.query(
    `INSERT INTO chat_channels (kind, unit_id) SELECT 'unit', id FROM org_units WHERE kind = 'ward'`,
  );
  await db.query(
    `INSERT INTO auth_sessions (user_id, refresh_hash, expires_at, user_agent)
     SELECT id, md5(random()::text) || md5(random()::text), now() + interval '1 day', 'bench:chat' FROM users`,
  );
  const { rows } = await db.query<{ userId: string; sessionId: string; channelId: string }>(
    `SELECT u.id AS "userId", s.id AS "sessionId", c.id AS "channelId"
       FROM users u JOIN auth_sessions s ON s.user_id = u.id
       JOIN positions p ON p.user_id = u.id JOIN chat_channels c ON c.unit_id = p.unit_id
      ORDER BY u.username`,
  );
  await db.query('COMMIT');
  await db.query('ANALYZE org_units, org_unit_closure, users, positions, auth_sessions, chat_channels');
  return rows;
}

/** A forked client process and its replies, in order. */
class Worker {
  private readonly waiting: ((message: FromChatClient) => void)[] = [];
  constructor(readonly child: ChildProcess) {
    child.on('message', (message: FromChatClient) => this.waiting.shift()?.(message));
  }
  request<T extends FromChatClient['t']>(
    message: ToChatClient | null,
  ): Promise<Extract<FromChatClient, { t: T }>> {
    const reply = new Promise<Extract<FromChatClient, { t: T }>>((resolve) =>
      this.waiting.push((m) => resolve(m as Extract<FromChatClient, { t: T }>)),
    );
    if (message) this.child.send(message);
    return reply;
  }
}

async function startWorkers(processes: number): Promise<Worker[]> {
  return Promise.all(
    Array.from({ length: processes }, async () => {
      const child = fork(join(__dirname, 'chat-client.js'), [], {
        serialization: 'advanced',
        stdio: ['ignore', 2, 2, 'ipc'],
        execArgv: ['--enable-source-maps'],
      });
      cleanups.push(() => {
        if (child.connected) child.send({ t: 'exit' } satisfies ToChatClient);
      });
      const worker = new Worker(child);
      await worker.request<'ready'>(null);
      return worker;
    }),
  );
}

async function startBare(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'bare-server.js'), '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(() => {
    child.kill('SIGTERM');
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    await sleep(100);
  }
  throw new Error('the bare server did not start');
}

interface PhaseResult {
  connected: number;
  connectFailures: Record<string, number>;
  offeredPerSecond: number;
  sent: number;
  stored: number;
  refused: Record<string, number>;
  timedOut: number;
  messagesPerSecond: number | null;
  deliveriesExpected: number;
  deliveriesReceived: number;
  deliveriesPerSecond: number | null;
  roundTripMs: ReturnType<typeof rounded>;
  deliveryMs: ReturnType<typeof rounded>;
  ackMs: ReturnType<typeof rounded>;
  maxSenderLatenessMs: number | null;
  cpuSeconds: Record<string, number | null>;
  machineBusyPercent: number | null;
}

async function phase(
  name: string,
  workers: Worker[],
  url: string,
  mode: 'api' | 'bare',
  members: Member[],
  membersPerChannel: Map<string, number>,
  options: Options,
  pids: () => Record<string, number[]>,
): Promise<PhaseResult> {
  const share = Math.ceil(members.length / workers.length);
  const connected = await Promise.all(
    workers.map((w, i) =>
      w.request<'connected'>({
        t: 'connect',
        url,
        mode,
        members: members.slice(i * share, (i + 1) * share),
        batch: 50,
      }),
    ),
  );
  const failures: Record<string, number> = {};
  for (const c of connected)
    for (const [k, v] of Object.entries(c.failures)) failures[k] = (failures[k] ?? 0) + v;
  log(`${name}: ${connected.reduce((s, c) => s + c.ok, 0)} connected`);

  // Warm-up: one message per channel, then quiet.
  const warm = pacedSchedule(now() + 200, 500, workers.length, 0);
  await Promise.all(
    workers.map((w, i) =>
      w.request<'sent'>({
        t: 'send',
        schedule: { ...warm, offsetMs: (1000 * i) / 500, intervalMs: (1000 * workers.length) / 500 },
        count: Math.ceil(options.channels / workers.length),
        timeoutMs: 30_000,
      }),
    ),
  );
  await sleep(2000);
  await Promise.all(workers.map((w) => w.request<'collected'>({ t: 'collect' })));

  const count = Math.round(options.rate * options.seconds);
  const perWorker = Math.ceil(count / workers.length);
  const start = now() + 500;
  const cpuBefore = Object.fromEntries(
    Object.entries(pids()).map(([k, list]) => [k, list.reduce((s, p) => s + cpuOf(p), 0)]),
  );
  const machineBefore = machineJiffies();
  log(`${name}: sending ${perWorker * workers.length} messages at ${options.rate}/s`);
  const sent = await Promise.all(
    workers.map((w, i) =>
      w.request<'sent'>({
        t: 'send',
        schedule: pacedSchedule(start, options.rate, workers.length, i),
        count: perWorker,
        timeoutMs: 60_000,
      }),
    ),
  );
  const stored = sent.reduce((s, r) => s + r.ok, 0);
  // Every stored message reaches each person of its channel (its sender included); wait for them.
  const expected = stored * (members.length / membersPerChannel.size);
  let collected: Extract<FromChatClient, { t: 'collected' }>[] = [];
  const roundTrips: number[] = [];
  const deliveries: number[] = [];
  let received = 0;
  let lastArrival = 0;
  const until = now() + 30_000;
  for (;;) {
    await sleep(500);
    collected = await Promise.all(workers.map((w) => w.request<'collected'>({ t: 'collect' })));
    for (const c of collected) {
      roundTrips.push(...c.roundTrips);
      deliveries.push(...c.deliveries);
      received += c.received;
      lastArrival = Math.max(lastArrival, c.lastArrival);
    }
    if (received >= expected || now() > until) break;
  }
  const machineAfter = machineJiffies();
  const cpuAfter = Object.fromEntries(
    Object.entries(pids()).map(([k, list]) => [k, list.reduce((s, p) => s + cpuOf(p), 0)]),
  );
  const acks: number[] = sent.flatMap((r) => [...r.ackLatencies]);
  const lastAnswer = Math.max(...sent.map((r) => r.lastAnswerAt));
  const refused: Record<string, number> = {};
  for (const r of sent) for (const [k, v] of Object.entries(r.refused)) refused[k] = (refused[k] ?? 0) + v;
  await Promise.all(workers.map((w) => w.request<'disconnected'>({ t: 'disconnect' })));
  return {
    connected: connected.reduce((s, c) => s + c.ok, 0),
    connectFailures: failures,
    offeredPerSecond: options.rate,
    sent: perWorker * workers.length,
    stored,
    refused,
    timedOut: sent.reduce((s, r) => s + r.timedOut, 0),
    messagesPerSecond: round(perSecond(stored, start, lastAnswer), 1),
    deliveriesExpected: expected,
    deliveriesReceived: received,
    deliveriesPerSecond: round(perSecond(received, start, lastArrival), 1),
    roundTripMs: rounded(summarize(roundTrips)),
    deliveryMs: rounded(summarize(deliveries)),
    ackMs: rounded(summarize(acks)),
    maxSenderLatenessMs: round(Math.max(...sent.map((r) => r.maxLateness)), 1),
    cpuSeconds: Object.fromEntries(
      Object.keys(cpuAfter).map((k) => [k, round(cpuAfter[k] - cpuBefore[k], 2)]),
    ),
    machineBusyPercent: round(
      (100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total),
      1,
    ),
  };
}

function summaryText(report: { options: Options; api: PhaseResult; bare: PhaseResult }): string {
  const { api, bare, options } = report;
  const row = (label: string, a: string | number | null, b: string | number | null) =>
    `| ${label} | ${a ?? '—'} | ${b ?? '—'} |`;
  const pair = (s: ReturnType<typeof rounded>) => `${s.p50} / ${s.p99}`;
  return [
    `bench:chat — ${options.clients} clients in ${options.channels} unit channels, ${options.rate} msgs/s offered for ${options.seconds} s`,
    '',
    '| | Liên Thông API | bare socket.io (baseline) |',
    '|---|---|---|',
    row('connected', api.connected, bare.connected),
    row('messages stored / sent', `${api.stored} / ${api.sent}`, `${bare.stored} / ${bare.sent}`),
    row('messages/s', api.messagesPerSecond, bare.messagesPerSecond),
    row(
      'deliveries received / expected',
      `${api.deliveriesReceived} / ${api.deliveriesExpected}`,
      `${bare.deliveriesReceived} / ${bare.deliveriesExpected}`,
    ),
    row('deliveries/s', api.deliveriesPerSecond, bare.deliveriesPerSecond),
    row('round trip p50 / p99 ms', pair(api.roundTripMs), pair(bare.roundTripMs)),
    row('delivery to members p50 / p99 ms', pair(api.deliveryMs), pair(bare.deliveryMs)),
    row('sender’s answer p50 / p99 ms', pair(api.ackMs), pair(bare.ackMs)),
    row(
      'refused / timed out',
      `${JSON.stringify(api.refused)} / ${api.timedOut}`,
      `${JSON.stringify(bare.refused)} / ${bare.timedOut}`,
    ),
    row('machine busy %', api.machineBusyPercent, bare.machineBusyPercent),
    row(
      'CPU s (server / postgres / clients)',
      `${api.cpuSeconds.server} / ${api.cpuSeconds.postgres} / ${api.cpuSeconds.clients}`,
      `${bare.cpuSeconds.server} / — / ${bare.cpuSeconds.clients}`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  log(
    `${options.clients} clients, ${options.channels} channels; ${cpus().length} CPUs, node ${process.version}`,
  );
  const databaseUrl = await openBenchDatabase('chat', cleanups);
  await migrateDatabase(dataSourceOptions(databaseUrl, DATABASE_WIRING));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  cleanups.push(() => db.end());
  const people = await seed(db, options);
  const pgDataDir = (
    await db.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`)
  ).rows[0].setting;
  const secret = randomBytes(36).toString('base64url');
  const jwt = new JwtService({ secret });
  const members: Member[] = people.map((p, index) => ({
    index,
    channelId: p.channelId,
    token: jwt.sign({ sub: p.userId, sid: p.sessionId, typ: 'access' }, { expiresIn: 86400 }),
  }));
  const perChannel = new Map<string, number>();
  for (const m of members) perChannel.set(m.channelId, (perChannel.get(m.channelId) ?? 0) + 1);

  const api = await startApi(databaseUrl, secret, cleanups);
  const bare = await startBare();
  const workers = await startWorkers(options.processes);
  log(`API at ${api.url}, bare server at ${bare.url}`);
  const embedded = !process.env.DATABASE_URL;
  const clientPids = () => workers.map((w) => w.child.pid!);

  await postgresStatements(databaseUrl, 1, true);
  const apiResult = await phase('API', workers, api.url, 'api', members, perChannel, options, () => ({
    server: [api.child.pid!],
    postgres: embedded ? postgresPids(pgDataDir) : [],
    clients: clientPids(),
  }));
  const [{ n: storedInDb }] = (
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM chat_messages WHERE body LIKE 'b|%'`)
  ).rows;
  const statements = await postgresStatements(databaseUrl, Math.max(1, storedInDb), false);
  const bareResult = await phase('bare', workers, bare.url, 'bare', members, perChannel, options, () => ({
    server: [bare.child.pid!],
    clients: clientPids(),
  }));
  const report = {
    options,
    machine: { cpus: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version },
    database: embedded ? 'embedded PostgreSQL' : 'DATABASE_URL',
    api: apiResult,
    apiMessagesInDatabase: storedInDb,
    /** pg_stat_statements over the API phase, per message stored. */
    postgresStatementsPerMessage: statements,
    bare: bareResult,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n${summaryText(report)}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp().then(() => process.exit()));
