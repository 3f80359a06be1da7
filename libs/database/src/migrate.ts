import { DataSource, DataSourceOptions } from 'typeorm';

/**
 * The database was migrated by a newer Liên Thông than this one: running older code on it
 * would misread tables it does not know. Processes exit with code 3 on it.
 */
export class DatabaseVersionError extends Error {
  readonly exitCode = 3;
  constructor(readonly unknownMigrations: string[]) {
    super(
      `Cơ sở dữ liệu này do một phiên bản Liên Thông mới hơn tạo ra / this database was migrated by a newer ` +
        `Liên Thông (migrations this version does not know: ${unknownMigrations.join(', ')}). ` +
        'Run the newer version, or restore a backup made by this one (docs/backups.md).',
    );
  }
}

/** An arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_405_112_026;

/**
 * Applies pending migrations. Several API instances may start at once, so the run holds a
 * PostgreSQL advisory lock (on a connection of its own, so the pool needs two): the first
 * applies, the others wait and then find nothing to do.
 */
export async function migrateDatabase(options: DataSourceOptions): Promise<string[]> {
  const dataSource = new DataSource({ ...options, extra: { max: 2 } });
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await requireUtf8(dataSource);
      await refuseNewerSchema(dataSource);
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Vietnamese text needs a UTF-8 database (NFC normalisation, comparisons); SQL_ASCII accepts bytes it cannot read. */
async function requireUtf8(dataSource: DataSource): Promise<void> {
  const [{ encoding }] = await dataSource.query<{ encoding: string }[]>(
    'SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()',
  );
  if (encoding !== 'UTF8')
    throw new Error(
      `Cơ sở dữ liệu phải dùng bảng mã UTF8 / the database must be UTF8, not ${encoding}: ` +
        "create it with CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0",
    );
}

async function refuseNewerSchema(dataSource: DataSource): Promise<void> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [{ present }] = await dataSource.query<{ present: boolean }[]>(
    'SELECT to_regclass($1) IS NOT NULL AS present',
    [table],
  );
  if (!present) return;
  const applied = await dataSource.query<{ name: string }[]>(`SELECT name FROM "${table}"`);
  const known = new Set(dataSource.migrations.map((m) => m.name ?? m.constructor.name));
  const unknown = applied.map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new DatabaseVersionError(unknown);
}
