/**
 * `npm start`: runs the whole system on one machine — PostgreSQL (embedded unless
 * DATABASE_URL is set), the API (which migrates and seeds the demo organisation) and the
 * worker — and stops all of it on Ctrl-C. The terminal shows a short summary; the processes'
 * JSON logs go to files in .data/logs (and to the terminal too at LOG_LEVEL=debug).
 */
import { failStartup } from '@lt/config';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import demoOrg from '../demo/demo-org.json';
import { DATA_DIR, localEnvironment, LocalEnvironment } from './local-env';

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

const DEMO_SIGN_INS = [
  'chutich.danang',
  'quantri.danang',
  'chutich.str',
  'quantri.str',
  'chutich.ahb',
  'congchuc1.ahb',
  'vanthu.ahb',
];

interface Child {
  name: string;
  process: ChildProcess;
  log: string;
  /** The last lines the process wrote to stderr: shown when it stops unexpectedly. */
  lastErrors: string[];
}

const children: Child[] = [];
let local: LocalEnvironment | undefined;
let stopping = false;

function logFile(name: string): { path: string; stream: WriteStream } {
  const path = join(LOG_DIR, `${name}.log`);
  return { path, stream: createWriteStream(path, { flags: 'a' }) };
}

function run(name: string, app: string, env: NodeJS.ProcessEnv): Child {
  const { path, stream } = logFile(name);
  const process_ = spawn(process.execPath, nodeArgs(app), {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = { name, process: process_, log: path, lastErrors: [] };
  process_.stdout?.on('data', (chunk: Buffer) => {
    stream.write(chunk);
    if (verbose) process.stdout.write(chunk);
  });
  process_.stderr?.on('data', (chunk: Buffer) => {
    stream.write(chunk);
    if (verbose) process.stderr.write(chunk);
    child.lastErrors.push(...chunk.toString().split('\n').filter(Boolean));
    child.lastErrors.splice(0, Math.max(0, child.lastErrors.length - 20));
  });
  process_.on('exit', (code, signal) => {
    stream.end();
    if (stopping) return;
    process.stderr.write(
      `\n${child.lastErrors.join('\n')}\n\n${name} stopped (${signal ?? `exit code ${code}`}); stopping everything. ` +
        `Its log: ${shown(path)}\n`,
    );
    void stop(code ?? 1);
  });
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

async function waitForHealth(url: string, api: Child, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.process.exitCode !== null) return new Promise<void>(() => {}); // its exit handler stops everything
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not become healthy at ${url} within ${timeoutMs / 1000}s; see ${api.log}`);
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      ({ process: child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  if (local?.embedded) {
    process.stdout.write('Đang dừng PostgreSQL / stopping the embedded PostgreSQL\n');
    await local.stop();
  }
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
  try {
    local = await localEnvironment({ log: (line) => postgresLog.stream.write(`${line}\n`) });
  } catch (error) {
    failStartup(error);
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

  const password = demoOrg.people[0].password;
  const accounts = demoOrg.people
    .filter((p) => DEMO_SIGN_INS.includes(p.username))
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
