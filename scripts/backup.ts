/**
 * `npm run backup [-- <folder>]` and `npm run restore -- <folder>` (docs/backups.md).
 *
 * A backup is a folder (mode 700): `manifest.json`, the secrets that open it (`secrets.env`:
 * JWT_SECRET and CA_KEY_SECRET — the CA key in the database is sealed under the latter), and
 * the database, as either
 *  - `database.dump`: pg_dump's custom format, taken online from DATABASE_URL (or from a
 *    running embedded PostgreSQL) with a pg_dump at least as new as the server; or
 *  - `postgres/`: a copy of the embedded PostgreSQL's data folder, taken while it is stopped
 *    (`npm start` not running) — consistent, and needing no client tools.
 * Restore never overwrites: it wants an empty database (or no data folder yet).
 */
import { embeddedPostgresMajor, startEmbeddedPostgres } from '@lt/database';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { version } from '../package.json';
import { DATA_DIR, runningEmbedded } from './local-env';

const MANIFEST = 'manifest.json';
const SECRETS = 'secrets.env';

interface Manifest {
  format: 'lien-thong-backup';
  formatVersion: 1;
  kind: 'pg_dump' | 'data-folder';
  createdAt: string;
  release: string;
  postgresMajor: number;
  /** The last migration applied to the backed-up database: restore tells which release it needs. */
  lastMigration: string | null;
}

class BackupError extends Error {}

const secretFiles = { JWT_SECRET: 'jwt-secret', CA_KEY_SECRET: 'ca-key-secret' } as const;
type SecretName = keyof typeof secretFiles;

/** The secrets in force: from the environment, else the files `npm start` generated. */
function currentSecrets(): Partial<Record<SecretName, string>> {
  const secrets: Partial<Record<SecretName, string>> = {};
  for (const [name, file] of Object.entries(secretFiles) as [SecretName, string][]) {
    const fromEnv = process.env[name];
    const path = join(DATA_DIR, file);
    if (fromEnv) secrets[name] = fromEnv;
    else if (existsSync(path)) secrets[name] = readFileSync(path, 'utf8').trim();
  }
  return secrets;
}

/** pg_dump or pg_restore at least as new as `major`: $PG_DUMP / $PG_RESTORE, PATH, Debian's versioned folders. */
function postgresTool(name: 'pg_dump' | 'pg_restore', major: number): string {
  const override = process.env[name.toUpperCase()];
  const candidates = override
    ? [override]
    : [
        name,
        ...(existsSync('/usr/lib/postgresql')
          ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/${name}`)
          : []),
      ];
  const found: { path: string; major: number }[] = [];
  for (const path of candidates) {
    const run = spawnSync(path, ['--version'], { encoding: 'utf8' });
    const m = /\(PostgreSQL\) (\d+)/.exec(run.stdout ?? '');
    if (run.status === 0 && m) found.push({ path, major: Number(m[1]) });
  }
  const fit = found.filter((f) => f.major >= major).sort((a, b) => b.major - a.major)[0];
  if (fit) return fit.path;
  throw new BackupError(
    `Cần ${name} ${major} trở lên / ${name} ${major} or newer is needed for PostgreSQL ${major}` +
      (found.length > 0
        ? ` (found: ${found.map((f) => `${f.path} ${f.major}`).join(', ')})`
        : ' (none found)') +
      `: install postgresql-client-${major}, or set ${name.toUpperCase()} to one.` +
      (major === embeddedPostgresMajor() && !process.env.DATABASE_URL
        ? ' For the embedded PostgreSQL, stopping npm start lets `npm run backup` copy its data folder instead.'
        : ''),
  );
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function describeDatabase(
  url: string,
): Promise<{ major: number; lastMigration: string | null; tables: number }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ major: number; migrations: boolean; tables: number }>(
      `SELECT current_setting('server_version_num')::int / 10000 AS major,
              to_regclass('schema_migrations') IS NOT NULL AS migrations,
              (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public') AS tables`,
    );
    const [{ major, migrations, tables }] = rows;
    const last = migrations
      ? (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1'))
          .rows[0]
      : undefined;
    return { major, lastMigration: last?.name ?? null, tables };
  });
}

function run(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0)
    throw new BackupError(`${tool} failed (${result.status ?? result.signal}): ${result.stderr?.trim()}`);
}

function writeBackupFolder(folder: string, manifest: Manifest): void {
  const secrets = currentSecrets();
  writeFileSync(
    join(folder, SECRETS),
    Object.entries(secrets)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
    { mode: 0o600 },
  );
  writeFileSync(join(folder, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function backup(target: string | undefined): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const folder = resolve(target ?? join(DATA_DIR, 'backups', `lien-thong-${stamp}`));
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new BackupError(`${folder} is not empty: name a new folder`);
  const url = process.env.DATABASE_URL ?? runningEmbedded()?.url;
  const pgDir = join(DATA_DIR, 'postgres');
  if (!url && !existsSync(join(pgDir, 'PG_VERSION')))
    throw new BackupError(`nothing to back up: no DATABASE_URL and no embedded PostgreSQL in ${pgDir}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  try {
    if (url) {
      const db = await describeDatabase(url);
      const pgDump = postgresTool('pg_dump', db.major);
      run(pgDump, [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${join(folder, 'database.dump')}`,
        url,
      ]);
      writeBackupFolder(folder, {
        format: 'lien-thong-backup',
        formatVersion: 1,
        kind: 'pg_dump',
        createdAt: new Date().toISOString(),
        release: version,
        postgresMajor: db.major,
        lastMigration: db.lastMigration,
      });
    } else {
      // Stopped embedded PostgreSQL: its files are consistent as they lie. Start it once to
      // read the last migration (nobody else can be using it: it was not running).
      const major = Number(readFileSync(join(pgDir, 'PG_VERSION'), 'utf8').trim());
      const pg = await startEmbeddedPostgres({ dataDir: pgDir, database: 'lien_thong', persistent: true });
      const db = await describeDatabase(pg.url).finally(() => pg.stop());
      cpSync(pgDir, join(folder, 'postgres'), {
        recursive: true,
        filter: (source) => !/postmaster\.(pid|opts)$/.test(source),
      });
      writeBackupFolder(folder, {
        format: 'lien-thong-backup',
        formatVersion: 1,
        kind: 'data-folder',
        createdAt: new Date().toISOString(),
        release: version,
        postgresMajor: major,
        lastMigration: db.lastMigration,
      });
    }
  } catch (error) {
    rmSync(folder, { recursive: true, force: true }); // no half backup left to be trusted
    throw error;
  }
  return folder;
}

