import type { FeedEnvelope } from '@lt/realtime';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@lt/database';
import { Client } from 'pg';
import { startLocalNginx } from '../scripts/local-nginx';
import { ApiProcess, startApiProcess, startWorkerProcess, WorkerProcess } from './support/api-process';
import { commandPath, describeWith, MACHINE_POSTGRES_URL, REDIS_URL } from './support/machine';
import { connect, feedOf, nextEvent, waitFor } from './support/sockets';
import { addUnit, person, SignedIn, startTestApp, TestApp } from './support/test-app';

const PROXY_RULES = join(__dirname, '..', 'deploy/nginx/lien-thong-proxy.conf');

/**
 * The production topology of docs/deployment.md on this machine: Debian's nginx with the
 * proxy rules of deploy/nginx in front of two API processes and two workers, in production
 * mode, on the machine's PostgreSQL (a fresh database the instances migrate themselves) and
 * Redis. This process builds the test data through a third instance on the same database.
 */
describeWith(
  ['nginx', 'redis', 'postgres'],
  'production topology: nginx, 2 API instances, 2 workers (e2e)',
  () => {
    const dbName = `lt_deploy_${process.pid}`;
    let dir: string;
    let dbUrl: string;
    let env: Record<string, string>;
    let nginx: ChildProcess;
    let proxy: string;
    let a: ApiProcess;
    let b: ApiProcess;
    let t: TestApp;
    let leader: SignedIn;
    let officials: SignedIn[];
    let wardId: string;
    let districtId: string;
    const workers: WorkerProcess[] = [];
    const sockets: { disconnect(): unknown }[] = [];
    let db: Client;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'lt-deploy-'));
      const admin = new Client({ connectionString: MACHINE_POSTGRES_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const url = new URL(MACHINE_POSTGRES_URL);
      url.pathname = `/${dbName}`;
      dbUrl = url.toString();
      env = {
        NODE_ENV: 'production',
        DATABASE_URL: dbUrl,
        REDIS_URL,
        REALTIME_CHANNEL_PREFIX: `lt-deploy-${process.pid}`,
        JWT_SECRET: randomBytes(48).toString('base64url'),
        CA_KEY_SECRET: randomBytes(48).toString('base64url'),
        REALTIME_POLL_MS: '100',
        WORKER_SCAN_SECONDS: '1',
      };
      // Both instances start at once on the empty database: one migrates, the other waits.
      [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
      proxy = await startNginx([a.url, b.url]);
      t = await startTestApp(env);
      db = new Client({ connectionString: dbUrl });
      await db.connect();

      const district = await addUnit(t, 'district', 'Quận Triển Khai', null);
      const ward = await addUnit(t, 'ward', 'Phường Triển Khai', district);
      districtId = district.id;
      wardId = ward.id;
      leader = await person(t, [{ unit: district, role: 'leader' }]);
      await person(t, [{ unit: ward, role: 'leader' }]);
      officials = [];
      for (let i = 0; i < 4; i++) officials.push(await person(t, [{ unit: ward, role: 'official' }]));
    }, 120_000);

    afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop(), ...workers.map((w) => w.stop('SIGKILL'))]);
      nginx?.kill('SIGQUIT');
      await t?.close();
      await db?.end();
      const admin = new Client({ connectionString: MACHINE_POSTGRES_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** nginx with our proxy rules, the site's `map`, and an upstream of the two instances. */
    async function startNginx(upstreams: string[]): Promise<string> {
      const started = await startLocalNginx({
        nginx: commandPath('nginx')!,
        dir,
        port: await freePort(),
        upstreams,
      });
      nginx = started.process;
      return started.origin;
    }

    const open = async (url: string, who: SignedIn, options = {}) => {
      const socket = await connect(url, who.token, options);
      sockets.push(socket);
      return socket;
    };
    const issueThrough = async (url: string, subject: string, extra: Record<string, unknown> = {}) => {
      const response = await fetch(`${url}/directives`, {
        method: 'POST',
        headers: { ...leader.auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          issuingUnitId: districtId,
          type: 'CT',
          subject,
          body: 'Nội dung triển khai',
          urgency: 1,
          targets: [{ unitId: wardId }],
          ...extra,
        }),
      });
      if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    const issuedIds = (events: FeedEnvelope[]) =>
      events.filter((e) => e.name === 'directive.issued').map((e) => (e.payload as { id: string }).id);

    it('runs in production mode: no demo organisation, and it refuses to start with one or with a placeholder secret', async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE username = 'chutich.danang'`,
      );
      expect(rows[0].n).toBe(0);
      for (const [override, complaint] of [
        [{ DEMO_DATA: 'true' }, 'DEMO_DATA = "true": must be off in production'],
        [{ JWT_SECRET: 'change-me-'.repeat(4) }, 'JWT_SECRET = (hidden): looks like a placeholder'],
        [{ CA_KEY_SECRET: '' }, 'CA_KEY_SECRET = (hidden): is required in production'],
      ] as const)
        await expect(startApiProcess({ ...env, ...override })).rejects.toThrow(
          expect.objectContaining({ message: expect.stringContaining(complaint) }),
        );
    });

    it('keeps idle WebSockets through nginx longer than the socket.io heartbeat', async () => {
      const socket = await open(proxy, officials[0]);
      // As the server announced them in the handshake.
      const engine = socket.io.engine as unknown as { _pingInterval: number; _pingTimeout: number };
      const heartbeatSeconds = (engine._pingInterval + engine._pingTimeout) / 1000;
      expect(heartbeatSeconds).toBeGreaterThan(0);
      const rules = readFileSync(PROXY_RULES, 'utf8');
      const socketBlock = /location \/socket\.io\/ \{([^}]*)\}/.exec(rules)![1];
      for (const directive of ['proxy_read_timeout', 'proxy_send_timeout']) {
        const seconds = Number(new RegExp(`${directive} (\\d+)s;`).exec(socketBlock)?.[1]);
        expect(seconds).toBeGreaterThan(heartbeatSeconds);
      }
    });

    it('turns a flood of citizens’ lookups from one address away at nginx, while staff requests go through', async () => {
      const lookup = () =>
        fetch(`${proxy}/public/one-stop/files/000.00.00.H17-000101-0001?pin=123456`).then(async (r) => ({
          status: r.status,
          fromNginx: !(r.headers.get('content-type') ?? '').includes('json'),
          body: await r.text(),
        }));
      const answers = await Promise.all(Array.from({ length: 80 }, lookup));
      const refusedAtNginx = answers.filter((r) => r.status === 429 && r.fromNginx).length;
      const reachedApi = answers.filter((r) => !r.fromNginx).length;
      // The burst (20) and what the rate lets through pass; the rest never reach an API instance.
      expect(reachedApi).toBeGreaterThanOrEqual(20);
      expect(reachedApi).toBeLessThanOrEqual(25);
      expect(refusedAtNginx).toBe(80 - reachedApi);
      for (const r of answers.filter((x) => !x.fromNginx)) expect([404, 429]).toContain(r.status);
      // Staff on the same address, on other routes, are not held back.
      const me = await fetch(`${proxy}/me`, { headers: leader.auth });
      expect(me.status).toBe(200);
    });

    it('delivers a directive issued through one instance to sockets on the other, and through nginx to all', async () => {
      const onB = await open(b.url, officials[0]);
      const viaProxy = await Promise.all(officials.map((o) => open(proxy, o)));
      const direct = nextEvent<FeedEnvelope>(onB, 'feed.event', (e) => e.name === 'directive.issued');
      const everywhere = viaProxy.map((s) =>
        nextEvent<FeedEnvelope>(s, 'feed.event', (e) => e.name === 'directive.issued'),
      );
      const issued = await issueThrough(a.url, 'Phát qua phiên bản A');
      expect((await direct).payload).toMatchObject({ id: issued.id });
      for (const received of await Promise.all(everywhere))
        expect(received.payload).toMatchObject({ id: issued.id });

      const throughProxy = await issueThrough(proxy, 'Phát qua nginx');
      const again = await Promise.all(
        viaProxy.map((s) =>
          nextEvent<FeedEnvelope>(
            s,
            'feed.event',
            (e) => (e.payload as { id?: string }).id === throughProxy.id,
          ),
        ),
      );
      expect(again).toHaveLength(officials.length);
    });

    it('finishes the scan of a worker killed mid-scan with the other worker, each escalation once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 60; i++)
        ids.push(
          (
            await issueThrough(proxy, `Cần xác nhận ${i + 1}`, {
              ackRequired: true,
              ackDueAt: new Date(Date.now() + 3_600_000).toISOString(),
            })
          ).id,
        );
      // Time passes (the deadlines move into the past, in issue order), and the 56th
      // directive's recipients are held: the first worker stops there, inside its second batch.
      await db.query(
        `UPDATE directives SET ack_due_at = now() - interval '2 hours' + (array_position($1::uuid[], id) * interval '1 second')
        WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const holder = new Client({ connectionString: dbUrl });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM directive_recipients WHERE directive_id = $1 FOR UPDATE', [ids[55]]);

      const escalated = async () =>
        (
          await db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM directives WHERE id = ANY($1) AND escalated_at IS NOT NULL',
            [ids],
          )
        ).rows[0].n;
      const first = startWorkerProcess(env);
      workers.push(first);
      await waitFor(
        async () =>
          (await escalated()) === 50 &&
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
              [dbName],
            )
          ).rows[0].n > 0,
        60_000,
        `the first worker to block inside its second batch:\n${first.output()}`,
      );
      await first.stop('SIGKILL');
      await holder.query('ROLLBACK');
      await holder.end();
      expect(await escalated()).toBe(50); // its second batch died with it, uncommitted

      const second = startWorkerProcess(env);
      workers.push(second);
      await waitFor(
        async () => (await escalated()) === 60,
        60_000,
        `the second worker to finish:\n${second.output()}`,
      );
      const { rows } = await db.query<{ subjectId: string; n: number }>(
        `SELECT subject_id AS "subjectId", count(*)::int AS n FROM audit_entries
        WHERE action = 'directive.escalate' AND subject_id = ANY($1) GROUP BY subject_id`,
        [ids],
      );
      expect(rows).toHaveLength(60);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    }, 180_000);

    it('moves the clients of a killed API instance to the other through nginx, nothing lost', async () => {
      // Round-robin: of four clients through nginx, two are on each instance.
      const clients = await Promise.all(
        officials.map(async (o) => {
          const socket = await open(proxy, o, {
            reconnection: true,
            reconnectionDelay: 200,
            reconnectionDelayMax: 1000,
          });
          const feed = feedOf(socket);
          await feed.client.sync();
          let disconnects = 0;
          socket.on('disconnect', () => disconnects++);
          return { socket, feed, disconnects: () => disconnects };
        }),
      );
      const before = clients.map((c) => c.feed.events.length);
      // Issued through A, which dies right after answering: its event is in the outbox.
      const last = await issueThrough(a.url, 'Ngay trước khi A dừng');
      await a.stop('SIGKILL');
      const whileDown = [
        await issueThrough(proxy, 'Khi A đã dừng 1'),
        await issueThrough(proxy, 'Khi A đã dừng 2'),
      ];
      const expected = [last.id, ...whileDown.map((d) => d.id)];
      for (const [i, c] of clients.entries())
        await waitFor(
          () => expected.every((id) => issuedIds(c.feed.events.slice(before[i])).includes(id)),
          20_000,
          `client ${i} to catch up`,
        );
      expect(clients.filter((c) => c.disconnects() > 0).length).toBe(2);
      for (const [i, c] of clients.entries()) {
        const seqs = c.feed.events.map((e) => e.seq);
        expect(new Set(seqs).size).toBe(seqs.length); // no duplicates
        expect([...seqs].sort((x, y) => x - y)).toEqual(seqs); // in order
        expect(issuedIds(c.feed.events.slice(before[i]))).toEqual(expected);
      }
    }, 60_000);
  },
);
