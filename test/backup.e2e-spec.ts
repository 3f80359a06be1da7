import { verifyAuditChains } from '@lt/audit';
import { dataSourceOptions, freePort, migrateDatabase } from '@lt/database';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { OrgUnitEntity } from '@lt/org';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import { MIGRATIONS } from '../migrations';
import { createDatabase } from './support/databases';
import { describeWith, MACHINE_POSTGRES_URL } from './support/machine';
import { runScript } from './support/scripts';
import { assignment, assignOk, enrol } from './support/signing';
import { buildOrg, person, postDirective, signIn, startTestApp } from './support/test-app';

const FIXTURE = join(__dirname, 'fixtures', 'release-35152ed.sql.gz');

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // the embedded PostgreSQL runs as the user postgres when we are root
  return dir;
};

/** `npm run audit:verify` (from source): its exit code and how many entries it checked. */
async function auditVerify(
  env: Record<string, string>,
): Promise<{ code: number | null; entries: number; out: string }> {
  const run = await runScript('apps/cli/src/main.ts', ['audit-verify'], env);
  const entries = Number(/checked (\d+) entries/.exec(run.stdout)?.[1] ?? NaN);
  return { code: run.code, entries, out: run.stdout + run.stderr };
}

const backupScript = (args: string[], env: Record<string, string>) =>
  runScript('scripts/backup.ts', args, env);

async function count(url: string, sql: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

describe('backups (e2e)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = (prefix: string) => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };

  it('copies a stopped embedded PostgreSQL with its secrets, and restores it into a new data folder where audit:verify passes', async () => {
    const original = dir('lt-backup-src-');
    const embedded = { DATA_DIR: original, DATABASE_URL: '', JWT_SECRET: '', LOG_LEVEL: '' };
    const started = await runScript(
      'scripts/start.ts',
      [],
      { ...embedded, PORT: String(await freePort()) },
      (out) => out.includes('Ctrl-C'),
    );
    expect(started.code).toBe(0);
    const before = await auditVerify(embedded);
    expect(before.code).toBe(0);
    expect(before.entries).toBeGreaterThan(0);

    const folder = join(dir('lt-backups-'), 'b1');
    const made = await backupScript(['backup', folder], embedded);
    expect({ code: made.code, stderr: made.stderr }).toEqual({ code: 0, stderr: '' });
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ kind: 'data-folder', lastMigration: MIGRATIONS.at(-1)!.name });
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, 'secrets.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(folder, 'secrets.env'), 'utf8')).toBe(
      `JWT_SECRET=${readFileSync(join(original, 'jwt-secret'), 'utf8').trim()}\n`,
    );

    const restoredDir = dir('lt-backup-dst-');
    const restored = { ...embedded, DATA_DIR: restoredDir };
    const restore = await backupScript(['restore', folder], restored);
    expect({ code: restore.code, stderr: restore.stderr }).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(join(restoredDir, 'jwt-secret'), 'utf8')).toBe(
      readFileSync(join(original, 'jwt-secret'), 'utf8').trim(),
    );
    const after = await auditVerify(restored);
    expect(after.out).toContain('all audit chains intact');
    expect({ code: after.code, entries: after.entries }).toEqual({ code: 0, entries: before.entries });

    // A second restore over it changes nothing and says why.
    const again = await backupScript(['restore', folder], restored);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a database');
    expect((await auditVerify(restored)).entries).toBe(before.entries);
  }, 240_000);

  it('refuses what is not a backup, and names the usage', async () => {
    const notABackup = dir('lt-not-a-backup-');
    const refused = await backupScript(['restore', notABackup], { DATA_DIR: dir('lt-x-'), DATABASE_URL: '' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not a Liên Thông backup');
    const usage = await backupScript(['restore'], { DATA_DIR: dir('lt-x-'), DATABASE_URL: '' });
    expect(usage.stderr).toContain('usage: npm run restore -- <backup folder>');
  });

  describeWith(['pg_dump', 'postgres'], 'with pg_dump, from an external PostgreSQL', () => {
    const secrets = {
      JWT_SECRET: randomBytes(48).toString('base64url'),
      CA_KEY_SECRET: randomBytes(48).toString('base64url'),
    };

    it('dumps online and restores into an empty database: audit:verify passes and the CA key opens there', async () => {
      const source = await createDatabase(`lt_backup_src_${process.pid}`, MACHINE_POSTGRES_URL);
      const target = await createDatabase(`lt_backup_dst_${process.pid}`, MACHINE_POSTGRES_URL);
      try {
        const external = { ...secrets, DATABASE_URL: source.url, DATA_DIR: dir('lt-ext-') };
        await migrateDatabase(dataSourceOptions(source.url, DATABASE_WIRING));
        const t = await startTestApp(external);
        try {
          const org = await buildOrg(t);
          const leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
          await person(t, [{ unit: org.w1, role: 'official' }]);
          await postDirective(t, leader, {
            issuingUnitId: org.d1.id,
            subject: 'Sao lưu',
            body: 'Nội dung',
            targets: [{ unitId: org.w1.id }],
          }).expect(201);
          const signer = await enrol(t, leader);
          await assignOk(t, signer, assignment(signer, { unitId: org.w1.id }));
        } finally {
          await t.close();
        }
        const before = await auditVerify(external);
        expect(before.code).toBe(0);

        const folder = join(dir('lt-backups-'), 'dump');
        const made = await backupScript(['backup', folder], external);
        expect({ code: made.code, stderr: made.stderr }).toEqual({ code: 0, stderr: '' });
        expect(existsSync(join(folder, 'database.dump'))).toBe(true);
        expect(readFileSync(join(folder, 'secrets.env'), 'utf8')).toBe(
          `JWT_SECRET=${secrets.JWT_SECRET}\nCA_KEY_SECRET=${secrets.CA_KEY_SECRET}\n`,
        );

        const into = { ...external, DATABASE_URL: target.url };
        const restore = await backupScript(['restore', folder], into);
        expect({ code: restore.code, stderr: restore.stderr }).toEqual({ code: 0, stderr: '' });
        expect(restore.stdout).not.toContain('differs');
        const after = await auditVerify(into);
        expect(after.out).toContain('all audit chains intact');
        expect(after.entries).toBe(before.entries);
        for (const table of ['users', 'directives', 'tasks', 'signatures', 'signer_certificates'])
          expect(await count(target.url, `SELECT count(*) AS n FROM ${table}`)).toBe(
            await count(source.url, `SELECT count(*) AS n FROM ${table}`),
          );

        // The restored CA signs a new certificate: its key opened under the restored secret.
        const restoredApp = await startTestApp(into);
        try {
          const [unit]: OrgUnitEntity[] = await restoredApp.ds.query('SELECT id FROM org_units LIMIT 1');
          await enrol(restoredApp, await person(restoredApp, [{ unit, role: 'leader' }]));
        } finally {
          await restoredApp.close();
        }

        // Over a database that is no longer empty: refused, nothing changed.
        const restoredEntries = (await auditVerify(into)).entries; // with the enrolment's
        const again = await backupScript(['restore', folder], into);
        expect(again.code).toBe(1);
        expect(again.stderr).toContain('the target database holds');
        expect((await auditVerify(into)).entries).toBe(restoredEntries);

        // With other secrets in the environment, the restore says which to set.
        const third = await createDatabase(`lt_backup_3_${process.pid}`, MACHINE_POSTGRES_URL);
        try {
          const other = {
            ...into,
            DATABASE_URL: third.url,
            CA_KEY_SECRET: randomBytes(48).toString('base64url'),
          };
          const warned = await backupScript(['restore', folder], other);
          expect(warned.code).toBe(0);
          expect(warned.stdout).toContain('CA_KEY_SECRET in your environment differs from the backup');
        } finally {
          await third.drop();
        }
      } finally {
        await source.drop();
        await target.drop();
      }
    }, 240_000);
  });
});

