import type { ChildProcess } from 'node:child_process';
import { spawnFromSource, stopChild } from './scripts';
import { testEnv } from './test-app';

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A real API process (apps/api/src/main.ts through ts-node), on a random port. */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawnFromSource('apps/api/src/main.ts', [], {
    ...process.env,
    ...testEnv(),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API process did not start:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('"api listening"'));
      if (line) {
        clearTimeout(timer);
        resolve(new URL((JSON.parse(line) as { url: string }).url).origin.replace('localhost', '127.0.0.1'));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API process exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    child,
    stop: (signal = 'SIGTERM') => stopChild(child, signal),
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** What it printed (its logs at LOG_LEVEL), for a failing test's message. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A real worker process (apps/worker/src/main.ts through ts-node). */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawnFromSource('apps/worker/src/main.ts', [], {
    ...process.env,
    ...testEnv(),
    LOG_LEVEL: 'warn',
    ...env,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    stop: (signal = 'SIGTERM') => stopChild(child, signal),
  };
}

export interface PostgresProcess {
  url: string;
  /** Stops the server cleanly (SIGTERM: a fast shutdown), and its process. */
  stop(): Promise<void>;
}

/** An embedded PostgreSQL in a process of its own (test/support/pg-server.ts), to stop and start at will. */
export async function startPostgresProcess(
  dataDir: string,
  port: number,
  database: string,
): Promise<PostgresProcess> {
  const child = spawnFromSource('test/support/pg-server.ts', [dataDir, String(port), database], process.env);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`PostgreSQL process exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () => stopChild(child),
  };
}
