import type { FeedEnvelope } from '@lt/realtime';
import type { TaskSummary } from '@lt/tasks';
import { verifyAuditChains } from '@lt/audit';
import { assign, assignment, assignOk, enrol, Signer } from './support/signing';
import { connect, nextEvent } from './support/sockets';
import { buildOrg, codeOf, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';
import { actOnTask } from './support/decisions';

type Detail = TaskSummary & {
  allowedActions: string[];
  myRoles: string[];
  chain: { id: string }[];
  children: TaskSummary[];
  reports: { kind: string; percent: number | null }[];
  extensions: { state: string }[];
  urgings: { by: { id: string }; note: string }[];
  coordinators: { acknowledgedAt: string | null }[];
  informed: { acknowledgedAt: string | null }[];
};

describe('task workflow (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leaderD1: SignedIn; // chairman of district 1: assigns
  let d1: Signer;
  let wardLeader1: SignedIn; // leads ward 1's tasks
  let wardLeader2: SignedIn;
  let official1: SignedIn; // official of ward 1
  let official3: SignedIn; // official of ward 3 (district 2)
  let leaderD2: SignedIn;
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50', LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    leaderD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    wardLeader1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    wardLeader2 = await person(t, [{ unit: org.w2, role: 'leader' }]);
    official1 = await person(t, [{ unit: org.w1, role: 'official' }]);
    official3 = await person(t, [{ unit: org.w3, role: 'official' }]);
    leaderD2 = await person(t, [{ unit: org.d2, role: 'leader' }]);
    d1 = await enrol(t, leaderD1);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(() => t.close());

  const act = (who: SignedIn, id: string, path: string, body: Record<string, unknown> = {}) =>
    actOnTask(t, who, id, path, body);
  const detail = async (who: SignedIn, id: string) =>
    (await t.http().get(`/tasks/${id}`).set(who.auth).expect(200)).body as Detail;

  it('runs the whole workflow: accept, report, extension, submit, reopen, complete — each audited and announced', async () => {
    const socket = await connect(t.url, wardLeader1.token);
    sockets.push(socket);
    const assigned = nextEvent<FeedEnvelope>(socket, 'feed.event', (e) => e.name === 'task.changed');
    const task = await assignOk(
      t,
      d1,
      assignment(
        d1,
        { unitId: org.w1.id },
        { coordinators: [{ unitId: org.w2.id }], informed: [{ unitId: org.w1.id, userId: official1.id }] },
      ),
    );
    expect(task).toMatchObject({
      state: 'assigned',
      version: 1,
      lead: { unit: { id: org.w1.id }, user: null },
    });
    const live = await assigned;
    expect(live.payload).toMatchObject({ action: 'assign', task: { id: task.id } });

    let v = task.version;
    const step = async (who: SignedIn, action: string, body: Record<string, unknown> = {}) => {
      const r = await act(who, task.id, action, { version: v, ...body });
      if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
      v = (r.body as TaskSummary).version;
      return r.body as TaskSummary;
    };
    expect((await detail(wardLeader1, task.id)).allowedActions).toEqual(['accept', 'return']);
    expect((await step(wardLeader1, 'accept')).state).toBe('accepted');
    const upload = await t
      .http()
      .post('/files')
      .set(wardLeader1.auth)
      .attach('file', Buffer.from('Danh sách hộ dân tổ 1–4'), {
        filename: 'danh-sach.txt',
        contentType: 'text/plain',
      })
      .expect(201);
    const reported = await step(wardLeader1, 'reports', {
      percent: 40,
      text: 'Đã rà soát 4/10 tổ dân phố.',
      attachmentIds: [upload.body.id],
    });
    expect(reported.progress).toBe(40);
    const report = (await detail(leaderD1, task.id)).reports[0] as unknown as {
      id: string;
      attachments: { id: string }[];
    };
    expect(report.attachments.map((a) => a.id)).toEqual([upload.body.id]);
    const download = `/tasks/${task.id}/reports/${report.id}/attachments/${upload.body.id}`;
    expect((await t.http().get(download).set(leaderD1.auth).expect(200)).text).toBe(
      'Danh sách hộ dân tổ 1–4',
    );
    await t.http().get(download).set(official3.auth).expect(404);
    const newDeadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await step(wardLeader1, 'extension', {
      deadline: newDeadline,
      reason: 'Chờ số liệu của công an phường.',
    });
    expect(
      codeOf(
        await act(wardLeader1, task.id, 'extension', {
          version: v,
          deadline: newDeadline,
          reason: 'Lần nữa.',
        }),
      ),
    ).toBe('409 task/extension_pending');
    // While it waits the assigner is offered the decision and the lead no second request.
    expect((await detail(leaderD1, task.id)).allowedActions).toEqual(
      expect.arrayContaining(['approve_extension', 'refuse_extension']),
    );
    expect((await detail(wardLeader1, task.id)).allowedActions).not.toContain('request_extension');
    const approved = await step(leaderD1, 'extension/approve', { note: 'Đồng ý.' });
    expect((await detail(leaderD1, task.id)).allowedActions).not.toContain('approve_extension');
    expect((await detail(wardLeader1, task.id)).allowedActions).toContain('request_extension');
    expect(approved.deadline).toBe(newDeadline);
    expect(approved.originalDeadline).toBe(task.deadline);
    // Coordinators contribute, informed parties acknowledge; neither moves the task.
    await act(wardLeader2, task.id, 'contributions', { text: 'Phường Mân Thái hỗ trợ 2 cán bộ.' }).expect(
      200,
    );
    await act(official1, task.id, 'acknowledge').expect(200);
    await act(official1, task.id, 'acknowledge').expect(200);
    expect((await step(wardLeader1, 'submit', { text: 'Đã hoàn thành danh sách.' })).state).toBe('submitted');
    expect((await step(leaderD1, 'reopen', { reason: 'Thiếu tổ 7, bổ sung.' })).state).toBe('in_progress');
    await step(wardLeader1, 'submit', { text: 'Đã bổ sung tổ 7.' });
    const done = await step(leaderD1, 'complete');
    expect(done).toMatchObject({ state: 'completed', progress: 100 });

    const full = await detail(leaderD1, task.id);
    expect(full.reports.map((r) => r.kind)).toEqual(['progress', 'contribution', 'final', 'final']);
    expect(full.extensions.map((e) => e.state)).toEqual(['approved']);
    expect(full.informed[0].acknowledgedAt).not.toBeNull();
    expect(full.allowedActions).toEqual(['reopen']);
    const audit: { action: string }[] = await t.ds.query(
      // Who viewed it is in the chain too (test/views.e2e-spec.ts); here, what changed it.
      "SELECT action FROM audit_entries WHERE subject_type = 'task' AND subject_id = $1 AND action NOT IN ('task.view', 'task.download') ORDER BY at, seq",
      [task.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'task.assign',
      'task.accept',
      'task.report',
      'task.request_extension',
      'task.approve_extension',
      'task.contribute',
      'task.acknowledge',
      'task.submit',
      'task.reopen',
      'task.submit',
      'task.complete',
    ]);
    expect((await verifyAuditChains(t.ds)).breaks).toEqual([]);
  });

  it('lets the assigner and the leaders above urge an open task (đôn đốc): live, counted, at a limited rate', async () => {
    const task = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id, userId: official1.id }));
    const socket = await connect(t.url, official1.token);
    sockets.push(socket);
    const heard = nextEvent<FeedEnvelope>(
      socket,
      'feed.event',
      (e) => e.name === 'task.changed' && (e.payload as { action: string }).action === 'urge',
    );
    expect((await detail(leaderD1, task.id)).allowedActions).toContain('urge');
    expect((await detail(official1, task.id)).allowedActions).not.toContain('urge');
    const note = 'Đề nghị khẩn trương hoàn thành, báo cáo trước 17 giờ thứ Sáu.';
    const urged = await act(leaderD1, task.id, 'urge', { note }).expect(200);
    // Urging changes nothing the lead is editing: the version stays.
    expect(urged.body).toMatchObject({ id: task.id, urgedCount: 1, version: task.version });
    expect((urged.body as TaskSummary).lastUrgedAt).not.toBeNull();
    const live = await heard;
    expect(live.payload).toMatchObject({
      action: 'urge',
      note,
      by: { id: leaderD1.id },
      task: { id: task.id, urgedCount: 1 },
    });
    const seen = await detail(official1, task.id);
    expect(seen.urgedCount).toBe(1);
    expect(seen.urgings).toEqual([
      expect.objectContaining({ note, by: expect.objectContaining({ id: leaderD1.id }) }),
    ]);

    // Once per interval per task, whoever urges; the answer says how long to wait.
    const again = await act(leaderD1, task.id, 'urge', { note: 'Nhắc lại lần nữa.' });
    expect(codeOf(again)).toBe('429 task/urge_too_soon');
    expect(again.body.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(again.headers['retry-after']).toBe(String(again.body.details.retryAfterSeconds));
    expect(codeOf(await act(wardLeader1, task.id, 'urge', { note: 'Phường nhắc.' }))).toBe(
      '429 task/urge_too_soon',
    );

    // The lead does not urge themself; someone outside the task does not see it.
    expect(codeOf(await act(official1, task.id, 'urge', { note: 'Tự nhắc.' }))).toBe(
      '403 task/not_allowed_for_role',
    );
    expect(codeOf(await act(leaderD2, task.id, 'urge', { note: 'Quận khác.' }))).toBe('404 task/not_found');
    // Bad input: no note, a blank one, a number, an unknown field.
    for (const body of [{}, { note: '   ' }, { note: 42 }, { note: 'Đôn đốc.', version: 1 }])
      expect(codeOf(await act(leaderD1, task.id, 'urge', body))).toBe('400 request/validation_failed');
    expect(codeOf(await t.http().post('/tasks/not-a-uuid/urge').set(leaderD1.auth).send({ note }))).toBe(
      '400 request/validation_failed',
    );
    expect((await detail(leaderD1, task.id)).urgedCount).toBe(1);

    // A leader above the lead's unit urges too; a closed task is not urged.
    const other = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id, userId: official1.id }));
    await act(wardLeader1, other.id, 'urge', { note: 'Phường đề nghị đồng chí hoàn thành sớm.' }).expect(200);
    await act(official1, other.id, 'return', {
      version: other.version,
      reason: 'Không thuộc chức năng.',
    }).expect(200);
    expect(codeOf(await act(leaderD1, other.id, 'urge', { note }))).toBe('409 task/transition_not_allowed');
    const audit: { action: string }[] = await t.ds.query(
      "SELECT action FROM audit_entries WHERE subject_type = 'task' AND subject_id = ANY($1::text[]) AND action = 'task.urge'",
      [[task.id, other.id]],
    );
    expect(audit).toHaveLength(2);
  });

  it('refuses actions out of state, by the wrong role, and with a stale version', async () => {
    const task = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id }));
    expect(codeOf(await act(wardLeader1, task.id, 'submit', { version: 1, text: 'x' }))).toBe(
      '409 task/transition_not_allowed',
    );
    expect(codeOf(await act(leaderD1, task.id, 'accept', { version: 1 }))).toBe(
      '403 task/not_allowed_for_role',
    );
    expect(codeOf(await act(wardLeader1, task.id, 'complete', { version: 1 }))).toBe(
      '403 task/not_allowed_for_role',
    );
    expect(codeOf(await act(official1, task.id, 'accept', { version: 1 }))).toBe('404 task/not_found');
    await act(wardLeader1, task.id, 'accept', { version: 1 }).expect(200);
    expect(codeOf(await act(wardLeader1, task.id, 'start', { version: 1 }))).toBe(
      '409 request/conflict_version',
    );
    expect(codeOf(await act(wardLeader1, task.id, 'start', { version: 'x' }))).toBe(
      '400 request/validation_failed',
    );
    // Dates that look like ISO 8601 but name no instant JavaScript can read are refused up
    // front (they used to slip past every comparison and fail in the database with a 500).
    for (const deadline of ['2026-W50', '2026-12-01T10Z', '+2026-12-01T10:00:00Z'])
      expect(
        codeOf(
          await act(wardLeader1, task.id, 'extension', { version: 2, deadline, reason: 'Chờ số liệu.' }),
        ),
      ).toBe('400 request/validation_failed');
    for (const from of ['2026-02-30', '2026-W50'])
      expect(codeOf(await t.http().get(`/tasks?scope=mine&deadlineFrom=${from}`).set(wardLeader1.auth))).toBe(
        '400 request/validation_failed',
      );
    expect(
      codeOf(await act(wardLeader1, task.id, 'return', { version: 2, reason: 'Không thuộc thẩm quyền.' })),
    ).toBe('409 task/transition_not_allowed');
    await act(leaderD1, task.id, 'cancel', { version: 2, reason: 'Giao nhầm đơn vị.' }).expect(200);
    expect(codeOf(await act(wardLeader1, task.id, 'start', { version: 3 }))).toBe(
      '409 task/transition_not_allowed',
    );
  });

  it('lets exactly one of two people acting on the same task at once win', async () => {
    const task = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id }));
    const deputy = await person(t, [{ unit: org.w1, role: 'deputy_leader' }]);
    const results = await Promise.all([
      act(wardLeader1, task.id, 'accept', { version: 1 }),
      act(deputy, task.id, 'return', { version: 1, reason: 'Đề nghị giao phòng chuyên môn.' }),
      act(leaderD1, task.id, 'cancel', { version: 1, reason: 'Thu hồi nhiệm vụ.' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const final = await detail(leaderD1, task.id);
    expect(final.version).toBe(2);
    const changes: { count: string }[] = await t.ds.query(
      "SELECT count(*) FROM audit_entries WHERE subject_id = $1 AND action <> 'task.assign'",
      [task.id],
    );
    expect(Number(changes[0].count)).toBe(1);
  });

  it('makes one task of a retried request with the same Idempotency-Key', async () => {
    const content = assignment(d1, { unitId: org.w2.id });
    const key = { 'Idempotency-Key': `retry-${content.nonce}` };
    const [a, b] = await Promise.all([assign(t, d1, content, key), assign(t, d1, content, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const other = assignment(d1, { unitId: org.w2.id });
    expect(codeOf(await assign(t, d1, other, key))).toBe('409 task/idempotency_conflict');
  });

  it('keeps assignees within reach: a district leader in its wards, an official in its own unit', async () => {
    expect(codeOf(await assign(t, d1, assignment(d1, { unitId: org.w3.id })))).toBe(
      '403 task/assignee_outside_reach',
    );
    expect(codeOf(await assign(t, d1, assignment(d1, { unitId: org.city.id })))).toBe(
      '403 task/assignee_outside_reach',
    );
    expect(
      codeOf(
        await assign(t, d1, assignment(d1, { unitId: org.w1.id }, { informed: [{ unitId: org.w3.id }] })),
      ),
    ).toBe('403 task/assignee_outside_reach');
    expect(codeOf(await assign(t, d1, assignment(d1, { unitId: org.w2.id, userId: official1.id })))).toBe(
      '422 task/person_not_in_unit',
    );
    expect(
      codeOf(
        await assign(t, d1, assignment(d1, { unitId: org.w1.id }, { coordinators: [{ unitId: org.w1.id }] })),
      ),
    ).toBe('422 task/duplicate_party');
    const off = await enrol(t, official1);
    const colleague = await person(t, [{ unit: org.w1, role: 'official' }]);
    await assignOk(t, off, assignment(off, { unitId: org.w1.id, userId: colleague.id }));
    expect(codeOf(await assign(t, off, assignment(off, { unitId: org.team1.id })))).toBe(
      '403 task/assignee_outside_reach',
    );
    const clerk = await person(t, [{ unit: org.w1, role: 'clerk' }]);
    const clerkSigner = await enrol(t, clerk);
    expect(codeOf(await assign(t, clerkSigner, assignment(clerkSigner, { unitId: org.w1.id })))).toBe(
      '403 access/forbidden',
    );
  });

  it('delegates down the tree: sub-tasks signed by the lead unit’s leader, progress derived, chain visible both ways', async () => {
    const parent = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id }));
    const w1 = await enrol(t, wardLeader1);
    const sub = (lead: { unitId: string; userId?: string }) =>
      assignment(w1, lead, { source: { type: 'task', id: parent.id }, deadline: parent.deadline });
    expect(codeOf(await assign(t, w1, sub({ unitId: org.team1.id })))).toBe('409 task/parent_not_active');
    await act(wardLeader1, parent.id, 'accept', { version: 1 }).expect(200);
    const a = await assignOk(t, w1, sub({ unitId: org.team1.id }));
    const b = await assignOk(t, w1, sub({ unitId: org.w1.id, userId: official1.id }));
    expect(a.parentId).toBe(parent.id);
    // Only the parent's lead may split it.
    const w2 = await enrol(t, wardLeader2);
    expect(
      codeOf(
        await assign(
          t,
          w2,
          assignment(w2, { unitId: org.w2.id }, { source: { type: 'task', id: parent.id } }),
        ),
      ),
    ).toBe('403 task/not_parent_lead');
    await act(official1, b.id, 'accept', { version: 1 }).expect(200);
    await act(official1, b.id, 'reports', { version: 2, percent: 60, text: 'Đã làm 60%.' }).expect(200);
    // (a: 0, b: 60) → parent 30
    expect((await detail(leaderD1, parent.id)).progress).toBe(30);
    const teamLeader = await person(t, [{ unit: org.team1, role: 'leader' }]);
    await act(teamLeader, a.id, 'accept', { version: 1 }).expect(200);
    await act(teamLeader, a.id, 'submit', { version: 2, text: 'Xong.' }).expect(200);
    await act(wardLeader1, a.id, 'complete', { version: 3 }).expect(200);
    const parentNow = await detail(leaderD1, parent.id);
    expect(parentNow.progress).toBe(80);
    expect(parentNow.children.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    // The chain up, as far as each viewer may see: the ward leader leads the parent, the
    // official (who leads only the sub-task) does not see the parent at all.
    expect((await detail(wardLeader1, b.id)).chain.map((c) => c.id)).toEqual([parent.id]);
    expect((await detail(official1, b.id)).chain).toEqual([]);
    await t.http().get(`/tasks/${parent.id}`).set(official1.auth).expect(404);
    // The district leader follows the sub-tasks of its ward too.
    await t.http().get(`/tasks/${b.id}`).set(leaderD1.auth).expect(200);
    // A coordinating ward sees the task it helps with, not the lead ward's own split of it.
    const shared = await assignOk(
      t,
      d1,
      assignment(d1, { unitId: org.w1.id }, { coordinators: [{ unitId: org.w2.id }] }),
    );
    await act(wardLeader1, shared.id, 'accept', { version: 1 }).expect(200);
    const inside = await subTaskOf(w1, shared, { unitId: org.team1.id });
    expect((await detail(wardLeader1, shared.id)).children.map((c) => c.id)).toEqual([inside.id]);
    expect((await detail(wardLeader2, shared.id)).children).toEqual([]);
    await t.http().get(`/tasks/${inside.id}`).set(wardLeader2.auth).expect(404);
  });

  /** A sub-task of `parent`, signed by its lead unit's leader, due with the parent. */
  const subTaskOf = (
    signer: Awaited<ReturnType<typeof enrol>>,
    parent: TaskSummary,
    lead: { unitId: string; userId?: string },
  ) =>
    assignOk(
      t,
      signer,
      assignment(signer, lead, { source: { type: 'task', id: parent.id }, deadline: parent.deadline }),
    );

  it("keeps a parent's progress right when its sub-tasks report at the same moment", async () => {
    const parent = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id }));
    await act(wardLeader1, parent.id, 'accept', { version: 1 }).expect(200);
    const w1 = await enrol(t, wardLeader1);
    const teamLeader = await person(t, [{ unit: org.team1, role: 'leader' }]);
    const subs: TaskSummary[] = [];
    for (let i = 0; i < 6; i++) {
      const sub = await subTaskOf(w1, parent, { unitId: org.team1.id });
      await act(teamLeader, sub.id, 'accept', { version: 1 }).expect(200);
      subs.push(sub);
    }
    const percents = [10, 20, 30, 40, 50, 90];
    await Promise.all(
      subs.map((sub, i) =>
        act(teamLeader, sub.id, 'reports', { version: 2, percent: percents[i], text: 'Tiến độ.' }).expect(
          200,
        ),
      ),
    );
    expect((await detail(leaderD1, parent.id)).progress).toBe(40); // the mean of 10 … 90
  });

  it('lists my tasks, those I assigned and my unit’s, filtered and paginated; nobody sees across branches', async () => {
    const lead3 = await person(t, [{ unit: org.w1, role: 'official' }]);
    const created: TaskSummary[] = [];
    for (let i = 0; i < 3; i++)
      created.push(
        await assignOk(
          t,
          d1,
          assignment(
            d1,
            { unitId: org.w1.id, userId: lead3.id },
            { deadline: new Date(Date.now() + (i + 1) * 86_400_000).toISOString() },
          ),
        ),
      );
    await act(lead3, created[0].id, 'accept', { version: 1 }).expect(200);
    const list = (who: SignedIn, query: Record<string, string | number | boolean>) =>
      t
        .http()
        .get('/tasks')
        .set(who.auth)
        .query(query)
        .expect(200)
        .then((r) => r.body as { items: TaskSummary[]; total: number });
    const mine = await list(lead3, { pageSize: 2 });
    expect(mine.total).toBe(3);
    expect(mine.items.map((i) => i.id)).toEqual([created[0].id, created[1].id]);
    expect((await list(lead3, { pageSize: 2, page: 2 })).items.map((i) => i.id)).toEqual([created[2].id]);
    expect((await list(lead3, { state: 'accepted' })).items.map((i) => i.id)).toEqual([created[0].id]);
    expect((await list(lead3, { role: 'informed' })).total).toBe(0);
    expect((await list(lead3, { deadlineTo: created[1].deadline })).total).toBe(1);
    const assignedByMe = await list(leaderD1, { scope: 'assigned', pageSize: 100 });
    expect(created.every((c) => assignedByMe.items.some((i) => i.id === c.id))).toBe(true);
    // A unit's tasks are for those who follow the unit: its leader sees them all, a colleague
    // only the ones they hold a role in.
    const unit = await list(wardLeader1, { scope: 'unit', pageSize: 100 });
    expect(created.every((c) => unit.items.some((i) => i.id === c.id))).toBe(true);
    const colleague = await list(official1, { scope: 'unit', pageSize: 100 });
    expect(colleague.items.some((i) => created.some((c) => c.id === i.id))).toBe(false);
    await t.http().get('/tasks').set(official1.auth).query({ scope: 'unit', unitId: org.w1.id }).expect(403);
    // Across branches: nothing listed, nothing readable.
    expect(
      (await list(official3, { scope: 'unit', pageSize: 100 })).items.some((i) =>
        created.some((c) => c.id === i.id),
      ),
    ).toBe(false);
    await t.http().get(`/tasks/${created[0].id}`).set(official3.auth).expect(404);
    await t.http().get(`/tasks/${created[0].id}`).set(leaderD2.auth).expect(404);
    await t.http().get(`/tasks/${created[0].id}/signature`).set(leaderD2.auth).expect(404);
    await t.http().get('/tasks').set(official3.auth).query({ scope: 'unit', unitId: org.w1.id }).expect(403);
    await t.http().get('/tasks').set(official3.auth).query({ state: 'nope' }).expect(400);
  });

  it('lets an extension request lapse when the task moves on, and refuses an outdated one', async () => {
    const task = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id }));
    let v = (await act(wardLeader1, task.id, 'accept', { version: 1 }).expect(200)).body.version as number;
    const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    v = (
      await act(wardLeader1, task.id, 'extension', {
        version: v,
        deadline: later(3),
        reason: 'Chờ số liệu.',
      }).expect(200)
    ).body.version;
    // Asked for a date that has passed by the time the assigner decides: refused, not applied.
    await t.ds.query(
      "UPDATE task_extensions SET requested_deadline = now() - interval '1 hour' WHERE task_id = $1",
      [task.id],
    );
    expect(codeOf(await act(leaderD1, task.id, 'extension/approve', { version: v }))).toBe(
      '409 task/extension_outdated',
    );
    v = (await act(leaderD1, task.id, 'extension/refuse', { version: v, note: 'Đề nghị lại.' }).expect(200))
      .body.version;
    v = (
      await act(wardLeader1, task.id, 'extension', {
        version: v,
        deadline: later(4),
        reason: 'Lần 2.',
      }).expect(200)
    ).body.version;
    // Submitting lets the pending request lapse; after a reopen the lead may ask again.
    v = (await act(wardLeader1, task.id, 'submit', { version: v, text: 'Xong.' }).expect(200)).body.version;
    v = (
      await act(leaderD1, task.id, 'reopen', { version: v, reason: 'Bổ sung.', deadline: later(2) }).expect(
        200,
      )
    ).body.version;
    await act(wardLeader1, task.id, 'extension', { version: v, deadline: later(5), reason: 'Lần 3.' }).expect(
      200,
    );
    const states = (await detail(leaderD1, task.id)).extensions.map((e) => e.state);
    expect(states).toEqual(['refused', 'withdrawn', 'pending']);
  });

  it('refuses a certificate whose position moved to another unit', async () => {
    const signer = await person(t, [{ unit: org.w1, role: 'leader' }]);
    const cert = await enrol(t, signer);
    await assignOk(t, cert, assignment(cert, { unitId: org.w1.id }));
    const admin = await person(t, [{ unit: org.d1, role: 'unit_admin' }]);
    const [{ version }]: { version: number }[] = await t.ds.query('SELECT version FROM users WHERE id = $1', [
      signer.id,
    ]);
    await t
      .http()
      .post(`/admin/people/${signer.id}/move`)
      .set(admin.auth)
      .send({ fromUnitId: org.w1.id, toUnitId: org.w2.id, version })
      .expect(200);
    // Same position id, another unit: the certificate names w1, so it no longer signs.
    const refreshed = await t
      .http()
      .post('/auth/sign-in')
      .send({ username: signer.username, password: 'MatKhau@123' })
      .expect(200);
    const moved = {
      ...cert,
      who: { ...signer, auth: { Authorization: `Bearer ${refreshed.body.accessToken}` } },
    };
    expect(codeOf(await assign(t, moved, assignment(moved, { unitId: org.w2.id })))).toBe(
      '403 signature/position_not_held',
    );
  });

  it('derives the parent’s progress only from live sub-tasks', async () => {
    const parent = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id }));
    const pv = (await act(wardLeader1, parent.id, 'accept', { version: 1 }).expect(200)).body
      .version as number;
    await act(wardLeader1, parent.id, 'reports', { version: pv, percent: 20, text: 'Bắt đầu.' }).expect(200);
    const w1 = await enrol(t, wardLeader1);
    const child = await assignOk(
      t,
      w1,
      assignment(
        w1,
        { unitId: org.team1.id },
        { source: { type: 'task', id: parent.id }, deadline: parent.deadline },
      ),
    );
    // A new sub-task at 0 % pulls the parent to 0 …
    expect((await detail(leaderD1, parent.id)).progress).toBe(0);
    const teamLeader = await person(t, [{ unit: org.team1, role: 'leader' }]);
    await act(teamLeader, child.id, 'return', { version: 1, reason: 'Không đủ nhân lực.' }).expect(200);
    // … a returned one no longer counts, and the lead's own reports count again.
    expect((await detail(leaderD1, parent.id)).progress).toBe(0);
    await act(wardLeader1, parent.id, 'reports', {
      version: (await detail(leaderD1, parent.id)).version,
      percent: 35,
      text: 'Tự làm.',
    }).expect(200);
    expect((await detail(leaderD1, parent.id)).progress).toBe(35);
  });

  it('takes a directive as the source of a task for its signer, its recipients and leaders above its issuing unit only', async () => {
    const issued = await t
      .http()
      .post('/directives')
      .set(leaderD1.auth)
      .send({
        issuingUnitId: org.d1.id,
        type: 'CT',
        subject: 'Kiểm tra công tác phòng chống bão',
        body: 'Các phường báo cáo phương án sơ tán.',
        urgency: 1,
        targets: [{ unitId: org.w1.id, roles: ['leader'] }],
        ackDueAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .expect(201);
    const source = { type: 'directive' as const, id: (issued.body as { id: string }).id };
    const fromDirective = (signer: Signer, lead: { unitId: string; userId?: string }) =>
      assign(t, signer, assignment(signer, lead, { source }));
    // Its signer, and a recipient.
    expect((await fromDirective(d1, { unitId: org.w2.id })).status).toBe(201);
    const w1 = await enrol(t, wardLeader1);
    expect((await fromDirective(w1, { unitId: org.w1.id, userId: official1.id })).status).toBe(201);
    // A leader above the issuing unit, though not a recipient.
    const cityLeader = await enrol(t, await person(t, [{ unit: org.city, role: 'leader' }]));
    expect((await fromDirective(cityLeader, { unitId: org.d2.id })).status).toBe(201);
    // Neither a leader of another branch nor one of a ward it was not sent to.
    expect(codeOf(await fromDirective(await enrol(t, leaderD2), { unitId: org.w3.id }))).toBe(
      '422 task/source_not_found',
    );
    expect(codeOf(await fromDirective(await enrol(t, wardLeader2), { unitId: org.w2.id }))).toBe(
      '422 task/source_not_found',
    );
    const unknown = { type: 'directive' as const, id: '00000000-0000-4000-8000-000000000000' };
    expect(codeOf(await assign(t, d1, assignment(d1, { unitId: org.w1.id }, { source: unknown })))).toBe(
      '422 task/source_not_found',
    );
  });
});