describe('upgrading a populated database of the previous release (e2e)', () => {
  it('migrates the database of release 35152ed, keeps every row and audit chain, and serves it', async () => {
    const db = await createDatabase(`lt_upgrade_${process.pid}`);
    try {
      // The fixture is pg_dump's plain SQL; psql's \restrict guard lines are not SQL.
      const sql = gunzipSync(readFileSync(FIXTURE))
        .toString('utf8')
        .split('\n')
        .filter((line) => !line.startsWith('\\'))
        .join('\n');
      const loader = new Client({ connectionString: db.url });
      await loader.connect();
      await loader.query(sql).finally(() => loader.end());
      const counts = async () => ({
        users: await count(db.url, 'SELECT count(*) AS n FROM users'),
        audit: await count(db.url, 'SELECT count(*) AS n FROM audit_entries'),
        tasks: await count(db.url, 'SELECT count(*) AS n FROM tasks'),
        migrations: await count(db.url, 'SELECT count(*) AS n FROM schema_migrations'),
      });
      const before = await counts();
      expect(before).toMatchObject({ users: 79, audit: 125, tasks: 4 });

      const applied = await migrateDatabase(dataSourceOptions(db.url, DATABASE_WIRING));
      expect(applied.length).toBeGreaterThan(0); // the release is older than this code
      expect(applied).toContain('RealtimeAdapterTable1795800000000');
      const after = await counts();
      expect(after).toEqual({ ...before, migrations: before.migrations + applied.length });
      expect(after.migrations).toBe(MIGRATIONS.length);

      const dataSource = await new DataSource(dataSourceOptions(db.url, DATABASE_WIRING)).initialize();
      try {
        const report = await verifyAuditChains(dataSource);
        expect(report.breaks).toEqual([]);
        expect(report.entries).toBe(125);
      } finally {
        await dataSource.destroy();
      }

      // The fixture's own secret opens its sessions' keys; its demo people sign in.
      const t = await startTestApp({
        DATABASE_URL: db.url,
        JWT_SECRET: 'release-fixture-secret-0123456789abcdef-xyz',
        CA_KEY_SECRET: '', // the release sealed its CA key under JWT_SECRET
      });
      try {
        const leader = await signIn(t, 'chutich.danang', 'LienThong@2026');
        const tasks = await t.http().get('/tasks').set(leader.auth);
        expect(tasks.status).toBe(200);
      } finally {
        await t.close();
      }
    } finally {
      await db.drop();
    }
  }, 120_000);
});
