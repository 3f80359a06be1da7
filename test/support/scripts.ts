import { ChildProcess, ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { testEnv } from './test-app';

const ROOT = join(__dirname, '..', '..');
const TS_NODE = [join(ROOT, 'node_modules/ts-node/dist/bin.js'), '--swc', '-r', 'tsconfig-paths/register'];

/**
 * A project file run from source, as the npm scripts run it (ts-node, path aliases), in the
 * project root, its output piped to the test.
 */
export function spawnFromSource(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [...TS_NODE, script, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Sends `signal` and resolves when the process has exited (at once if it already had). */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script of the project from source (what an npm script runs) to its end, or until
 * `until` sees its stdout, when SIGINT stops it as Ctrl-C would.
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  until?: (stdout: string) => boolean,
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawnFromSource(script, args, { ...process.env, ...testEnv(), LOG_LEVEL: 'info', ...env });
    const run: ScriptRun = { code: null, stdout: '', stderr: '' };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish:\n${run.stdout}\n${run.stderr}`));
    }, 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      if (until?.(run.stdout)) child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ ...run, code });
    });
  });
}