/** As root, the embedded PostgreSQL runs as the user `postgres`: the copied files must be theirs. */
function ownByPostgresUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const [uid, gid] = [id('-u'), id('-g')];
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return; // startEmbeddedPostgres creates the user
  const walk = (path: string): void => {
    chownSync(path, uid, gid);
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
}

function readManifest(folder: string): Manifest {
  const path = join(folder, MANIFEST);
  if (!existsSync(path)) throw new BackupError(`${folder} is not a Liên Thông backup: no ${MANIFEST}`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== 'lien-thong-backup' || manifest.formatVersion !== 1)
    throw new BackupError(`${path}: unknown backup format ${manifest.format} ${manifest.formatVersion}`);
  return manifest;
}

function readSecrets(folder: string): Partial<Record<SecretName, string>> {
  const text = readFileSync(join(folder, SECRETS), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** Puts the backup's secrets where this installation reads them; returns what the person must still do. */
function restoreSecrets(folder: string): string[] {
  const saved = readSecrets(folder);
  const notes: string[] = [];
  for (const [name, file] of Object.entries(secretFiles) as [SecretName, string][]) {
    const value = saved[name];
    if (process.env[name]) {
      if (value !== undefined && process.env[name] !== value)
        notes.push(
          `${name} in your environment differs from the backup's: set it to the value in ${join(folder, SECRETS)} ` +
            '(the certificate authority key opens only with the secrets it was sealed under)',
        );
      continue;
    }
    const path = join(DATA_DIR, file);
    if (value === undefined) continue;
    if (existsSync(path) && readFileSync(path, 'utf8').trim() !== value)
      renameSync(path, `${path}.before-restore`);
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(path, value, { mode: 0o600 });
  }
  return notes;
}

async function restore(source: string | undefined): Promise<string[]> {
  if (!source) throw new BackupError('usage: npm run restore -- <backup folder>');
  const folder = resolve(source);
  const manifest = readManifest(folder);
  if (manifest.kind === 'pg_dump') {
    let url = process.env.DATABASE_URL ?? runningEmbedded()?.url;
    let stop = async () => {};
    if (!url) {
      const pg = await startEmbeddedPostgres({
        dataDir: join(DATA_DIR, 'postgres'),
        database: 'lien_thong',
        persistent: true,
      });
      url = pg.url;
      stop = () => pg.stop();
    }
    try {
      const db = await describeDatabase(url);
      if (db.tables > 0)
        throw new BackupError(
          `Cơ sở dữ liệu đích không trống / the target database holds ${db.tables} tables: restore into an empty one ` +
            '(createdb, or DATA_DIR set to a new folder); nothing was changed',
        );
      const pgRestore = postgresTool('pg_restore', manifest.postgresMajor);
      run(pgRestore, [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${url}`,
        join(folder, 'database.dump'),
      ]);
    } finally {
      await stop();
    }
  } else {
    if (process.env.DATABASE_URL)
      throw new BackupError(
        'this backup is a copy of the embedded PostgreSQL: restore it without DATABASE_URL',
      );
    if (runningEmbedded()) throw new BackupError('stop npm start first: its PostgreSQL is running');
    const pgDir = join(DATA_DIR, 'postgres');
    if (existsSync(pgDir))
      throw new BackupError(
        `${pgDir} already holds a database: move it away or set DATA_DIR to a new folder; nothing was changed`,
      );
    cpSync(join(folder, 'postgres'), pgDir, { recursive: true });
    chmodSync(pgDir, 0o700);
    ownByPostgresUser(pgDir);
  }
  return restoreSecrets(folder);
}

async function main(): Promise<number> {
  const [command, argument] = process.argv.slice(2);
  try {
    if (command === 'backup') {
      const folder = await backup(argument);
      process.stdout.write(
        `Đã sao lưu / backed up to ${folder}\n` +
          `  It holds the secrets (${SECRETS}): keep it as safe as they are.\n`,
      );
      return 0;
    }
    if (command === 'restore') {
      const notes = await restore(argument);
      process.stdout.write(
        `Đã khôi phục / restored from ${resolve(argument)}\n` +
          notes.map((n) => `  ! ${n}\n`).join('') +
          '  Check it: npm run audit:verify; start it: npm start (migrations bring it up to this release).\n',
      );
      return 0;
    }
    process.stderr.write('usage: npm run backup [-- <folder>] | npm run restore -- <folder>\n');
    return 2;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
