import { freePort } from '@lt/database';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { isAlive } from '../scripts/local-env';
import { runScript, spawnFromSource } from './support/scripts';
import { waitFor } from './support/sockets';
import { testEnv } from './support/test-app';
import type { ChildProcess } from 'node:child_process';

describe('npm start and process start-up, for a person (e2e)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lt-start-'));
    chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the user postgres when we are root
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a short summary — address, demo sign-ins, log files — and keeps the JSON logs in .data/logs', async () => {
    const port = await freePort();
    // A newcomer's run: its own embedded PostgreSQL in the data folder, seeded with the demo.
    const run = await runScript(
      'scripts/start.ts',
      [],
      { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: '', DATABASE_URL: '' },
      (out) => out.includes('Ctrl-C'),
    );
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`http://localhost:${port}/`);
    expect(run.stdout).toMatch(/chutich\.danang\s+Chủ tịch UBND thành phố/);
    expect(run.stdout).toContain(join(dataDir, 'logs', 'api.log'));
    // Nothing of the processes' JSON reaches the terminal…
    expect(run.stdout.split('\n').filter((line) => line.trim().startsWith('{'))).toEqual([]);
    expect(run.stderr).toBe('');
    // …it is in the log files.
    const apiLog = readFileSync(join(dataDir, 'logs', 'api.log'), 'utf8');
    expect(apiLog).toContain('"api listening"');
    expect(apiLog).toMatch(/"context":"InstanceLoader"/);
    expect(readFileSync(join(dataDir, 'logs', 'postgres.log'), 'utf8')).not.toBe('');
    expect(existsSync(join(dataDir, 'logs', 'worker.log'))).toBe(true);
  });

  it('shows the JSON logs in the terminal too at LOG_LEVEL=debug', async () => {
    const port = await freePort();
    const run = await runScript(
      'scripts/start.ts',
      [],
      // On the run's database, which other files fill: no demo organisation there.
      { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'debug', DEMO_DATA: 'false' },
      (out) => out.includes('Ctrl-C'),
    );
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('"api listening"');
  });

  describe('when the port is taken', () => {
    let squatter: Server;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

    it('npm start says so and exits with code 2, before starting anything', async () => {
      const run = await runScript('scripts/start.ts', [], {
        DATA_DIR: dataDir,
        PORT: String(port),
        DATABASE_URL: '',
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.stderr).toContain('PORT=3001 npm start');
      expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
    });

    it('so does the API process itself (under a supervisor), with code 2', async () => {
      const run = await runScript('apps/api/src/main.ts', [], { PORT: String(port), HOST: '127.0.0.1' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Cổng ${port} trên 127.0.0.1 đang được dùng`);
      expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    });
  });

  it('refuses a data folder made by another PostgreSQL major version, with code 3', async () => {
    mkdirSync(join(dataDir, 'postgres'));
    writeFileSync(join(dataDir, 'postgres', 'PG_VERSION'), '15\n');
    const run = await runScript('scripts/start.ts', [], {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DATABASE_URL: '',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/was made by PostgreSQL 15; this version runs PostgreSQL \d+/);
    expect(run.stderr).toContain('npm run backup');
  });

  it('refuses a database migrated by a newer Liên Thông, with code 3, and leaves it untouched', async () => {
    const name = `lt_newer_${process.pid}`;
    const admin = new Client({ connectionString: process.env.LT_TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.LT_TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    try {
      await db.query(
        'CREATE TABLE schema_migrations (id serial PRIMARY KEY, timestamp bigint NOT NULL, name varchar NOT NULL)',
      );
      await db.query(
        `INSERT INTO schema_migrations (timestamp, name) VALUES (1899999999999, 'FromTheFuture1899999999999')`,
      );
      const run = await runScript('apps/api/src/main.ts', [], { DATABASE_URL: url.toString(), PORT: '0' });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('this database was migrated by a newer Liên Thông');
      expect(run.stderr).toContain('FromTheFuture1899999999999');
      const tables = await db.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows[0].n).toBe(1); // nothing migrated
    } finally {
      await db.end();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('npm start supervises what it started (e2e)', () => {
  let dataDir: string;
  let port: number;
  let start: ChildProcess;
  let stdout = '';
  let stderr = '';
  const logPids = (name: string) =>
    readFileSync(join(dataDir, 'logs', `${name}.log`), 'utf8')
      .split('\n')
      .filter((line) => line.includes(`"msg":"${name} started"`))
      .map((line) => (JSON.parse(line) as { pid: number }).pid);
  const healthy = () =>
    fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lt-supervise-'));
    chmodSync(dataDir, 0o755);
    port = await freePort();
    start = spawnFromSource('scripts/start.ts', [], {
      ...process.env,
      ...testEnv(),
      DATA_DIR: dataDir,
      PORT: String(port),
      DATABASE_URL: '',
      JWT_SECRET: '',
      LOG_LEVEL: '',
    });
    start.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(() => stdout.includes('Ctrl-C'), 90_000, `npm start:\n${stdout}\n${stderr}`);
  }, 120_000);
  afterAll(() => {
    if (start.exitCode === null) start.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts an API that died, and it serves again', async () => {
    const [first] = logPids('api');
    process.kill(first, 'SIGKILL');
    await waitFor(() => stderr.includes('api stopped (SIGKILL); restarting in 1 s'), 10_000, 'the notice');
    await waitFor(() => logPids('api').length === 2, 10_000, 'a second API');
    await waitFor(healthy, 60_000, 'the restarted API');
    expect(isAlive(first)).toBe(false);
  }, 90_000);

  it('restarts a worker that died', async () => {
    const [first] = logPids('worker');
    process.kill(first, 'SIGKILL');
    await waitFor(() => logPids('worker').length === 2, 15_000, 'a second worker');
    expect(stderr).toContain('worker stopped (SIGKILL); restarting in 1 s');
  }, 30_000);

  it('notices its embedded PostgreSQL died, starts it again, and the API recovers by itself', async () => {
    const postmaster = Number(
      readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    process.kill(postmaster, 'SIGKILL');
    await waitFor(() => stderr.includes('PostgreSQL stopped (SIGKILL); restarting it'), 10_000, 'the notice');
    await waitFor(() => stderr.includes('PostgreSQL restarted'), 60_000, `the restart:\n${stderr}`);
    await waitFor(healthy, 60_000, 'the API on the restarted database');
  }, 150_000);

  it('refuses a second npm start on the same data folder, with code 4', async () => {
    const second = await runScript('scripts/start.ts', [], {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DATABASE_URL: '',
      JWT_SECRET: '',
    });
    expect(second.code).toBe(4);
    expect(second.stderr).toContain('is in use by another npm start');
    expect(await healthy()).toBe(true); // the first one is untouched
  }, 60_000);

  it('stops everything on SIGTERM, as on Ctrl-C', async () => {
    const pids = [...logPids('api'), ...logPids('worker')];
    const postmaster = Number(
      readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
    start.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitFor(
      () => [...pids, postmaster].every((pid) => !isAlive(pid)),
      10_000,
      'every child to be gone',
    );
    expect(existsSync(join(dataDir, 'npm-start.pid'))).toBe(false);
  }, 30_000);
});
