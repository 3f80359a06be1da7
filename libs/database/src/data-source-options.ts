import type { DataSourceOptions, MixedList } from 'typeorm';
import { PreparingClient } from './prepared-statements';

export interface DatabaseWiring {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

/**
 * One definition of how every process reaches PostgreSQL. The schema comes only from
 * migrations: `synchronize` stays off, and migrations run all-or-nothing in one transaction.
 */
export function dataSourceOptions(
  url: string,
  wiring: DatabaseWiring,
  { preparedStatements = false }: { preparedStatements?: boolean } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    entities: wiring.entities,
    migrations: wiring.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    migrationsRun: false,
    logging: false, // failures surface as exceptions with their codes; no duplicate console noise
    // A request never waits long for a connection: while the database is away it is answered 503.
    // The servers' pools prepare statements once per connection (prepared-statements.ts).
    extra: {
      max: 10,
      application_name: 'lien-thong',
      connectionTimeoutMillis: 5000,
      ...(preparedStatements ? { Client: PreparingClient } : {}),
    },
  };
}
