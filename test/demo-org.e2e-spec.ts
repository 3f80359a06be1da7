import { DEMO_ORG_SHAPES } from '@lt/config';
import { DEMO_CASTS } from '../demo/demo-shapes';
import { createMigratedDatabase, TestDatabase } from './support/databases';
import { signIn, startTestApp, TestApp } from './support/test-app';

/**
 * DEMO_ORG seeds either shape of local government (e2e): the city with districts, or with
 * wards and communes directly under it (since 1 July 2025), each with the same kinds of work
 * to open on, through the ordinary use-cases.
 */
describe.each(DEMO_ORG_SHAPES)('the demo organisation, %s (e2e)', (shape) => {
  const cast = DEMO_CASTS[shape];
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createMigratedDatabase(`lt_demo_${shape.replace('-', '_')}`);
    t = await startTestApp({ DATABASE_URL: database.url, DEMO_DATA: 'true', DEMO_ORG: shape });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    // startTestApp sets the environment of the whole file.
    delete process.env.DEMO_DATA;
    delete process.env.DEMO_ORG;
  });

  it('has the tiers of its shape: districts between city and wards, or none', async () => {
    const rows: { kind: string; parent_kind: string | null; n: number }[] = await t.ds.query(
      `SELECT u.kind, p.kind AS parent_kind, count(*)::int AS n
         FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const wardParents = rows.filter((r) => r.kind === 'ward').map((r) => r.parent_kind);
    if (shape === 'two-tier') {
      expect(rows.some((r) => r.kind === 'district')).toBe(false);
      expect(wardParents).toEqual(['city']);
      expect(rows.find((r) => r.kind === 'ward')!.n).toBe(6);
    } else {
      expect(wardParents).toEqual(['district']);
      expect(rows.find((r) => r.kind === 'district')!.n).toBe(2);
    }
  });

  it('signs in every account npm start prints, with the published password', async () => {
    const password = cast.org.people[0].password;
    for (const username of cast.signIns) {
      const signedIn = await signIn(t, username, password);
      await t.http().get('/me').set(signedIn.auth).expect(200);
    }
  });

  it('opens with directives, signed tasks for the first ward, an annotated document, a briefing and the week’s schedule, and a ward’s one-stop counter', async () => {
    const [ward] = cast.wards;
    const [counts]: Record<string, number>[] = await t.ds.query(
      `SELECT (SELECT count(*)::int FROM directives) AS directives,
              (SELECT count(*)::int FROM tasks t JOIN org_units u ON u.id = t.lead_unit_id WHERE u.code = $1) AS "wardTasks",
              (SELECT count(*)::int FROM briefings b JOIN org_units u ON u.id = b.unit_id WHERE u.code = $2) AS briefings,
              (SELECT count(*)::int FROM chat_messages) AS messages,
              (SELECT count(*)::int FROM work_schedules s JOIN org_units u ON u.id = s.unit_id
                WHERE u.code = $2 AND s.state = 'published') AS schedules,
              (SELECT count(*)::int FROM procedures p JOIN org_units u ON u.id = p.unit_id WHERE u.code = $1) AS procedures,
              (SELECT count(*)::int FROM citizen_files f JOIN org_units u ON u.id = f.unit_id WHERE u.code = $1) AS files,
              (SELECT count(*)::int FROM public_holidays) AS holidays`,
      [ward.code, cast.over.code],
    );
    // Two directives issued and the ward channel's announcement (a directive to acknowledge);
    // two tasks assigned by the chairman over the wards, one from the annotation.
    expect(counts).toEqual({
      directives: 3,
      wardTasks: 3,
      briefings: 1,
      messages: expect.any(Number),
      schedules: 1,
      procedures: 2,
      files: 1,
      holidays: 22,
    });
    expect(counts.messages).toBeGreaterThanOrEqual(5);
    // The ward's official sees the tasks meant for them through the API, as anyone would.
    const official = await signIn(t, ward.official1, cast.org.people[0].password);
    const tasks = await t.http().get('/tasks').set(official.auth).expect(200);
    expect(JSON.stringify(tasks.body)).toContain('Báo cáo số liệu cấp giấy phép xây dựng tháng này');
  });
});
