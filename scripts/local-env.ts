import { startEmbeddedPostgres } from '@lt/database';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Relative to the working directory: npm scripts run in the project root. */
export const DATA_DIR = resolve(process.env.DATA_DIR ?? '.data');
const RUNTIME_FILE = join(DATA_DIR, 'embedded-postgres.json');

export interface LocalEnvironment {
  env: Record<string, string>;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The environment for running on one machine: DATABASE_URL from the environment, or an
 * embedded PostgreSQL kept in .data/postgres (reused if `npm start` already runs it), and a
 * token secret generated once into .data/jwt-secret unless JWT_SECRET is set.
 */
export async function localEnvironment(
  options: {
    log?: (line: string) => void;
    supervise?: (event: 'stopped' | 'restarted' | 'restart failed', detail: string) => void;
  } = {},
): Promise<LocalEnvironment> {
  mkdirSync(DATA_DIR, { recursive: true });
  const env: Record<string, string> = {};
  const secretFile = join(DATA_DIR, 'jwt-secret');
  if (!process.env.JWT_SECRET) {
    if (!existsSync(secretFile))
      writeFileSync(secretFile, randomBytes(48).toString('base64url'), { mode: 0o600 });
    env.JWT_SECRET = readFileSync(secretFile, 'utf8').trim();
  }
  // Only a restored backup that had its own CA_KEY_SECRET leaves this file (scripts/backup.ts).
  const caSecretFile = join(DATA_DIR, 'ca-key-secret');
  if (!process.env.CA_KEY_SECRET && existsSync(caSecretFile))
    env.CA_KEY_SECRET = readFileSync(caSecretFile, 'utf8').trim();
  if (process.env.DATABASE_URL) return { env, embedded: false, stop: async () => {} };

  const running = runningEmbedded();
  if (running) return { env: { ...env, DATABASE_URL: running.url }, embedded: false, stop: async () => {} };
  const pgDir = join(DATA_DIR, 'postgres');
  const pg = await startEmbeddedPostgres({
    dataDir: pgDir,
    database: 'lien_thong',
    persistent: true,
    onLog: options.log,
    supervise: options.supervise,
  });
  writeFileSync(RUNTIME_FILE, JSON.stringify({ url: pg.url, pid: process.pid }));
  return { env: { ...env, DATABASE_URL: pg.url }, embedded: true, stop: () => pg.stop() };
}

/** The embedded PostgreSQL a running `npm start` (or CLI command) keeps in DATA_DIR, if any. */
export function runningEmbedded(): { url: string; pid: number } | null {
  if (!existsSync(join(DATA_DIR, 'postgres', 'postmaster.pid')) || !existsSync(RUNTIME_FILE)) return null;
  const running = JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as { url: string; pid: number };
  return isAlive(running.pid) ? running : null;
}

/** Whether a process of this machine with that pid still runs. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
