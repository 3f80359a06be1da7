import { dataSourceOptions, freePort, migrateDatabase } from '@lt/database';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DATABASE_WIRING } from '../apps/api/src/wiring';
import { ApiProcess, PostgresProcess, startApiProcess, startPostgresProcess } from './support/api-process';
import { waitFor } from './support/sockets';
import { addUnit, person, SignedIn, startTestApp, TestApp } from './support/test-app';

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
  ms: number;
  id?: string;
  phase: 'before' | 'outage' | 'after';
}

/**
 * PostgreSQL stopped for 20 s under steady traffic (a directive every 100 ms): the API answers
 * 503 `service/database_unavailable` with Retry-After — fast, not 500, not hanging — and
 * /health says 503; when the database is back it recovers by itself, and every directive
 * that was answered 201 is in the database. The database is one of the test's own.
 */
describe('faults: the database goes away under traffic (e2e)', () => {
  let dir: string;
  let port: number;
  let pg: PostgresProcess;
  let api: ApiProcess;
  let t: TestApp;
  let leader: SignedIn;
  let districtId: string;
  let wardId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lt-faults-'));
    chmodSync(dir, 0o755);
    port = await freePort();
    pg = await startPostgresProcess(join(dir, 'pg'), port, 'faults');
    await migrateDatabase(dataSourceOptions(pg.url, DATABASE_WIRING));
    t = await startTestApp({ DATABASE_URL: pg.url });
    const district = await addUnit(t, 'district', 'Quận Sự Cố', null);
    const ward = await addUnit(t, 'ward', 'Phường Sự Cố', district);
    districtId = district.id;
    wardId = ward.id;
    leader = await person(t, [{ unit: district, role: 'leader' }]);
    await person(t, [{ unit: ward, role: 'official' }]);
    await t.close();
    api = await startApiProcess({ DATABASE_URL: pg.url, LOG_LEVEL: 'error' });
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down, recovers by itself, and loses nothing answered 201', async () => {
    const answers: Answer[] = [];
    let phase: Answer['phase'] = 'before';
    let n = 0;
    const post = async (): Promise<void> => {
      const at = Date.now();
      const current = phase;
      const response = await fetch(`${api.url}/directives`, {
        method: 'POST',
        headers: { ...leader.auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          issuingUnitId: districtId,
          type: 'TB',
          urgency: 0,
          subject: `Khi có sự cố ${++n}`,
          body: 'Nội dung',
          targets: [{ unitId: wardId }],
        }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await response.json()) as { id?: string; code?: string };
      answers.push({
        status: response.status,
        code: body.code,
        id: body.id,
        retryAfter: response.headers.get('retry-after'),
        ms: Date.now() - at,
        phase: current,
      });
    };
    let traffic = true;
    const inFlight: Promise<void>[] = [];
    const loop = (async () => {
      while (traffic) {
        inFlight.push(post());
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    await new Promise((r) => setTimeout(r, 2000));
    phase = 'outage';
    await pg.stop();
    await new Promise((r) => setTimeout(r, 2000));
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(503);
    await new Promise((r) => setTimeout(r, 18_000));
    pg = await startPostgresProcess(join(dir, 'pg'), port, 'faults');
    phase = 'after';
    await waitFor(
      () => answers.some((a) => a.phase === 'after' && a.status === 201),
      30_000,
      'a 201 after the outage',
    );
    await new Promise((r) => setTimeout(r, 1000));
    traffic = false;
    await loop;
    await Promise.all(inFlight);

    const outage = answers.filter((a) => a.phase === 'outage');
    const count = (list: Answer[], status: number) => list.filter((a) => a.status === status).length;
    process.stdout.write(
      `[faults] database down 20 s: ${answers.length} requests; before ${count(
        answers.filter((a) => a.phase === 'before'),
        201,
      )}×201; ` +
        `during ${outage.length} (${count(outage, 503)}×503, ${count(outage, 201)}×201 before it noticed, ` +
        `${count(outage, 500)}×500), slowest ${Math.max(...outage.map((a) => a.ms))} ms; ` +
        `after ${count(
          answers.filter((a) => a.phase === 'after'),
          201,
        )}×201\n`,
    );
    expect(count(outage, 500)).toBe(0);
    expect(count(outage, 503)).toBeGreaterThan(50);
    for (const a of outage.filter((x) => x.status !== 201)) {
      expect(a).toMatchObject({ status: 503, code: 'service/database_unavailable', retryAfter: '5' });
      expect(a.ms).toBeLessThan(6000);
    }
    expect(answers.every((a) => [201, 503].includes(a.status))).toBe(true);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);

    const created = answers.filter((a) => a.status === 201).map((a) => a.id!);
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM directives WHERE id = ANY($1)',
        [created],
      );
      expect(rows[0].n).toBe(created.length);
    } finally {
      await db.end();
    }
  }, 120_000);
});
