import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { monthBounds, RankingView, RuleSetView, vietnamMonthOf } from '@lt/ranking';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { TimedRulesService } from '../apps/worker/src/timed-rules.service';
import { taskLateTwice } from './support/discipline';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import { createMigratedDatabase, TestDatabase } from './support/databases';
import { buildOrg, buildTwoTierOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

const at = (local: string) => new Date(`${local}+07:00`);

/**
 * Monthly ranking over real signed tasks whose times are set in the database: months of 2025.
 * The worker closes a month once; a rule change leaves closed months alone; the current month
 * is provisional. The rules and the stored months belong to the whole deployment, so each test
 * runs on a database of its own, set up afresh with the same tasks (half a second to migrate).
 */
describe('monthly ranking (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let workers: INestApplicationContext[] = [];
  let cityHead: SignedIn;
  let city: Signer;
  let cityAdmin: SignedIn; // unit_admin of the root: keeps the rules
  let districtAdmin: SignedIn; // unit_admin of d1: not the root
  let d1Head: SignedIn;
  let d2Head: SignedIn;
  let w1Head: SignedIn;
  let w2Head: SignedIn;
  let off1: SignedIn; // w1
  let off1b: SignedIn; // w1
  let off2: SignedIn; // w2
  const ids: Record<string, string> = {};
  let database: TestDatabase;
  let databases = 0;

  /** A signed task from the city (or `signer`) to `lead`, then placed in time by SQL. */
  const placed = async (
    name: string,
    lead: { unitId: string; userId?: string },
    p: { original: Date; deadline?: Date; submitted?: Date | null; state: string },
    signer: Signer = city,
  ) => {
    const task = await assignOk(t, signer, assignment(signer, lead, { title: `Nhiệm vụ ${name}` }));
    await t.ds.query(
      `UPDATE tasks SET original_deadline = $2, deadline = $3, submitted_at = $4, state = $5::varchar,
              completed_at = CASE WHEN $5::varchar = 'completed' THEN $4::timestamptz END,
              cancelled_at = CASE WHEN $5::varchar = 'cancelled' THEN $2::timestamptz END
        WHERE id = $1`,
      [task.id, p.original, p.deadline ?? p.original, p.submitted ?? null, p.state],
    );
    ids[name] = task.id;
    return task.id;
  };
  const view = async (who: SignedIn, query: string) =>
    (await t.http().get(`/ranking${query}`).set(who.auth).expect(200)).body as RankingView;
  const unitRow = (v: RankingView, unitId: string) => v.units.find((u) => u.unit.id === unitId);
  const staffRow = (v: RankingView, userId: string) => v.staff.find((s) => s.user.id === userId);
  const rules = async () =>
    (await t.http().get('/ranking/rules').set(off1.auth).expect(200)).body as RuleSetView;
  const runWorkers = (now: Date) => Promise.all(workers.map((w) => w.get(TimedRulesService).runOnce(now)));
  /** April 2025 closed by the worker a few minutes into May, under the rules then in force. */
  const closeApril = () => runWorkers(at('2025-05-01T00:05:00'));
  /** The change of rules a city admin makes: deadlines in force count, higher bars. */
  const EXTENDED_RULES = {
    deadlineBasis: 'extended',
    grades: [
      { grade: 'excellent', minOnTimeRate: 0.9, maxLate: 0 },
      { grade: 'good', minOnTimeRate: 0.8 },
      { grade: 'done', minOnTimeRate: 0.5 },
      { grade: 'not_done' },
    ],
  };
  const putRules = (version: number, body: object) =>
    t
      .http()
      .put('/ranking/rules')
      .set(cityAdmin.auth)
      .send({ version, ...body });

  beforeEach(async () => {
    database = await createMigratedDatabase(`lt_ranking_${process.pid}_${databases++}`);
    t = await startTestApp({ WORKER_SCAN_SECONDS: '3600', DATABASE_URL: database.url });
    org = await buildOrg(t);
    cityHead = await person(t, [{ unit: org.city, role: 'leader' }]);
    cityAdmin = await person(t, [{ unit: org.city, role: 'unit_admin' }]);
    districtAdmin = await person(t, [{ unit: org.d1, role: 'unit_admin' }]);
    d1Head = await person(t, [{ unit: org.d1, role: 'leader' }]);
    d2Head = await person(t, [{ unit: org.d2, role: 'leader' }]);
    w1Head = await person(t, [{ unit: org.w1, role: 'leader' }]);
    w2Head = await person(t, [{ unit: org.w2, role: 'leader' }]);
    off1 = await person(t, [{ unit: org.w1, role: 'official' }]);
    off1b = await person(t, [{ unit: org.w1, role: 'official' }]);
    off2 = await person(t, [{ unit: org.w2, role: 'official' }]);
    city = await enrol(t, cityHead);

    const w1 = { unitId: org.w1.id };
    const p1 = { unitId: org.w1.id, userId: off1.id };
    const p1b = { unitId: org.w1.id, userId: off1b.id };
    const p2 = { unitId: org.w2.id, userId: off2.id };
    // April 2025 — ward 1: 6 on time, 1 late (and one discipline case, below).
    await placed('A', p1, {
      original: at('2025-04-10T17:00:00'),
      submitted: at('2025-04-09T10:00:00'),
      state: 'completed',
    });
    await placed('B', p1, {
      original: at('2025-04-15T17:00:00'),
      submitted: at('2025-04-16T08:00:00'),
      state: 'submitted',
    });
    // Due at 00:00 on 1 April in Vietnam (still 31 March in UTC): April's.
    await placed('H', p1, {
      original: at('2025-04-01T00:00:00'),
      submitted: at('2025-03-30T09:00:00'),
      state: 'completed',
    });
    // Led by the ward itself; submitted at the very deadline counts as on time.
    await placed('C', w1, {
      original: at('2025-04-20T17:00:00'),
      submitted: at('2025-04-20T17:00:00'),
      state: 'submitted',
    });
    await placed('C2', w1, {
      original: at('2025-04-21T17:00:00'),
      submitted: at('2025-04-21T08:00:00'),
      state: 'completed',
    });
    await placed('K', p1b, {
      original: at('2025-04-22T17:00:00'),
      submitted: at('2025-04-22T08:00:00'),
      state: 'completed',
    });
    await placed('K2', p1b, {
      original: at('2025-04-23T17:00:00'),
      submitted: at('2025-04-23T08:00:00'),
      state: 'completed',
    });
    // Not counted in April: cancelled; due at 23:30 on 31 March; due in May.
    await placed('E', p1, { original: at('2025-04-28T17:00:00'), state: 'cancelled' });
    await placed('G', p1, {
      original: at('2025-03-31T23:30:00'),
      submitted: at('2025-04-02T08:00:00'),
      state: 'submitted',
    });
    await placed('F', p1, {
      original: at('2025-05-02T17:00:00'),
      submitted: at('2025-05-01T08:00:00'),
      state: 'completed',
    });
    // Ward 2: still not submitted after its deadline (late); extended from the 10th to the 20th
    // and submitted on the 15th (late against the original deadline); one on time.
    await placed('D', p2, { original: at('2025-04-25T17:00:00'), state: 'in_progress' });
    await placed('X', p2, {
      original: at('2025-04-10T17:00:00'),
      deadline: at('2025-04-20T17:00:00'),
      submitted: at('2025-04-15T08:00:00'),
      state: 'submitted',
    });
    await placed('L', p2, {
      original: at('2025-04-12T17:00:00'),
      submitted: at('2025-04-11T08:00:00'),
      state: 'completed',
    });
    // Ward 3 (the other district): one on time.
    await placed(
      'M',
      { unitId: org.w3.id },
      { original: at('2025-04-05T17:00:00'), submitted: at('2025-04-04T08:00:00'), state: 'completed' },
    );
    // May 2025: the same extension again, and one on time.
    await placed('X2', p2, {
      original: at('2025-05-10T17:00:00'),
      deadline: at('2025-05-20T17:00:00'),
      submitted: at('2025-05-15T08:00:00'),
      state: 'submitted',
    });
    // A discipline case, through the real workflow, opened (by SQL) on 18 April, for a task of
    // off1b's whose deadlines fall in February.
    const late = await taskLateTwice(t, { assigner: city, lead: p1b, leadActor: off1b, title: 'Nhiệm vụ I' });
    await t.ds.query(
      "UPDATE tasks SET original_deadline = $2, deadline = $2, submitted_at = $3, state = 'completed' WHERE id = $1",
      [late.task.id, at('2025-02-10T17:00:00'), at('2025-02-09T08:00:00')],
    );
    await t.ds.query('UPDATE discipline_cases SET opened_at = $2 WHERE id = $1', [
      late.caseId,
      at('2025-04-18T10:00:00'),
    ]);

    // Two workers, as in a deployment that runs two (created once the tasks are in place).
    workers = [
      await NestFactory.createApplicationContext(WorkerModule, { logger: false }),
      await NestFactory.createApplicationContext(WorkerModule, { logger: false }),
    ];
    // Each starts a pass on the real clock at bootstrap; let it end, or it closes the test's
    // months itself once April is stored (every month from May to the real one).
    await Promise.all(workers.map((w) => w.get(TimedRulesService).idle()));
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await t.close();
    await database.drop();
  });

  it('keeps the rules as configuration: the default, and 400 / 403 / 409 for bad changes', async () => {
    const current = await rules();
    expect(current).toMatchObject({
      version: 1,
      createdBy: null,
      rules: {
        deadlineBasis: 'original',
        // The seeded rule set predates the files' weight: it reads as the default.
        citizenFileWeight: 1,
        grades: [
          { grade: 'excellent', minOnTimeRate: 0.95, maxDisciplineCases: 0 },
          { grade: 'good', minOnTimeRate: 0.85, maxDisciplineCases: 1 },
          { grade: 'done', minOnTimeRate: 0.7 },
          { grade: 'not_done' },
        ],
      },
      gradeNames: {
        excellent: { vi: 'Hoàn thành xuất sắc nhiệm vụ' },
        not_done: { vi: 'Không hoàn thành nhiệm vụ' },
      },
    });
    const put = (who: SignedIn, body: unknown) =>
      t
        .http()
        .put('/ranking/rules')
        .set(who.auth)
        .send(body as object);
    const good = {
      version: 1,
      deadlineBasis: 'extended',
      grades: [{ grade: 'done', minOnTimeRate: 0.5 }, { grade: 'not_done' }],
    };

    const disorder = await put(cityAdmin, {
      ...good,
      grades: [
        { grade: 'good', minOnTimeRate: 0.8 },
        { grade: 'excellent', minOnTimeRate: 0.9 },
        { grade: 'done' },
      ],
    }).expect(400);
    expect(disorder.body).toMatchObject({
      code: 'ranking/invalid_rules',
      message: { vi: expect.stringMatching(/từ cao xuống thấp/), en: expect.stringMatching(/best to worst/) },
    });
    expect(disorder.body.fields).toEqual([
      { field: 'grades.1.grade', message: expect.stringMatching(/excellent cannot follow good/) },
    ]);
    const noCatchAll = await put(cityAdmin, {
      ...good,
      grades: [{ grade: 'done', minOnTimeRate: 0.5 }],
    }).expect(400);
    expect(noCatchAll.body.fields[0]).toMatchObject({
      field: 'grades.0',
      message: expect.stringMatching(/last grade/),
    });
    const malformed = await put(cityAdmin, {
      version: 1,
      deadlineBasis: 'whenever',
      grades: [{ grade: 'superb', minOnTimeRate: 1.5, maxLate: -1, bonus: 1 }],
    }).expect(400);
    expect(malformed.body.code).toBe('request/validation_failed');
    expect(malformed.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      [
        'deadlineBasis',
        'grades.0.bonus',
        'grades.0.grade',
        'grades.0.maxLate',
        'grades.0.minOnTimeRate',
      ].sort(),
    );
    const notJson = await t
      .http()
      .put('/ranking/rules')
      .set(cityAdmin.auth)
      .set('content-type', 'application/json')
      .send('{"grades": [')
      .expect(400);
    expect(notJson.body.code).toBe('request/malformed_json');
    await put(cityAdmin, { ...good, grades: [] }).expect(400);

    // Only an admin of the root unit keeps the rules.
    expect((await put(districtAdmin, good).expect(403)).body.code).toBe('access/forbidden');
    expect((await put(cityHead, good).expect(403)).body.code).toBe('access/forbidden');
    expect((await put(off1, good).expect(403)).body.code).toBe('access/forbidden');
    expect((await put(cityAdmin, { ...good, version: 99 }).expect(409)).body.code).toBe(
      'request/conflict_version',
    );
    expect((await rules()).version).toBe(1);
  });

  it('weighs citizens’ files by the rules: 0–10, kept when a change leaves the weight out', async () => {
    const put = (body: object) => putRules(1, { ...EXTENDED_RULES, ...body });
    for (const citizenFileWeight of [-1, 11, 'một']) {
      const refused = await put({ citizenFileWeight }).expect(400);
      expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['citizenFileWeight']);
    }
    expect((await put({ citizenFileWeight: 0.5 }).expect(200)).body.rules.citizenFileWeight).toBe(0.5);
    const kept = await putRules(2, EXTENDED_RULES).expect(200);
    expect(kept.body).toMatchObject({ version: 3, rules: { citizenFileWeight: 0.5 } });
    expect((await view(w1Head, '')).ruleSet).toMatchObject({ version: 3, citizenFileWeight: 0.5 });
    const audit: { after: { rules: { citizenFileWeight: number } } }[] = await t.ds.query(
      `SELECT after FROM audit_entries WHERE action = 'ranking.rules.update' ORDER BY id`,
    );
    expect(audit.map((a) => a.after.rules.citizenFileWeight)).toEqual([0.5, 0.5]);
  });

  it('the worker stores the month that has ended, once, with exact figures and grades', async () => {
    // Both workers at once, a few minutes into May (Vietnam time), then again.
    const first = await closeApril();
    expect(first.map((r) => r.rankedMonth).filter((m) => m !== null)).toEqual(['2025-04']);
    const countRows = async () => {
      const [row]: { rows: string; months: string; latest: Date }[] = await t.ds.query(
        `SELECT (SELECT count(*) FROM monthly_rankings WHERE month = '2025-04-01') AS rows,
                (SELECT count(*) FROM ranking_months WHERE month = '2025-04-01') AS months,
                (SELECT max(computed_at) FROM monthly_rankings WHERE month = '2025-04-01') AS latest`,
      );
      return row;
    };
    const stored = await countRows();
    expect(Number(stored.months)).toBe(1);
    const second = await runWorkers(at('2025-05-01T00:10:00'));
    expect(second.map((r) => r.rankedMonth)).toEqual([null, null]);
    expect(await countRows()).toEqual(stored);

    const april = await view(d1Head, '?month=2025-04');
    expect(april).toMatchObject({
      month: '2025-04',
      provisional: false,
      computedAt: at('2025-05-01T00:05:00').toISOString(),
      ruleSet: { version: 1, deadlineBasis: 'original', citizenFileWeight: 1 },
    });
    // The district sees itself, its wards and the team under ward 1 — not ward 3.
    expect(april.units.map((u) => u.unit.id).sort()).toEqual(
      [org.d1.id, org.w1.id, org.w2.id, org.team1.id].sort(),
    );
    expect(unitRow(april, org.w1.id)).toEqual({
      unit: { id: org.w1.id, name: org.w1.name, kind: 'ward', parentId: org.d1.id },
      counted: 7,
      onTime: 6,
      late: 1,
      pending: 0,
      citizenFiles: { counted: 0, onTime: 0, late: 0, pending: 0 },
      disciplineCases: 1,
      onTimeRate: 0.8571,
      grade: 'good',
      gradeName: { vi: 'Hoàn thành tốt nhiệm vụ', en: 'Good' },
    });
    expect(unitRow(april, org.w2.id)).toMatchObject({
      counted: 3,
      onTime: 1,
      late: 2,
      disciplineCases: 0,
      onTimeRate: 0.3333,
      grade: 'not_done',
      gradeName: { vi: 'Không hoàn thành nhiệm vụ' },
    });
    expect(unitRow(april, org.d1.id)).toMatchObject({
      counted: 0,
      onTimeRate: null,
      grade: null,
      gradeName: { vi: 'Không có nhiệm vụ đến hạn' },
    });
    expect(april.staff.map((s) => s.user.id).sort()).toEqual([off1.id, off1b.id, off2.id].sort());
    expect(staffRow(april, off1.id)).toMatchObject({
      unit: { id: org.w1.id },
      counted: 3,
      onTime: 2,
      late: 1,
      disciplineCases: 0,
      onTimeRate: 0.6667,
      grade: 'not_done',
    });
    expect(staffRow(april, off1b.id)).toMatchObject({
      counted: 2,
      onTime: 2,
      late: 0,
      disciplineCases: 1,
      onTimeRate: 1,
      grade: 'good',
    });
    // X: extended, submitted after its original deadline — late on the 'original' basis.
    expect(staffRow(april, off2.id)).toMatchObject({
      unit: { id: org.w2.id },
      counted: 3,
      onTime: 1,
      late: 2,
      grade: 'not_done',
    });

    const audit: { actor_id: string | null }[] = await t.ds.query(
      "SELECT actor_id FROM audit_entries WHERE action = 'ranking.month.compute' AND subject_id = '2025-04-01'",
    );
    expect(audit).toEqual([{ actor_id: null }]);
  });

  it('shows each leader their reach: a ward its own row and staff, a district its wards', async () => {
    await closeApril();
    const w2 = await view(w2Head, '?month=2025-04');
    expect(w2.units.map((u) => u.unit.id)).toEqual([org.w2.id]);
    expect(w2.staff.map((s) => s.user.id)).toEqual([off2.id]);
    const w1 = await view(w1Head, '?month=2025-04');
    expect(w1.units.map((u) => u.unit.id)).toEqual([org.w1.id, org.team1.id]);
    expect(w1.staff.map((s) => s.user.id).sort()).toEqual([off1.id, off1b.id].sort());
    const d2 = await view(d2Head, '?month=2025-04');
    expect(d2.units.map((u) => u.unit.id)).toEqual([org.d2.id, org.w3.id]);
    expect(unitRow(d2, org.w3.id)).toMatchObject({
      counted: 1,
      onTime: 1,
      onTimeRate: 1,
      grade: 'excellent',
    });
    expect(d2.staff).toEqual([]);
    const narrowed = await view(d1Head, `?month=2025-04&unitId=${org.w2.id}`);
    expect(narrowed.units.map((u) => u.unit.id)).toEqual([org.w2.id]);
    // An official sees their own row only.
    const own = await view(off1, '?month=2025-04');
    expect(own.units).toEqual([]);
    expect(own.staff.map((s) => s.user.id)).toEqual([off1.id]);

    for (const [who, unitId] of [
      [w2Head, org.w1.id],
      [d1Head, org.w3.id],
      [off1, org.w1.id],
    ] as const) {
      const res = await t.http().get(`/ranking?month=2025-04&unitId=${unitId}`).set(who.auth).expect(403);
      expect(res.body.code).toBe('access/forbidden');
    }
    await t.http().get('/ranking?month=2025-4').set(d1Head.auth).expect(400);
    expect((await t.http().get('/ranking?month=2024-01').set(d1Head.auth).expect(404)).body.code).toBe(
      'ranking/month_not_computed',
    );
    expect((await t.http().get('/ranking?month=2999-01').set(d1Head.auth).expect(422)).body.code).toBe(
      'ranking/month_in_future',
    );
  });

  /**
   * The two-tier tree (no district, since 1 July 2025) beside the three-tier one, in the same
   * deployment and month: the city ranks its wards and department directly.
   *
   *   city ─┬─ dept
   *         ├─ w1 ── team1
   *         ├─ w2
   *         └─ w3
   */
  it('ranks the wards directly under the city on a two-tier tree', async () => {
    const tt = await buildTwoTierOrg(t);
    const head = await person(t, [{ unit: tt.city, role: 'leader' }]);
    const w1Lead = await person(t, [{ unit: tt.w1, role: 'leader' }]);
    const offA = await person(t, [{ unit: tt.w1, role: 'official' }]);
    const offB = await person(t, [{ unit: tt.w2, role: 'official' }]);
    const signer = await enrol(t, head);
    const done = (original: string, submitted: string) => ({
      original: at(original),
      submitted: at(submitted),
      state: 'completed',
    });
    await placed(
      'T1',
      { unitId: tt.w1.id, userId: offA.id },
      done('2025-04-10T17:00:00', '2025-04-09T10:00:00'),
      signer,
    );
    await placed(
      'T2',
      { unitId: tt.w1.id, userId: offA.id },
      done('2025-04-11T17:00:00', '2025-04-11T10:00:00'),
      signer,
    );
    await placed(
      'T3',
      { unitId: tt.w2.id, userId: offB.id },
      done('2025-04-12T17:00:00', '2025-04-12T09:00:00'),
      signer,
    );
    await placed(
      'T4',
      { unitId: tt.w2.id, userId: offB.id },
      done('2025-04-14T17:00:00', '2025-04-15T08:00:00'),
      signer,
    );
    await placed('T5', { unitId: tt.dept.id }, done('2025-04-16T17:00:00', '2025-04-18T08:00:00'), signer);
    await closeApril();

    const byCity = await view(head, '?month=2025-04');
    expect(byCity.units.map((u) => u.unit.id).sort()).toEqual(
      [tt.city.id, tt.dept.id, tt.w1.id, tt.w2.id, tt.w3.id, tt.team1.id].sort(),
    );
    expect(unitRow(byCity, tt.w1.id)).toMatchObject({
      unit: { id: tt.w1.id, kind: 'ward', parentId: tt.city.id },
      counted: 2,
      onTime: 2,
      late: 0,
      onTimeRate: 1,
    });
    expect(unitRow(byCity, tt.w2.id)).toMatchObject({ counted: 2, onTime: 1, late: 1, onTimeRate: 0.5 });
    expect(unitRow(byCity, tt.dept.id)).toMatchObject({ counted: 1, onTime: 0, late: 1, onTimeRate: 0 });
    expect(unitRow(byCity, tt.w3.id)).toMatchObject({ counted: 0, onTimeRate: null });
    expect(byCity.staff.map((s) => s.user.id).sort()).toEqual([offA.id, offB.id].sort());
    // Nothing of the three-tier city of the same deployment.
    expect(unitRow(byCity, org.w1.id)).toBeUndefined();
    const byWard = await view(w1Lead, '?month=2025-04');
    expect(byWard.units.map((u) => u.unit.id)).toEqual([tt.w1.id, tt.team1.id]);
    const res = await t.http().get(`/ranking?month=2025-04&unitId=${tt.w2.id}`).set(w1Lead.auth).expect(403);
    expect(res.body.code).toBe('access/forbidden');
  });

  it('keeps a closed month when the rules change; the next month uses the new rules (extended deadlines)', async () => {
    await closeApril();
    const before = await view(d1Head, '?month=2025-04');
    const changed = await putRules(1, EXTENDED_RULES).expect(200);
    expect(changed.body).toMatchObject({ version: 2, createdBy: { id: cityAdmin.id } });
    // Another admin still holding version 1 is refused.
    const stale = await t
      .http()
      .put('/ranking/rules')
      .set(cityAdmin.auth)
      .send({ version: 1, deadlineBasis: 'original', grades: [{ grade: 'not_done' }] })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'request/conflict_version', details: { currentVersion: 2 } });
    const audit: { actor_id: string; before: { version: number }; after: { version: number } }[] =
      await t.ds.query(
        "SELECT actor_id, before, after FROM audit_entries WHERE action = 'ranking.rules.update' AND subject_id = $1",
        [changed.body.id],
      );
    expect(audit).toEqual([
      expect.objectContaining({
        actor_id: cityAdmin.id,
        before: expect.objectContaining({ version: 1 }),
        after: expect.objectContaining({ version: 2 }),
      }),
    ]);

    // April stays as it was stored, with the rules of its time.
    expect(await view(d1Head, '?month=2025-04')).toEqual(before);

    // May, closed by the worker with the new rules: X2, extended and submitted between its two
    // deadlines, is on time against the deadline in force.
    const runs = await runWorkers(at('2025-06-01T00:01:00'));
    expect(runs.map((r) => r.rankedMonth).filter((m) => m !== null)).toEqual(['2025-05']);
    const may = await view(d1Head, '?month=2025-05');
    expect(may.ruleSet).toMatchObject({ version: 2, deadlineBasis: 'extended' });
    expect(staffRow(may, off2.id)).toMatchObject({
      counted: 1,
      onTime: 1,
      late: 0,
      onTimeRate: 1,
      grade: 'excellent',
    });
    expect(staffRow(may, off1.id)).toMatchObject({ counted: 1, onTime: 1, grade: 'excellent' });
    expect(unitRow(may, org.w2.id)).toMatchObject({ counted: 1, onTime: 1, grade: 'excellent' });
  });

  it('computes a month on demand, once, for leaders of the root or its admin', async () => {
    await putRules(1, EXTENDED_RULES).expect(200);
    const compute = (who: SignedIn, month: string) =>
      t.http().post(`/ranking/compute?month=${month}`).set(who.auth);
    expect((await compute(w1Head, '2025-03').expect(403)).body.code).toBe('access/forbidden');
    expect((await compute(districtAdmin, '2025-03').expect(403)).body.code).toBe('access/forbidden');
    const done = await compute(cityHead, '2025-03').expect(201);
    expect(done.body).toMatchObject({ month: '2025-03', ruleSet: { version: 2 } });
    expect((await compute(cityAdmin, '2025-03').expect(409)).body.code).toBe(
      'ranking/month_already_computed',
    );
    await compute(cityAdmin, '2025-02').expect(201);
    const current = vietnamMonthOf(new Date());
    expect((await compute(cityHead, current).expect(422)).body.code).toBe('ranking/month_not_ended');
    await compute(cityHead, '2025-13').expect(400);
    // G, due at 23:30 on 31 March and submitted on 2 April: March's, late.
    const march = await view(w1Head, '?month=2025-03');
    expect(staffRow(march, off1.id)).toMatchObject({
      counted: 1,
      onTime: 0,
      late: 1,
      onTimeRate: 0,
      grade: 'not_done',
    });
  });

  it('shows the current month provisionally, with the rules in force, without storing it', async () => {
    await putRules(1, EXTENDED_RULES).expect(200);
    const now = new Date();
    const month = vietnamMonthOf(now);
    const { since, until } = monthBounds(month);
    const q = (now.getTime() - since.getTime()) / 8;
    // Extended from the 2nd eighth of the month to the 4th, submitted in the 3rd: late against
    // the original deadline, on time against the one in force. And one due at the month's end.
    await placed(
      'P1',
      { unitId: org.w2.id, userId: off2.id },
      {
        original: new Date(since.getTime() + 2 * q),
        deadline: new Date(since.getTime() + 4 * q),
        submitted: new Date(since.getTime() + 3 * q),
        state: 'submitted',
      },
    );
    await placed(
      'P2',
      { unitId: org.w2.id, userId: off2.id },
      { original: new Date(until.getTime() - 1000), state: 'accepted' },
    );

    const storedRows = async (m: string) => {
      const [{ count }]: { count: string }[] = await t.ds.query(
        'SELECT count(*) FROM monthly_rankings WHERE month = $1',
        [`${m}-01`],
      );
      return Number(count);
    };
    const storedBefore = await storedRows(month);
    const extended = await view(w2Head, '');
    expect(extended).toMatchObject({
      month,
      provisional: true,
      ruleSet: { version: 2, deadlineBasis: 'extended' },
    });
    expect(unitRow(extended, org.w2.id)).toMatchObject({
      counted: 1,
      onTime: 1,
      late: 0,
      pending: 1,
      grade: 'excellent',
    });

    const back = await t
      .http()
      .put('/ranking/rules')
      .set(cityAdmin.auth)
      .send({
        version: 2,
        deadlineBasis: 'original',
        grades: [{ grade: 'done', minOnTimeRate: 0.5 }, { grade: 'not_done' }],
      })
      .expect(200);
    expect(back.body.version).toBe(3);
    const original = await view(w2Head, `?month=${month}`);
    expect(unitRow(original, org.w2.id)).toMatchObject({
      counted: 1,
      onTime: 0,
      late: 1,
      pending: 1,
      onTimeRate: 0,
      grade: 'not_done',
    });
    expect(staffRow(original, off2.id)).toMatchObject({ counted: 1, late: 1, pending: 1 });

    // Reading stored nothing.
    expect(await storedRows(month)).toBe(storedBefore);
  });
});
