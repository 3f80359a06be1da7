import { DataSource, DataSourceOptions } from 'typeorm';

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
