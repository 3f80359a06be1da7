/**
 * What this machine offers the tests beyond Node.js. Everything the suite needs ships in
 * node_modules (PostgreSQL, Chromium); a few tests exercise what a real deployment adds on
 * top — the machine's Redis, Debian's nginx, pg_dump — and run only where those exist. The
 * global setup probes once and prints what it skips; LT_TEST_REQUIRE=redis,nginx,pg_dump
 * (set by .ci/run) turns a missing one into a failure, so CI never skips silently.
 */
import { spawnSync } from 'node:child_process';
import { Socket } from 'node:net';

export type MachineFeature = 'redis' | 'nginx' | 'pg_dump' | 'postgres';

export const REDIS_URL = process.env.LT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A PostgreSQL server of the machine's own (for tests that need its client tools beside it). */
export const MACHINE_POSTGRES_URL =
  process.env.LT_TEST_MACHINE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function tcpOpen(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || defaultPort), hostname, () => done(true));
  });
}

function command(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} 2>/dev/null`], {
    encoding: 'utf8',
  });
  return found.status === 0 ? found.stdout.trim().split('\n')[0] || null : null;
}

/** Probes every feature; the reason names what is missing. */
export async function probeMachine(): Promise<Record<MachineFeature, string | null>> {
  return {
    redis: (await tcpOpen(REDIS_URL, 6379)) ? null : `no Redis at ${REDIS_URL}`,
    nginx: command('nginx') ? null : 'nginx is not installed (apt-get install nginx-light)',
    pg_dump: command('pg_dump') ? null : 'pg_dump is not installed (apt-get install postgresql-client)',
    postgres: (await tcpOpen(MACHINE_POSTGRES_URL, 5432)) ? null : `no PostgreSQL at ${MACHINE_POSTGRES_URL}`,
  };
}

/** The reason a feature is missing, as the global setup found it; null when present. */
export function missing(feature: MachineFeature): string | null {
  const found = JSON.parse(process.env.LT_TEST_MISSING ?? '{}') as Partial<Record<MachineFeature, string>>;
  return found[feature] ?? null;
}

/**
 * `describe` when every feature is present; otherwise a skipped block whose title says why,
 * so the run's summary lists it (jest prints skipped tests by name with --verbose).
 */
export function describeWith(features: MachineFeature[], title: string, body: () => void): void {
  const reasons = features.map(missing).filter((r): r is string => r !== null);
  if (reasons.length === 0) describe(title, body);
  else describe.skip(`${title} — SKIPPED: ${reasons.join('; ')}`, body);
}

/** The absolute path of a command, or null. */
export function commandPath(name: string): string | null {
  return command(name);
}
