import { addMonths, monthStart, TaskSummaryFolding, vietnamMonth } from '@lt/reporting';
import { OrgTreeService } from '@lt/org';
import { CommandRunner } from '@lt/commands';
import { TaskLateness } from '@lt/tasks';
import { Workbook } from 'exceljs';
import { Client } from 'pg';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import { buildOrg, buildTwoTierOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';
import { actOnTask } from './support/decisions';

const HOUR = 3_600_000;

interface Figures {
  assigned: number;
  doneOnTime: number;
  doneLate: number;
  inProgress: number;
  overdue: number;
  onTimeRate: number | null;
}
interface Row extends Figures {
  unit: { id: string; name: string };
  scope: 'subtree' | 'unit';
}
interface Report {
  unit: { id: string };
  generatedAt: string;
  total: Row;
  rows: Row[];
}

/** The expected figures from the four categories, by the definitions of docs/reporting.md. */
function fig(doneOnTime: number, doneLate: number, inProgress: number, overdue: number): Figures {
  const due = doneOnTime + doneLate + overdue;
  return {
    assigned: doneOnTime + doneLate + inProgress + overdue,
    doneOnTime,
    doneLate,
    inProgress,
    overdue,
    onTimeRate: due === 0 ? null : Math.round((doneOnTime / due) * 10_000) / 10_000,
  };
}
const figuresOf = (r: Figures): Figures => ({
  assigned: r.assigned,
  doneOnTime: r.doneOnTime,
  doneLate: r.doneLate,
  inProgress: r.inProgress,
  overdue: r.overdue,
  onTimeRate: r.onTimeRate,
});

/**
 * The task summary table over real HTTP, against a from-scratch recount. The tree:
 *
 *   city ─┬─ d1 ─┬─ w1 ── team1
 *         │      └─ w2
 *         └─ d2 ─── w3
 */
describe('task summary table (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let cityLeader: SignedIn;
  let leaderD1: SignedIn;
  let leaderD2: SignedIn;
  let wardLeader1: SignedIn;
  let wardLeader2: SignedIn;
  let wardLeader3: SignedIn;
  let official1: SignedIn; // of ward 1: leads tasks as a person
  let city: Signer;
  let d1: Signer;
  const cur = vietnamMonth(new Date());
  const prev = addMonths(cur, -1);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
  });
  // Each test counts in an org tree of its own, with its own people.
  beforeEach(async () => {
    for (const key of Object.keys(ids)) delete ids[key];
    org = await buildOrg(t);
    cityLeader = await person(t, [{ unit: org.city, role: 'leader' }]);
    leaderD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    leaderD2 = await person(t, [{ unit: org.d2, role: 'leader' }]);
    wardLeader1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    wardLeader2 = await person(t, [{ unit: org.w2, role: 'deputy_leader' }]);
    wardLeader3 = await person(t, [{ unit: org.w3, role: 'leader' }]);
    official1 = await person(t, [{ unit: org.w1, role: 'official' }]);
    city = await enrol(t, cityLeader);
    d1 = await enrol(t, leaderD1);
  });
  afterAll(() => t.close());

  /** Takes `action` on a task at its current version; expects 200. */
  const step = async (who: SignedIn, id: string, action: string, body: Record<string, unknown> = {}) => {
    const [{ version }]: { version: number }[] = await t.ds.query('SELECT version FROM tasks WHERE id = $1', [
      id,
    ]);
    const r = await actOnTask(t, who, id, action, { version, ...body });
    if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const task = async (
    signer: Signer,
    lead: { unitId: string; userId?: string },
    overrides: Record<string, unknown> = {},
  ) => (await assignOk(t, signer, assignment(signer, lead, overrides))).id;
  const sql = (text: string, params: unknown[] = []) => t.ds.query(text, params);
  const markOverdue = (taskIds: string[]) =>
    t.app
      .get(CommandRunner)
      .change('task.overdue', null, (context) =>
        t.app.get(TaskLateness, { strict: false }).markOverdue(context, new Date(), taskIds),
      );
  const summary = async (who: SignedIn, query: Record<string, string>) =>
    (await t.http().get('/reports/summary').set(who.auth).query(query).expect(200)).body as Report;
  /** An export, as bytes. */
  const download = (who: SignedIn, path: string, query: Record<string, string>) =>
    t
      .http()
      .get(path)
      .set(who.auth)
      .query(query)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
  const rowOf = (report: Report, unitId: string, scope: 'subtree' | 'unit' = 'subtree') =>
    figuresOf(report.rows.find((r) => r.unit.id === unitId && r.scope === scope)!);

  /**
   * The definitions, counted from scratch over `tasks` (no stats table, no library code):
   * the subtree of `unitId`, tasks issued in the months `from`..`to` (Vietnam time), at `at`.
   */
  async function recount(unitId: string, from: string, to: string, at: string): Promise<Figures> {
    const [r]: Record<string, string>[] = await sql(
      `SELECT count(*) FILTER (WHERE t.state IN ('submitted', 'completed') AND t.submitted_at <= t.deadline) AS on_time,
              count(*) FILTER (WHERE t.state IN ('submitted', 'completed')
                                 AND NOT COALESCE(t.submitted_at <= t.deadline, false)) AS late,
              count(*) FILTER (WHERE t.state IN ('assigned', 'accepted', 'in_progress') AND t.deadline > $4) AS running,
              count(*) FILTER (WHERE t.state IN ('assigned', 'accepted', 'in_progress') AND t.deadline <= $4) AS overdue
         FROM tasks t JOIN org_unit_closure c ON c.descendant_id = t.lead_unit_id AND c.ancestor_id = $1
        WHERE t.issued_at >= (($2 || '-01')::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
          AND t.issued_at < ((($3 || '-01')::date + interval '1 month'))::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`,
      [unitId, from, to, at],
    );
    return fig(Number(r.on_time), Number(r.late), Number(r.running), Number(r.overdue));
  }

  /**
   * Rows where the rolled-up counts (folded rows plus pending deltas) and a recount of them
   * from `tasks` over the tree differ: none, when the triggers are right.
   */
  const statsDrift = (): Promise<unknown[]> =>
    sql(
      `WITH recount AS (
         SELECT c.ancestor_id AS unit_id, date_trunc('month', t.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
                count(*)::int AS assigned,
                (count(*) FILTER (WHERE t.state IN ('submitted', 'completed') AND t.submitted_at <= t.deadline))::int AS done_on_time,
                (count(*) FILTER (WHERE t.state IN ('submitted', 'completed')
                                    AND NOT COALESCE(t.submitted_at <= t.deadline, false)))::int AS done_late,
                (count(*) FILTER (WHERE t.state IN ('assigned', 'accepted', 'in_progress')))::int AS open,
                (count(*) FILTER (WHERE t.state IN ('assigned', 'accepted', 'in_progress')
                                    AND t.late_for_deadline = t.deadline))::int AS open_marked
           FROM tasks t JOIN org_unit_closure c ON c.descendant_id = t.lead_unit_id
          WHERE t.state NOT IN ('cancelled', 'returned') GROUP BY 1, 2),
       stats AS (
         SELECT unit_id, month, sum(assigned)::int AS assigned, sum(done_on_time)::int AS done_on_time,
                sum(done_late)::int AS done_late, sum(open)::int AS open, sum(open_marked)::int AS open_marked
           FROM (SELECT unit_id, month, assigned, done_on_time, done_late, open, open_marked FROM task_summary_stats
                 UNION ALL
                 SELECT unit_id, month, assigned, done_on_time, done_late, open, open_marked FROM task_summary_deltas) x
          GROUP BY 1, 2
         HAVING (sum(assigned), sum(done_on_time), sum(done_late), sum(open), sum(open_marked)) <> (0, 0, 0, 0, 0))
       (SELECT 'missing' AS side, * FROM (SELECT * FROM recount EXCEPT ALL SELECT * FROM stats) a)
       UNION ALL
       (SELECT 'extra', * FROM (SELECT * FROM stats EXCEPT ALL SELECT * FROM recount) b)`,
    );
  /** The worker's folding of the pending deltas. */
  const fold = () => t.app.get(TaskSummaryFolding).foldAll();
  const pendingDeltas = async () => Number((await sql('SELECT count(*) AS n FROM task_summary_deltas'))[0].n);

  /**
   * The tasks of the figures below, named in `ids`: every outcome in ward 1 (as a unit and led by
   * a person), a team under it, ward 2, district 1 itself, ward 3 of district 2, and one issued
   * last month. Answers what the worker recorded as overdue.
   */
  const standardTasks = async () => {
    // Ward 1, led as a unit.
    ids.onTime = await task(d1, { unitId: org.w1.id });
    await step(wardLeader1, ids.onTime, 'accept');
    await step(wardLeader1, ids.onTime, 'submit', { text: 'Đã xong.' });
    ids.completed = await task(d1, { unitId: org.w1.id });
    await step(wardLeader1, ids.completed, 'accept');
    await step(wardLeader1, ids.completed, 'submit', { text: 'Đã xong.' });
    await step(leaderD1, ids.completed, 'complete');
    ids.late = await task(d1, { unitId: org.w1.id });
    await step(wardLeader1, ids.late, 'accept');
    await step(wardLeader1, ids.late, 'submit', { text: 'Đã xong.' });
    // Submitted after the deadline in force (time is set in SQL: nobody waits a day).
    await sql(`UPDATE tasks SET deadline = submitted_at - interval '1 hour' WHERE id = $1`, [ids.late]);
    ids.running = await task(d1, { unitId: org.w1.id });
    await step(wardLeader1, ids.running, 'accept');
    await step(wardLeader1, ids.running, 'reports', { percent: 30, text: 'Đang làm.' });
    ids.marked = await task(d1, { unitId: org.w1.id });
    await step(wardLeader1, ids.marked, 'accept');
    ids.unmarked = await task(d1, { unitId: org.w1.id });
    ids.cancelled = await task(d1, { unitId: org.w1.id });
    await step(leaderD1, ids.cancelled, 'cancel', { reason: 'Không còn cần.' });
    ids.returned = await task(d1, { unitId: org.w1.id });
    await step(wardLeader1, ids.returned, 'return', { reason: 'Không đúng thẩm quyền.' });
    // Ward 1, led by a person.
    ids.personRunning = await task(d1, { unitId: org.w1.id, userId: official1.id });
    await step(official1, ids.personRunning, 'accept');
    ids.personDone = await task(d1, { unitId: org.w1.id, userId: official1.id });
    await step(official1, ids.personDone, 'accept');
    await step(official1, ids.personDone, 'submit', { text: 'Đã xong.' });
    // A team under ward 1, ward 2, district 1 itself, ward 3 of district 2.
    ids.team = await task(d1, { unitId: org.team1.id });
    ids.reopened = await task(d1, { unitId: org.w2.id });
    await step(wardLeader2, ids.reopened, 'accept');
    await step(wardLeader2, ids.reopened, 'submit', { text: 'Đã xong.' });
    await step(leaderD1, ids.reopened, 'complete');
    await step(leaderD1, ids.reopened, 'reopen', { reason: 'Thiếu số liệu tổ 7.' });
    ids.district = await task(city, { unitId: org.d1.id });
    ids.w3Marked = await task(city, { unitId: org.w3.id });
    ids.w3Late = await task(city, { unitId: org.w3.id });
    await step(wardLeader3, ids.w3Late, 'accept');
    await step(wardLeader3, ids.w3Late, 'submit', { text: 'Đã xong.' });
    await sql(`UPDATE tasks SET deadline = submitted_at - interval '1 minute' WHERE id = $1`, [ids.w3Late]);
    // Past their deadlines: the worker records two; the third it has not reached yet.
    await sql(`UPDATE tasks SET deadline = now() - interval '2 hours' WHERE id = ANY($1)`, [
      [ids.marked, ids.w3Marked, ids.unmarked],
    ]);
    const marked = await markOverdue([ids.marked, ids.w3Marked]);
    // One done task issued last month: outside this month's figures.
    ids.lastMonth = await task(d1, { unitId: org.w1.id });
    await step(wardLeader1, ids.lastMonth, 'accept');
    await step(wardLeader1, ids.lastMonth, 'submit', { text: 'Đã xong.' });
    await sql('UPDATE tasks SET issued_at = $2 WHERE id = $1', [
      ids.lastMonth,
      new Date(monthStart(cur).getTime() - 12 * HOUR),
    ]);
    return marked;
  };

  it('counts every outcome for the lead unit, rolls it up the tree, and follows the real workflow', async () => {
    const q = { from: cur, to: cur };
    const marked = await standardTasks();
    expect(marked.map((m) => m.taskId).sort()).toEqual([ids.marked, ids.w3Marked].sort());

    const byCity = await summary(cityLeader, q);
    expect(byCity.unit.id).toBe(org.city.id); // the highest unit the leader leads, by default
    expect(byCity.rows.map((r) => [r.unit.name, r.scope])).toEqual([
      ['Quận Hai', 'subtree'],
      ['Quận Một', 'subtree'],
      ['Thành phố Thử nghiệm', 'unit'],
    ]);
    // d1: on time (2 + person 1), late 1; running: w1 unit + person, team, w2 reopened, d1 itself; overdue 2.
    expect(rowOf(byCity, org.d1.id)).toEqual(fig(3, 1, 5, 2));
    expect(rowOf(byCity, org.d2.id)).toEqual(fig(0, 1, 0, 1));
    expect(rowOf(byCity, org.city.id, 'unit')).toEqual(fig(0, 0, 0, 0));
    expect(figuresOf(byCity.total)).toEqual(fig(3, 2, 5, 3));
    expect(byCity.total.onTimeRate).toBe(0.375);
    expect(figuresOf(byCity.total)).toEqual(await recount(org.city.id, cur, cur, byCity.generatedAt));
    // Folding the pending deltas (the worker's job) changes no figure.
    expect(await pendingDeltas()).toBeGreaterThan(0);
    await fold();
    expect(await pendingDeltas()).toBe(0);
    expect((await summary(cityLeader, q)).rows.map((r) => [r.unit.id, figuresOf(r)])).toEqual(
      byCity.rows.map((r) => [r.unit.id, figuresOf(r)]),
    );

    const byD1 = await summary(leaderD1, q);
    expect(byD1.unit.id).toBe(org.d1.id);
    expect(rowOf(byD1, org.w1.id)).toEqual(fig(3, 1, 3, 2));
    expect(rowOf(byD1, org.w2.id)).toEqual(fig(0, 0, 1, 0));
    expect(rowOf(byD1, org.d1.id, 'unit')).toEqual(fig(0, 0, 1, 0));
    const byW1 = await summary(wardLeader1, q);
    expect(rowOf(byW1, org.team1.id)).toEqual(fig(0, 0, 1, 0));
    expect(rowOf(byW1, org.w1.id, 'unit')).toEqual(fig(3, 1, 2, 2));

    // Two months: last month's task counts too; the trend splits them.
    const twoMonths = await summary(leaderD1, { from: prev, to: cur });
    expect(rowOf(twoMonths, org.w1.id)).toEqual(fig(4, 1, 3, 2));
    const trend = (
      await t.http().get('/reports/summary/trend').set(leaderD1.auth).query({ months: '3' }).expect(200)
    ).body as { months: (Figures & { month: string })[] };
    expect(trend.months.map((m) => m.month)).toEqual([addMonths(cur, -2), prev, cur]);
    expect(figuresOf(trend.months[0])).toEqual(fig(0, 0, 0, 0));
    expect(figuresOf(trend.months[1])).toEqual(fig(1, 0, 0, 0));
    expect(figuresOf(trend.months[2])).toEqual(fig(3, 1, 5, 2));

    // Per person in ward 1: the official, the ward leader (nothing), the tasks led as a unit.
    const people = (
      await t
        .http()
        .get('/reports/summary/people')
        .set(leaderD1.auth)
        .query({ ...q, unitId: org.w1.id })
        .expect(200)
    ).body as { rows: (Figures & { person: { id: string } | null })[] };
    const personRow = (id: string | null) =>
      figuresOf(people.rows.find((r) => (r.person?.id ?? null) === id)!);
    expect(people.rows).toHaveLength(3);
    expect(personRow(official1.id)).toEqual(fig(1, 0, 1, 0));
    expect(personRow(wardLeader1.id)).toEqual(fig(0, 0, 0, 0));
    expect(personRow(null)).toEqual(fig(2, 1, 1, 2));

    // The tasks behind the figures.
    const list = async (query: Record<string, string>) =>
      (
        await t
          .http()
          .get('/reports/summary/tasks')
          .set(leaderD1.auth)
          .query({ ...q, ...query })
          .expect(200)
      ).body as { items: { id: string; lead: { user: { id: string } | null } }[]; total: number };
    const overdue = await list({ unitId: org.d1.id, category: 'overdue' });
    expect(overdue.total).toBe(2);
    expect(overdue.items.map((i) => i.id).sort()).toEqual([ids.marked, ids.unmarked].sort());
    expect((await list({ unitId: org.d1.id, category: 'overdue', subtree: 'false' })).total).toBe(0);
    const running = await list({ unitId: org.w1.id, category: 'in_progress', subtree: 'false' });
    expect(running.items.map((i) => i.id).sort()).toEqual([ids.running, ids.personRunning].sort());
    expect(running.items.find((i) => i.id === ids.personRunning)!.lead.user!.id).toBe(official1.id);
    // One person's row drills into the tasks the unit leads through them; 'none', as a unit.
    const theirs = await list({ unitId: org.w1.id, category: 'in_progress', person: official1.id });
    expect(theirs.items.map((i) => i.id)).toEqual([ids.personRunning]);
    const asUnit = await list({ unitId: org.w1.id, category: 'in_progress', person: 'none' });
    expect(asUnit.items.map((i) => i.id)).toEqual([ids.running]);
    await t
      .http()
      .get('/reports/summary/tasks')
      .set(leaderD1.auth)
      .query({ ...q, unitId: org.w1.id, category: 'overdue', person: 'someone' })
      .expect(400);
    const onTime = await list({ unitId: org.d1.id, category: 'done_on_time', pageSize: '2', page: '2' });
    expect(onTime).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(onTime.items).toHaveLength(1);
    const late = (
      await t
        .http()
        .get('/reports/summary/tasks')
        .set(cityLeader.auth)
        .query({ ...q, category: 'done_late' })
        .expect(200)
    ).body as { items: { id: string }[] };
    expect(late.items.map((i) => i.id).sort()).toEqual([ids.late, ids.w3Late].sort());
  });

  it('turns an open task overdue by the clock alone, with no write in between', async () => {
    const q = { from: cur, to: cur, unitId: org.w2.id };
    const before = await summary(leaderD1, q);
    const id = await task(d1, { unitId: org.w2.id }, { deadline: new Date(Date.now() + 2500).toISOString() });
    const [{ updated }]: { updated: Date }[] = await sql(
      'SELECT updated_at AS updated FROM tasks WHERE id = $1',
      [id],
    );
    const soon = await summary(leaderD1, q);
    expect(soon.total.inProgress).toBe(before.total.inProgress + 1);
    expect(soon.total.overdue).toBe(before.total.overdue);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const later = await summary(leaderD1, q);
    expect(later.total.inProgress).toBe(before.total.inProgress);
    expect(later.total.overdue).toBe(before.total.overdue + 1);
    // Nothing wrote the task meanwhile: the figure moved with the clock.
    expect(
      (await sql('SELECT updated_at AS updated FROM tasks WHERE id = $1', [id]))[0].updated.getTime(),
    ).toBe(updated.getTime());
    // When the worker records it, the figure stays put.
    await markOverdue([id]);
    expect(figuresOf((await summary(leaderD1, q)).total)).toEqual(figuresOf(later.total));
    expect(figuresOf(later.total)).toEqual(await recount(org.w2.id, cur, cur, later.generatedAt));
  });

  it('shows each viewer only their own subtree', async () => {
    const code = async (who: SignedIn, path: string, query: Record<string, string>) => {
      const r = await t.http().get(path).set(who.auth).query(query);
      return `${r.status} ${r.body.code ?? ''}`.trim();
    };
    // A ward leader: their ward by default; never a sibling ward or the district.
    expect((await summary(wardLeader1, {})).unit.id).toBe(org.w1.id);
    for (const unitId of [org.w2.id, org.d1.id, org.w3.id, org.city.id])
      expect(await code(wardLeader1, '/reports/summary', { unitId })).toBe('403 access/forbidden');
    expect(await code(wardLeader1, '/reports/summary.csv', { unitId: org.w2.id })).toBe(
      '403 access/forbidden',
    );
    expect(await code(wardLeader1, '/reports/summary.xlsx', { unitId: org.w2.id })).toBe(
      '403 access/forbidden',
    );
    expect(
      await code(wardLeader1, '/reports/summary/tasks', { unitId: org.w2.id, category: 'overdue' }),
    ).toBe('403 access/forbidden');
    expect(await code(wardLeader1, '/reports/summary/people', { unitId: org.w2.id })).toBe(
      '403 access/forbidden',
    );
    expect(await code(wardLeader1, '/reports/summary/trend', { unitId: org.d1.id })).toBe(
      '403 access/forbidden',
    );
    // A district sees its wards, not the other district nor the city.
    for (const unitId of [org.w1.id, org.w2.id, org.team1.id])
      expect(await code(leaderD1, '/reports/summary', { unitId })).toBe('200');
    for (const unitId of [org.d2.id, org.w3.id, org.city.id])
      expect(await code(leaderD1, '/reports/summary', { unitId })).toBe('403 access/forbidden');
    expect(await code(leaderD2, '/reports/summary', { unitId: org.w3.id })).toBe('200');
    expect(await code(leaderD2, '/reports/summary', { unitId: org.w1.id })).toBe('403 access/forbidden');
    // Officials follow no unit; an unknown unit is refused like another branch.
    expect(await code(official1, '/reports/summary', {})).toBe('403 access/forbidden');
    expect(
      await code(cityLeader, '/reports/summary', { unitId: '00000000-0000-4000-8000-000000000000' }),
    ).toBe('403 access/forbidden');
  });

  /**
   * The two-tier tree (no district, since 1 July 2025): the city assigns the wards directly.
   *
   *   city ─┬─ dept
   *         ├─ w1 ── team1
   *         ├─ w2
   *         └─ w3
   */
  it('counts and rolls up on a two-tier tree: the city’s rows are its department and wards', async () => {
    const tt = await buildTwoTierOrg(t);
    const head = await person(t, [{ unit: tt.city, role: 'leader' }]);
    const w1Head = await person(t, [{ unit: tt.w1, role: 'leader' }]);
    const w2Head = await person(t, [{ unit: tt.w2, role: 'leader' }]);
    const signer = await enrol(t, head);
    const q = { from: cur, to: cur };
    // w1: one on time, one late; team1 under it: one running; w2: one running; w3: one overdue
    // (recorded by the worker); the department: one on time.
    const onTime = await task(signer, { unitId: tt.w1.id });
    await step(w1Head, onTime, 'accept');
    await step(w1Head, onTime, 'submit', { text: 'Đã xong.' });
    const late = await task(signer, { unitId: tt.w1.id });
    await step(w1Head, late, 'accept');
    await step(w1Head, late, 'submit', { text: 'Đã xong.' });
    await sql(`UPDATE tasks SET deadline = submitted_at - interval '1 hour' WHERE id = $1`, [late]);
    await task(signer, { unitId: tt.team1.id });
    const running = await task(signer, { unitId: tt.w2.id });
    await step(w2Head, running, 'accept');
    const overdue = await task(signer, { unitId: tt.w3.id });
    await sql(`UPDATE tasks SET deadline = now() - interval '2 hours' WHERE id = $1`, [overdue]);
    await markOverdue([overdue]);
    const deptHead = await person(t, [{ unit: tt.dept, role: 'leader' }]);
    const deptTask = await task(signer, { unitId: tt.dept.id });
    await step(deptHead, deptTask, 'accept');
    await step(deptHead, deptTask, 'submit', { text: 'Đã xong.' });

    const byCity = await summary(head, q);
    expect(byCity.unit.id).toBe(tt.city.id);
    expect(byCity.rows.map((r) => [r.unit.name, r.scope])).toEqual([
      ['Phường An Hải', 'subtree'],
      ['Phường Hải Châu', 'subtree'],
      ['Phường Sơn Trà', 'subtree'],
      ['Sở Nội vụ', 'subtree'],
      ['Thành phố Thử nghiệm', 'unit'],
    ]);
    expect(rowOf(byCity, tt.w1.id)).toEqual(fig(1, 1, 1, 0));
    expect(rowOf(byCity, tt.w2.id)).toEqual(fig(0, 0, 1, 0));
    expect(rowOf(byCity, tt.w3.id)).toEqual(fig(0, 0, 0, 1));
    expect(rowOf(byCity, tt.dept.id)).toEqual(fig(1, 0, 0, 0));
    expect(figuresOf(byCity.total)).toEqual(fig(2, 1, 2, 1));
    expect(figuresOf(byCity.total)).toEqual(await recount(tt.city.id, cur, cur, byCity.generatedAt));
    // A ward sees itself and its team, never its sibling or the city.
    const byW1 = await summary(w1Head, q);
    expect(rowOf(byW1, tt.team1.id)).toEqual(fig(0, 0, 1, 0));
    expect(rowOf(byW1, tt.w1.id, 'unit')).toEqual(fig(1, 1, 0, 0));
    for (const unitId of [tt.w2.id, tt.city.id, tt.dept.id]) {
      const r = await t.http().get('/reports/summary').set(w1Head.auth).query({ unitId });
      expect([r.status, r.body.code]).toEqual([403, 'access/forbidden']);
    }
    expect(await statsDrift()).toEqual([]);
  });

  it('refuses periods it cannot read', async () => {
    const code = async (query: Record<string, string>) => {
      const r = await t.http().get('/reports/summary').set(cityLeader.auth).query(query);
      return `${r.status} ${r.body.code}`;
    };
    expect(await code({ from: '2026-05', to: '2026-04' })).toBe('400 report/invalid_period');
    expect(await code({ from: '2001-01', to: '2026-04' })).toBe('400 report/invalid_period');
    expect(await code({ from: '2026-13' })).toBe('400 request/validation_failed');
    expect(await code({ from: '2026-1' })).toBe('400 request/validation_failed');
    const r = await t
      .http()
      .get('/reports/summary/tasks')
      .set(cityLeader.auth)
      .query({ category: 'late' })
      .expect(400);
    expect(r.body.fields.map((f: { field: string }) => f.field)).toEqual(['category']);
  });

  it('exports the table as CSV (UTF-8 with BOM) and XLSX with Vietnamese headers', async () => {
    await standardTasks();
    const q = { unitId: org.d1.id, from: cur, to: cur };
    const json = await summary(leaderD1, q);
    const csv = await download(leaderD1, '/reports/summary.csv', q);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="tong-hop-nhiem-vu_${cur}_${cur}.csv"`,
    );
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Đơn vị,Được giao,Hoàn thành đúng hạn,Hoàn thành trễ hạn,Đang thực hiện trong hạn,Quá hạn,Số lần đôn đốc,Tỷ lệ đúng hạn,' +
        'Hồ sơ tiếp nhận,Hồ sơ trả đúng hẹn,Hồ sơ trả trễ hẹn,Hồ sơ quá hạn,Tỷ lệ hồ sơ đúng hẹn',
    );
    const w1 = json.rows.find((r) => r.unit.id === org.w1.id)!;
    const pct = (r: Figures) => (r.onTimeRate === null ? '' : `${(r.onTimeRate * 100).toFixed(1)}%`);
    const line = (label: string, r: Figures) =>
      [label, r.assigned, r.doneOnTime, r.doneLate, r.inProgress, r.overdue, 0, pct(r), 0, 0, 0, 0, ''].join(
        ',',
      );
    expect(lines.slice(1)).toEqual([
      line('Phường An Hải Bắc', w1),
      line('Phường Mân Thái', json.rows[1]),
      line('Quận Một (trực tiếp)', json.rows[2]),
      line('Tổng cộng', json.total),
    ]);
    expect(lines[1]).toBe('Phường An Hải Bắc,9,3,1,3,2,0,50.0%,0,0,0,0,');

    const xlsx = await download(leaderD1, '/reports/summary.xlsx', q);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = workbook.getWorksheet('Tổng hợp')!;
    expect(sheet.getCell('A1').value).toBe('Bảng tổng hợp theo dõi nhiệm vụ — Quận Một');
    expect(sheet.getCell('A2').value).toBe(
      `Kỳ báo cáo: tháng ${cur.slice(5)}/${cur.slice(0, 4)} – tháng ${cur.slice(5)}/${cur.slice(0, 4)}`,
    );
    expect(sheet.getRow(5).values).toEqual([
      undefined,
      'Đơn vị',
      'Được giao',
      'Hoàn thành đúng hạn',
      'Hoàn thành trễ hạn',
      'Đang thực hiện trong hạn',
      'Quá hạn',
      'Số lần đôn đốc',
      'Tỷ lệ đúng hạn',
      'Hồ sơ tiếp nhận',
      'Hồ sơ trả đúng hẹn',
      'Hồ sơ trả trễ hẹn',
      'Hồ sơ quá hạn',
      'Tỷ lệ hồ sơ đúng hẹn',
    ]);
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      'Phường An Hải Bắc',
      9,
      3,
      1,
      3,
      2,
      0,
      0.5,
      0,
      0,
      0,
      0,
    ]);
    expect(sheet.getCell('H6').numFmt).toBe('0.0%');
    expect(sheet.getCell('A7').value).toBe('Phường Mân Thái');
    expect(sheet.getCell('H7').value).toBe(json.rows[1].onTimeRate);
    expect(sheet.getCell('A9').value).toBe('Tổng cộng');
    expect(sheet.getCell('B9').value).toBe(json.total.assigned);
    expect(sheet.getCell('A9').font?.bold).toBe(true);
  });

  it('counts the times urged (đôn đốc) per unit and person, rolled up, leaving out cancelled tasks and other months', async () => {
    await standardTasks();
    const urge = (id: string) =>
      t
        .http()
        .post(`/tasks/${id}/urge`)
        .set(leaderD1.auth)
        .send({ note: 'Đề nghị khẩn trương.' })
        .expect(200);
    await urge(ids.running);
    await urge(ids.personRunning);
    await urge(ids.team);
    // Urged before it was cancelled, or issued last month: not in this month's table.
    await sql('UPDATE tasks SET urged_count = 5 WHERE id = ANY($1)', [[ids.cancelled, ids.lastMonth]]);
    const q = { unitId: org.d1.id, from: cur, to: cur };
    const urgedOf = (report: Report, unitId: string, scope: 'subtree' | 'unit' = 'subtree') =>
      (report.rows.find((r) => r.unit.id === unitId && r.scope === scope) as Row & { urged: number }).urged;
    const district = await summary(leaderD1, q);
    expect(urgedOf(district, org.w1.id)).toBe(3);
    expect(urgedOf(district, org.w2.id)).toBe(0);
    expect(urgedOf(district, org.d1.id, 'unit')).toBe(0);
    expect((district.total as Row & { urged: number }).urged).toBe(3);
    const cityReport = await summary(cityLeader, { unitId: org.city.id, from: cur, to: cur });
    expect(urgedOf(cityReport, org.d1.id)).toBe(3);
    expect(urgedOf(cityReport, org.d2.id)).toBe(0);
    // By person in ward 1: the official's task once, the ward's own once (the team's is the team's).
    const people = (
      await t
        .http()
        .get('/reports/summary/people')
        .set(wardLeader1.auth)
        .query({ unitId: org.w1.id, from: cur, to: cur })
        .expect(200)
    ).body as { rows: { person: { id: string } | null; urged: number }[] };
    expect(people.rows.find((r) => r.person?.id === official1.id)!.urged).toBe(1);
    expect(people.rows.find((r) => r.person === null)!.urged).toBe(1);
    const trend = (
      await t
        .http()
        .get('/reports/summary/trend')
        .set(leaderD1.auth)
        .query({ unitId: org.d1.id, to: cur, months: 2 })
        .expect(200)
    ).body as { months: { month: string; urged: number }[] };
    // Month by month, last month's task counts in its own month.
    expect(trend.months.map((m) => [m.month, m.urged])).toEqual([
      [prev, 5],
      [cur, 3],
    ]);
    const csv = await download(leaderD1, '/reports/summary.csv', q);
    const lines = (csv.body as Buffer).subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines.find((l) => l.startsWith('Phường An Hải Bắc'))).toBe(
      'Phường An Hải Bắc,9,3,1,3,2,3,50.0%,0,0,0,0,',
    );
  });

  it('keeps the stats equal to a from-scratch recount through a mixed workload, also under concurrency', async () => {
    await standardTasks();
    // Through the API: extension, explanation of a recorded lateness, reopen with a new deadline.
    const ext = await task(d1, { unitId: org.w1.id });
    await step(wardLeader1, ext, 'accept');
    await step(wardLeader1, ext, 'extension', {
      deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      reason: 'Chờ số liệu.',
    });
    await step(leaderD1, ext, 'extension/approve');
    await step(wardLeader1, ids.marked, 'explanation', {
      explanation: 'Thiếu nhân lực trong đợt cao điểm.',
      apology: 'Kính gửi đồng chí, xin lỗi vì chậm trễ.',
    });
    await step(wardLeader1, ids.marked, 'extension', {
      deadline: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      reason: 'Xin thêm hai ngày.',
    });
    await step(leaderD1, ids.marked, 'extension/approve');
    await step(leaderD1, ids.completed, 'reopen', {
      reason: 'Làm lại.',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(await statsDrift()).toEqual([]);

    // In SQL: 400 more tasks in every state, spread over the units and the last 14 months.
    const units = [org.city, org.d1, org.d2, org.w1, org.w2, org.w3, org.team1].map((u) => u.id);
    const [{ signature_id: signatureId, assigner_id: assignerId }]: {
      signature_id: string;
      assigner_id: string;
    }[] = await sql('SELECT signature_id, assigner_id FROM tasks WHERE id = $1', [ids.onTime]);
    await sql(
      `INSERT INTO tasks (title, description, lead_unit_id, assigner_id, assigner_unit_id, state, priority,
                          deadline, original_deadline, issued_at, signature_id, submitted_at, late_for_deadline, version)
       SELECT 'Việc thử ' || g, '', ($1::uuid[])[1 + g % 7], $2, $3,
              (ARRAY['assigned', 'accepted', 'in_progress', 'submitted', 'completed', 'cancelled', 'returned'])[1 + (g * 7) % 11 % 7],
              0, d, d, now() - make_interval(days => g % 420), $4,
              CASE WHEN g % 3 = 0 THEN d - interval '1 hour' ELSE d + interval '1 hour' END,
              CASE WHEN g % 4 = 0 THEN d END, 1
         FROM generate_series(1, 400) g, LATERAL (SELECT now() + make_interval(hours => g % 97 - 48)) x(d)`,
      [units, assignerId, org.d1.id, signatureId],
    );
    expect(await statsDrift()).toEqual([]);

    // Concurrent writers: multi-row statements over shared units, in opposite orders. (Each
    // statement takes its counter rows in key order; app transactions change one task.)
    const mine = `lead_unit_id = ANY($1::uuid[]) AND title LIKE 'Việc thử %'`;
    const writers = Array.from({ length: 6 }, async (_, w) => {
      const client = new Client({ connectionString: process.env.LT_TEST_DATABASE_URL });
      await client.connect();
      try {
        for (let round = 0; round < 15; round++) {
          const k = w * 100 + round;
          // Each writer owns the tasks with title number ≡ w (mod 6): no task row is shared.
          const own = `${mine} AND substring(title from 10)::int % 6 = ${w}`;
          await client.query(
            `UPDATE tasks SET state = CASE state WHEN 'in_progress' THEN 'submitted' WHEN 'submitted' THEN 'in_progress'
                                                WHEN 'assigned' THEN 'accepted' ELSE state END,
                              submitted_at = COALESCE(submitted_at, now())
              WHERE ${own} AND (substring(title from 10)::int + $2) % 3 = 0`,
            [units, k],
          );
          await client.query(
            `UPDATE tasks SET late_for_deadline = CASE WHEN late_for_deadline IS NULL THEN deadline END,
                              lead_unit_id = ($1::uuid[])[1 + ($2 + substring(title from 10)::int) % 7]
              WHERE ${own} AND (substring(title from 10)::int + $2) % 5 = 0`,
            [w % 2 === 0 ? units : [...units].reverse(), k],
          );
          await client.query(
            `UPDATE tasks SET issued_at = issued_at - interval '20 days', deadline = deadline + interval '30 minutes'
              WHERE ${own} AND (substring(title from 10)::int + $2) % 7 = 0`,
            [units, k],
          );
        }
      } finally {
        await client.end();
      }
    });
    // The worker folds meanwhile, as it would.
    let writing = true;
    const folding = (async () => {
      while (writing) {
        await fold();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await Promise.all(writers);
    writing = false;
    await folding;
    await sql(`DELETE FROM tasks WHERE ${mine} AND substring(title from 10)::int % 10 = 0`, [units]);
    expect(await statsDrift()).toEqual([]);

    // The oracle itself notices a counter that is off by one.
    await sql('UPDATE task_summary_stats SET open = open + 1 WHERE unit_id = $1 AND month = $2', [
      org.w1.id,
      `${cur}-01`,
    ]);
    expect(await statsDrift()).toHaveLength(2);
    await sql('UPDATE task_summary_stats SET open = open - 1 WHERE unit_id = $1 AND month = $2', [
      org.w1.id,
      `${cur}-01`,
    ]);
    expect(await statsDrift()).toEqual([]);
    await fold();
    expect(await statsDrift()).toEqual([]);

    // And the API's figures are the definitions at the instant it judged them.
    const from = addMonths(cur, -14);
    for (const [who, unitId] of [
      [cityLeader, org.city.id],
      [leaderD1, org.d1.id],
      [wardLeader1, org.w1.id],
    ] as const) {
      const report = await summary(who, { unitId, from, to: cur });
      expect(figuresOf(report.total)).toEqual(await recount(unitId, from, cur, report.generatedAt));
      for (const row of report.rows.filter((r) => r.scope === 'subtree'))
        expect(figuresOf(row)).toEqual(await recount(row.unit.id, from, cur, report.generatedAt));
    }
  });
  it('moves the counts along when a ward moves to another district', async () => {
    await standardTasks();
    const tree = t.app.get(OrgTreeService);
    const move = (unitId: string, parentId: string) =>
      t.ds.transaction(async (em) => {
        await tree.moveSubtree(em, unitId, parentId);
        await em.query('UPDATE org_units SET parent_id = $2, version = version + 1 WHERE id = $1', [
          unitId,
          parentId,
        ]);
      });
    const q = { from: addMonths(cur, -14), to: cur };
    const before = await summary(cityLeader, q);
    const ward = rowOf(await summary(leaderD1, q), org.w2.id);
    expect(ward.assigned).toBeGreaterThan(0);
    const plus = (a: Figures, b: Figures, sign: 1 | -1) =>
      fig(
        a.doneOnTime + sign * b.doneOnTime,
        a.doneLate + sign * b.doneLate,
        a.inProgress + sign * b.inProgress,
        a.overdue + sign * b.overdue,
      );

    await move(org.w2.id, org.d2.id);
    const after = await summary(cityLeader, q);
    expect(rowOf(after, org.d1.id)).toEqual(plus(rowOf(before, org.d1.id), ward, -1));
    expect(rowOf(after, org.d2.id)).toEqual(plus(rowOf(before, org.d2.id), ward, 1));
    expect(figuresOf(after.total)).toEqual(figuresOf(before.total));
    expect(rowOf(await summary(leaderD2, q), org.w2.id)).toEqual(ward);
    expect(await statsDrift()).toEqual([]);
    await fold();
    expect(await statsDrift()).toEqual([]);

    await move(org.w2.id, org.d1.id);
    const back = await summary(cityLeader, q);
    expect(back.rows.map((r) => [r.unit.id, figuresOf(r)])).toEqual(
      before.rows.map((r) => [r.unit.id, figuresOf(r)]),
    );
    expect(await statsDrift()).toEqual([]);
  });
});
