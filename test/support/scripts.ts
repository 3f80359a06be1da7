import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testEnv } from './test-app';

const ROOT = join(__dirname, '..', '..');
const TS_NODE = [join(ROOT, 'node_modules/ts-node/dist/bin.js'), '--swc', '-r', 'tsconfig-paths/register'];

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
    const child = spawn(process.execPath, [...TS_NODE, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...testEnv(), LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
