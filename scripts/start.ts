/**
 * `npm start`: runs the whole system on one machine — PostgreSQL (embedded unless
 * DATABASE_URL is set), the API (which migrates and seeds the demo organisation) and the
 * worker — and stops all of it on Ctrl-C.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import demoOrg from '../demo/demo-org.json';
import { localEnvironment } from './local-env';

const dist = join(__dirname, '..');
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', join(dist, script)], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} exited (${signal ?? code}); stopping everything\n`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not become healthy at ${url} within ${timeoutMs / 1000}s`);
}

let local: Awaited<ReturnType<typeof localEnvironment>> | undefined;

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  if (local?.embedded) {
    process.stdout.write('stopping embedded PostgreSQL\n');
    await local.stop();
  }
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  local = await localEnvironment();
  const env: NodeJS.ProcessEnv = { DEMO_DATA: 'true', ...process.env, ...local.env };
  const port = env.PORT ?? '3000';
  const url = `http://localhost:${port}`;
  run('api', 'apps/api/src/main.js', { ...env, PORT: port });
  await waitForHealth(url);
  run('worker', 'apps/worker/src/main.js', env);
  const accounts = demoOrg.people
    .filter((p) =>
      [
        'chutich.danang',
        'quantri.danang',
        'chutich.str',
        'quantri.str',
        'chutich.ahb',
        'congchuc1.ahb',
        'vanthu.ahb',
      ].includes(p.username),
    )
    .map((p) => `    ${p.username.padEnd(16)} ${p.positions[0].title}`);
  process.stdout.write(
    [
      '',
      '  Liên Thông is running',
      `    Web app      ${url}/`,
      `    API          ${url}`,
      `    API docs     ${url}/api/docs   (OpenAPI JSON: ${url}/api/docs-json)`,
      `    Health       ${url}/health`,
      `    Socket API   ${url}/api/asyncapi.json   (AsyncAPI: the socket.io event contract)`,
      `    Database     ${local.embedded ? 'embedded PostgreSQL in .data/postgres' : 'DATABASE_URL'}`,
      `  Demo sign-ins (password ${demoOrg.people[0].password}):`,
      ...accounts,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n') + '\n',
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${String((error as Error)?.message ?? error)}\n`);
  await stop(1);
});
