/**
 * One real PostgreSQL for the whole test run, migrated once: an embedded server in a
 * temporary folder when DATABASE_URL is unset, otherwise a fresh database on that server.
 */
import 'reflect-metadata';
// The global setup runs outside jest's module mapper: resolve @lt/* like the compiler does.
import 'tsconfig-paths/register';
import { dataSourceOptions, migrateDatabase, startEmbeddedPostgres } from '@lt/database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DATABASE_WIRING } from '../../apps/api/src/wiring';
import { MachineFeature, probeMachine } from './machine';

declare global {
  var __LT_TEARDOWN__: (() => Promise<void>) | undefined;
}

export default async function globalSetup(): Promise<void> {
  await probeServices();
  let url: string;
  if (process.env.DATABASE_URL) {
    const name = `lt_test_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(process.env.DATABASE_URL);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    globalThis.__LT_TEARDOWN__ = async () => {
      const drop = new Client({ connectionString: process.env.DATABASE_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'lt-test-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir: dir, database: 'lien_thong_test', persistent: false });
    url = pg.url;
    globalThis.__LT_TEARDOWN__ = async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrateDatabase(dataSourceOptions(url, DATABASE_WIRING));
  process.env.LT_TEST_DATABASE_URL = url;
}

/** Finds what the machine adds (see ./machine.ts), says what will be skipped, and fails on LT_TEST_REQUIRE. */
async function probeServices(): Promise<void> {
  const found = await probeMachine();
  const absent = Object.entries(found).filter(
    (entry): entry is [MachineFeature, string] => entry[1] !== null,
  );
  process.env.LT_TEST_MISSING = JSON.stringify(Object.fromEntries(absent));
  const required = (process.env.LT_TEST_REQUIRE ?? '').split(',').filter(Boolean);
  const missingRequired = absent.filter(([feature]) => required.includes(feature));
  if (missingRequired.length > 0)
    throw new Error(`LT_TEST_REQUIRE: ${missingRequired.map(([f, why]) => `${f} (${why})`).join(', ')}`);
  if (absent.length > 0)
    process.stdout.write(
      `\n[liên thông tests] skipping what needs ${absent.map(([f, why]) => `${f}: ${why}`).join('; ')}\n` +
        '  (everything else runs on the PostgreSQL and Chromium inside node_modules; LT_TEST_REQUIRE=redis,nginx,pg_dump,postgres fails instead)\n',
    );
}
