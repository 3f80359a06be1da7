import { dataSourceOptions, migrateDatabase } from '@lt/database';
import { Client } from 'pg';
import { DATABASE_WIRING } from '../../apps/api/src/wiring';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database on the server of `serverUrl` (the run's own server unless given):
 * for a test whose worker must see only its own rows, or that breaks its database on purpose.
 */
export async function createDatabase(
  name: string,
  serverUrl = process.env.LT_TEST_DATABASE_URL!,
): Promise<TestDatabase> {
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${name}`;
  return { url: parsed.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A new database with every migration applied. */
export async function createMigratedDatabase(name: string, serverUrl?: string): Promise<TestDatabase> {
  const database = await createDatabase(name, serverUrl);
  await migrateDatabase(dataSourceOptions(database.url, DATABASE_WIRING));
  return database;
}
