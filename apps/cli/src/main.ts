/**
 * Command-line tasks for administrators:
 *   npm run org:import -- <file.csv|file.json>   import units and people (all or nothing)
 *   npm run audit:verify                         check every audit hash chain
 * They use DATABASE_URL, or the embedded PostgreSQL of `npm start` in .data/.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { OrgImporter, parseOrgCsv, parseOrgJson } from '@lt/admin';
import { AppError } from '@lt/common';
import { dataSourceOptions, migrateDatabase } from '@lt/database';
import { verifyAuditChains } from '@lt/audit';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { localEnvironment } from '../../../scripts/local-env';
import { DATABASE_WIRING } from '../../api/src/wiring';
import { CliModule } from './cli.module';

async function importOrg(file: string | undefined): Promise<number> {
  if (!file) {
    process.stderr.write('usage: npm run org:import -- <file.csv|file.json>\n');
    return 2;
  }
  const text = readFileSync(file, 'utf8');
  const parsed = file.toLowerCase().endsWith('.json') ? parseOrgJson(JSON.parse(text)) : parseOrgCsv(text);
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const report = await app.get(OrgImporter).import(null, parsed);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`${error.toBody().message.vi} / ${error.toBody().message.en}\n`);
    for (const f of error.fields ?? [])
      process.stderr.write(`  row ${f.row ?? '-'}: ${f.field}: ${f.message}\n`);
    return 1;
  } finally {
    await app.close();
  }
}

async function verifyAudit(url: string): Promise<number> {
  const dataSource = await new DataSource(dataSourceOptions(url, DATABASE_WIRING)).initialize();
  try {
    const report = await verifyAuditChains(dataSource);
    process.stdout.write(`checked ${report.entries} entries in ${report.chains} chains\n`);
    for (const b of report.breaks) {
      process.stdout.write(
        `BROKEN chain ${b.chain}: first bad entry seq ${b.seq}${b.entryId ? ` (id ${b.entryId})` : ''}: ${b.reason}\n`,
      );
    }
    if (report.breaks.length === 0) process.stdout.write('all audit chains intact\n');
    return report.breaks.length === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const local = await localEnvironment();
  Object.assign(process.env, local.env);
  try {
    const url = process.env.DATABASE_URL!;
    await migrateDatabase(dataSourceOptions(url, DATABASE_WIRING));
    if (command === 'org-import') return await importOrg(args[0]);
    if (command === 'audit-verify') return await verifyAudit(url);
    process.stderr.write('commands: org-import <file>, audit-verify\n');
    return 2;
  } finally {
    await local.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
