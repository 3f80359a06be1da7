import { dataSourceOptions, migrateDatabase, READ_DATA_SOURCE } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import { addUnit, person, SignedIn, startTestApp, TestApp, uniqueOrganId } from './support/test-app';

/**
 * DATABASE_READ_URL routes the summary table and the ranking to a read replica. The "replica"
 * is a second database holding a copy of the city plus one ward the primary does not have:
 * an answer that shows that ward was read from the replica. (Keeping a real replica current
 * is PostgreSQL's streaming replication, not ours.)
 */
describe('read replica for the summary and ranking reads (e2e)', () => {
  const replicaName = `lt_replica_${process.pid}`;
  let replicaUrl: string;
  let replica: DataSource;
  let t: TestApp;
  let leader: SignedIn;
  let cityId: string;
  const replicaOnlyWard = 'Phường Chỉ Có Trên Bản Sao';

  const admin = async <T>(sql: string): Promise<T> => {
    const client = new Client({ connectionString: process.env.LT_TEST_DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql)) as T;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${replicaName}`);
    const url = new URL(process.env.LT_TEST_DATABASE_URL!);
    url.pathname = `/${replicaName}`;
    replicaUrl = url.toString();
    await migrateDatabase(dataSourceOptions(replicaUrl, DATABASE_WIRING));
    replica = await new DataSource(dataSourceOptions(replicaUrl, DATABASE_WIRING)).initialize();

    t = await startTestApp({ DATABASE_READ_URL: replicaUrl });
    const city = await addUnit(t, 'city', 'Thành phố Bản Sao', null);
    await addUnit(t, 'ward', 'Phường Có Ở Cả Hai', city);
    cityId = city.id;
    leader = await person(t, [{ unit: city, role: 'leader' }]);
    // "Replicate" the city's subtree, then give the replica one ward more.
    for (const table of ['org_units', 'org_unit_closure']) {
      const column = table === 'org_units' ? 'id' : 'ancestor_id';
      const rows: unknown[] = await t.ds.query(
        `SELECT * FROM ${table} WHERE ${column} IN (SELECT descendant_id FROM org_unit_closure WHERE ancestor_id = $1)`,
        [cityId],
      );
      await replica.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1)`, [
        JSON.stringify(rows),
      ]);
    }
    await replica.transaction((em) =>
      t.app.get(OrgTreeService).insertUnit(em, {
        kind: 'ward',
        name: replicaOnlyWard,
        code: `R${process.pid}`,
        organId: uniqueOrganId(),
        parentId: cityId,
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await replica?.destroy();
    delete process.env.DATABASE_READ_URL;
    await admin(`DROP DATABASE IF EXISTS ${replicaName} WITH (FORCE)`);
  });

  it('answers the summary table from the replica', async () => {
    const response = await t.http().get('/reports/summary').set(leader.auth).query({ unitId: cityId });
    expect(response.status).toBe(200);
    const names = (response.body as { rows: { unit: { name: string } }[] }).rows.map((r) => r.unit.name);
    expect(names).toEqual(expect.arrayContaining(['Phường Có Ở Cả Hai', replicaOnlyWard]));
  });

  it('answers the monthly ranking from the replica', async () => {
    const response = await t.http().get('/ranking').set(leader.auth).query({ unitId: cityId });
    expect(response.status).toBe(200);
    const names = (response.body as { units: { unit: { name: string } }[] }).units.map((u) => u.unit.name);
    expect(names).toContain(replicaOnlyWard);
  });

  it('keeps writes on the primary: the replica connection is read-only', async () => {
    const read = t.app.get<DataSource>(READ_DATA_SOURCE);
    expect(await read.query('SHOW transaction_read_only')).toEqual([{ transaction_read_only: 'on' }]);
    await expect(read.query('CREATE TEMP TABLE lt_should_fail (x int)')).rejects.toThrow(/read-only/);
    const [{ count }]: { count: string }[] = await t.ds.query(
      'SELECT count(*) FROM org_units WHERE name = $1',
      [replicaOnlyWard],
    );
    expect(count).toBe('0');
  });

  it('without DATABASE_READ_URL, those reads use the primary', async () => {
    const primaryOnly = await startTestApp({ DATABASE_READ_URL: '' });
    try {
      expect(primaryOnly.app.get(READ_DATA_SOURCE)).toBe(primaryOnly.ds);
      const response = await primaryOnly
        .http()
        .get('/reports/summary')
        .set(leader.auth)
        .query({ unitId: cityId });
      const names = (response.body as { rows: { unit: { name: string } }[] }).rows.map((r) => r.unit.name);
      expect(names).toContain('Phường Có Ở Cả Hai');
      expect(names).not.toContain(replicaOnlyWard);
    } finally {
      await primaryOnly.close();
    }
  });
});
