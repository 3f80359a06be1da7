import { NestFactory } from '@nestjs/core';
import type { BriefingView } from '@lt/briefings';
import { BriefingReminders } from '@lt/briefings';
import type { FeedEnvelope } from '@lt/realtime';
import type { TaskSummary } from '@lt/tasks';
import { LtClientSocket } from '../libs/realtime/src/client/feed-client';
import { createVerify, webcrypto, X509Certificate } from 'node:crypto';
import { signContent } from '../libs/signing/src/client/content-signer';
import { TimedRulesService } from '../apps/worker/src/timed-rules.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { assign, assignment, enrol, Signer } from './support/signing';
import { connect, nextEvent, waitFor } from './support/sockets';
import { addUnit, buildOrg, codeOf, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

type Reply = { status: number; body: { code?: string } & Record<string, unknown> };
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('electronic weekly briefing (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let w4: Org['w1'];
  let chairD1: SignedIn; // opens the district's briefing
  let deputyD1: SignedIn;
  let chairCity: SignedIn; // reads everything below
  let leaderW1: SignedIn;
  let leaderW2: SignedIn;
  let leaderW4: SignedIn;
  let headD1: SignedIn; // a named person of the district who reports too
  let officialW1: SignedIn; // of a reporting ward, but not its leader
  let leaderW3: SignedIn; // a ward of the other district
  let leaderD2: SignedIn;
  let outsider: SignedIn; // an official of the other district
  let chair: Signer;
  let deputy: Signer;
  const sockets: LtClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50', LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    w4 = await addUnit(t, 'ward', 'Phường Phước Mỹ', org.d1);
    chairD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    deputyD1 = await person(t, [{ unit: org.d1, role: 'deputy_leader' }]);
    chairCity = await person(t, [{ unit: org.city, role: 'leader' }]);
    leaderW1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    leaderW2 = await person(t, [{ unit: org.w2, role: 'leader' }]);
    leaderW4 = await person(t, [{ unit: w4, role: 'leader' }]);
    headD1 = await person(t, [{ unit: org.d1, role: 'official' }]);
    officialW1 = await person(t, [{ unit: org.w1, role: 'official' }]);
    leaderW3 = await person(t, [{ unit: org.w3, role: 'leader' }]);
    leaderD2 = await person(t, [{ unit: org.d2, role: 'leader' }]);
    outsider = await person(t, [{ unit: org.d2, role: 'official' }]);
    chair = await enrol(t, chairD1);
    deputy = await enrol(t, deputyD1);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  const listen = async (who: SignedIn) => {
    const socket = await connect(t.url, who.token);
    sockets.push(socket);
    return socket;
  };
  const hear = (socket: LtClientSocket, name: string, accept: (e: FeedEnvelope) => boolean = () => true) => {
    const heard = nextEvent<FeedEnvelope>(socket, 'feed.event', (e) => e.name === name && accept(e), 8000);
    // Awaited by the test; a test failing earlier must not leave it unhandled.
    heard.catch(() => undefined);
    return heard;
  };

  const open = (who: SignedIn, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.http().post('/briefings').set(who.auth).set(headers).send(body);
  const openOk = async (who: SignedIn, body: Record<string, unknown>) => {
    const r = await open(who, body);
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as BriefingView;
  };
  const get = (who: SignedIn, id: string) => t.http().get(`/briefings/${id}`).set(who.auth);
  const reporterOf = (b: BriefingView, match: { unitId?: string; userId?: string }) =>
    b.reporters.find((r) =>
      match.userId ? r.user?.id === match.userId : r.unit.id === match.unitId && !r.user,
    )!;
  const report = (
    done: (string | { id: string; text: string })[],
    plan: (string | { id: string; text: string })[],
    issues: (string | { id: string; text: string })[] = [],
    version?: number,
  ) => {
    // Items kept from an earlier submission go back as { id, text } only.
    const items = (list: typeof done) =>
      list.map((x) => (typeof x === 'string' ? { text: x } : { id: x.id, text: x.text }));
    return { ...(version ? { version } : {}), done: items(done), plan: items(plan), issues: items(issues) };
  };
  const submit = (who: SignedIn, briefingId: string, reporterId: string, body: object) =>
    t.http().put(`/briefings/${briefingId}/reporters/${reporterId}/report`).set(who.auth).send(body);
  const comment = (
    who: SignedIn,
    briefingId: string,
    itemId: string,
    text: string,
    headers: Record<string, string> = {},
  ) =>
    t
      .http()
      .post(`/briefings/${briefingId}/items/${itemId}/comments`)
      .set(who.auth)
      .set(headers)
      .send({ text });
  const itemTask = async (
    signer: Signer,
    briefingId: string,
    itemId: string,
    lead: { unitId: string },
    overrides: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => {
    const content = {
      ...assignment(signer, lead, { title: 'Đẩy nhanh tiến độ giải phóng mặt bằng tuyến ven biển' }),
      source: { type: 'briefing', id: itemId },
      ...overrides,
    };
    return t
      .http()
      .post(`/briefings/${briefingId}/items/${itemId}/task`)
      .set(signer.who.auth)
      .set(headers)
      .send({
        content,
        signature: await signContent(webcrypto.subtle, signer.keys.privateKey, content),
        certificateId: signer.certificateId,
      });
  };

  // Each test opens the briefings it needs. One briefing per unit and week: the fixtures take
  // weeks of their own from eight weeks ahead, clear of the dates the tests name themselves.
  let weeksAhead = 8;
  const nextMeetingAt = () => Date.now() + weeksAhead++ * 7 * DAY;
  const W1_REPORT = report(
    [
      'Hoàn thành ra quân tổng vệ sinh môi trường các tuyến kiệt, hẻm',
      'Tiếp nhận 45 hồ sơ hành chính, giải quyết đúng hạn 100%',
    ],
    ['Kiểm tra trật tự xây dựng trên địa bàn tổ 12, 13'],
    ['Đề nghị Quận hỗ trợ kinh phí sửa chữa nhà văn hóa tổ 5'],
  );
  const HEAD_REPORT = report(['Tổng hợp báo cáo tháng của các phường'], ['Chuẩn bị hội nghị sơ kết quý']);
  const W2_REPORT = report(
    ['Vận động 12 hộ dân bàn giao mặt bằng'],
    ['Tổ chức đối thoại với các hộ còn lại'],
    ['Tiến độ giải phóng mặt bằng tuyến đường ven biển còn chậm do vướng giá đền bù'],
  );
  /**
   * The district's briefing with its reports in: ward 1 (two items done, a plan, an issue) and
   * the named person on time, then ward 2 (with an issue). With `late`, the cut-off passes before
   * ward 2 reports, so ward 2 is late and ward 4 missing; otherwise the cut-off is a day before
   * the meeting and ward 4 still pending.
   */
  const reportedBriefing = async ({ late }: { late: boolean }) => {
    const meetingAt = nextMeetingAt();
    const cutoffAt = late ? Date.now() + 2500 : meetingAt - DAY;
    const b = await openOk(chairD1, {
      unitId: org.d1.id,
      title: `Giao ban tuần — Quận Một ${new Date(meetingAt).toISOString().slice(0, 10)}`,
      meetingAt: new Date(meetingAt).toISOString(),
      cutoffAt: new Date(cutoffAt).toISOString(),
      people: [headD1.id],
    });
    await submit(leaderW1, b.id, reporterOf(b, { unitId: org.w1.id }).id, W1_REPORT).expect(200);
    await submit(headD1, b.id, reporterOf(b, { userId: headD1.id }).id, HEAD_REPORT).expect(200);
    if (late) await waitFor(() => Date.now() > cutoffAt + 100, 10_000, 'the cut-off');
    await submit(leaderW2, b.id, reporterOf(b, { unitId: org.w2.id }).id, W2_REPORT).expect(200);
    return (await get(chairD1, b.id).expect(200)).body as BriefingView;
  };
  const W2_ISSUE_COMMENT = 'Phường khẩn trương đối thoại với các hộ dân, báo cáo trước thứ Sáu.';
  const CONCLUSION =
    'Kết luận: các phường tập trung đẩy nhanh tiến độ giải phóng mặt bằng; phường Phước Mỹ nghiêm túc rút kinh nghiệm vì chưa nộp báo cáo.';
  const close = (who: SignedIn, b: Pick<BriefingView, 'id' | 'version'>, conclusion = CONCLUSION) =>
    t.http().post(`/briefings/${b.id}/close`).set(who.auth).send({ version: b.version, conclusion });

  it('opens the week’s briefing for the district: its wards and a named person report, the others hear of it live', async () => {
    const w2Socket = await listen(leaderW2);
    const deputySocket = await listen(deputyD1);
    const title = `Giao ban tuần — Quận Một ${Date.now()}`;
    const w2Hears = hear(
      w2Socket,
      'briefing.opened',
      (e) => (e.payload as { briefing: { title: string } }).briefing.title === title,
    );
    const deputyHears = hear(deputySocket, 'briefing.opened');
    const cutoff = Date.now() + 5000;
    const briefing = await openOk(chairD1, {
      unitId: org.d1.id,
      title,
      meetingAt: later(2 * HOUR),
      cutoffAt: new Date(cutoff).toISOString(),
      people: [headD1.id],
    });
    expect(briefing).toMatchObject({
      unit: { id: org.d1.id, name: 'Quận Một' },
      state: 'open',
      conclusion: null,
      version: 1,
      week: expect.stringMatching(/^\d{4}-W\d{2}$/),
      allowedActions: ['comment', 'assign', 'close'],
      counts: { expected: 4, onTime: 0, late: 0, missing: 0, pending: 4 },
    });
    // Every active ward directly below (in name order), then the named person.
    expect(briefing.reporters.map((r) => [r.unit.id, r.user?.id ?? null])).toEqual([
      [org.w1.id, null],
      [org.w2.id, null],
      [w4.id, null],
      [org.d1.id, headD1.id],
    ]);
    expect(briefing.reporters.every((r) => r.status === 'pending' && !r.canSubmit && r.report === null)).toBe(
      true,
    );
    const opened = await w2Hears;
    expect(opened.payload).toMatchObject({
      briefing: { id: briefing.id, cutoffAt: new Date(cutoff).toISOString() },
      by: { id: chairD1.id },
    });
    expect((await deputyHears).payload).toMatchObject({ briefing: { id: briefing.id } });
    // The ward leader sees it as theirs to report.
    const mine = (await get(leaderW2, briefing.id).expect(200)).body as BriefingView;
    expect(reporterOf(mine, { unitId: org.w2.id }).canSubmit).toBe(true);
    expect(reporterOf(mine, { unitId: org.w1.id }).canSubmit).toBe(false);
    expect(mine.allowedActions).toEqual([]);
  });

  it('refuses a second briefing for the same unit and week with a clear 409', async () => {
    const briefing = await openOk(chairD1, {
      unitId: org.d1.id,
      title: 'Giao ban tuần',
      meetingAt: new Date(nextMeetingAt()).toISOString(),
      cutoffAt: later(HOUR),
    });
    const again = await open(chairD1, {
      unitId: org.d1.id,
      title: 'Giao ban lần hai',
      meetingAt: briefing.meetingAt,
      cutoffAt: later(HOUR),
    });
    expect(codeOf(again)).toBe('409 briefing/week_taken');
    expect(again.body).toMatchObject({
      message: { vi: expect.stringContaining('tuần'), en: expect.stringContaining('week') },
      details: { briefingId: briefing.id, week: briefing.week },
    });
  });

  it('takes reports from the expected reporters only: on time, then late after the cut-off', async () => {
    const cutoff = Date.now() + 3000;
    const briefing = await openOk(chairD1, {
      unitId: org.d1.id,
      title: 'Giao ban tuần — nộp báo cáo',
      meetingAt: new Date(nextMeetingAt()).toISOString(),
      cutoffAt: new Date(cutoff).toISOString(),
      people: [headD1.id],
    });
    const chairSocket = await listen(chairD1);
    const w1Id = reporterOf(briefing, { unitId: org.w1.id }).id;
    const w2Id = reporterOf(briefing, { unitId: org.w2.id }).id;
    const headId = reporterOf(briefing, { userId: headD1.id }).id;
    const submitted = hear(
      chairSocket,
      'briefing.submitted',
      (e) => (e.payload as { reporter: { id: string } }).reporter.id === w1Id,
    );
    const w1 = await submit(
      leaderW1,
      briefing.id,
      w1Id,
      report(
        [
          'Hoàn thành ra quân tổng vệ sinh môi trường các tuyến kiệt, hẻm',
          'Tiếp nhận 45 hồ sơ hành chính, giải quyết đúng hạn 100%',
        ],
        ['Kiểm tra trật tự xây dựng trên địa bàn tổ 12, 13'],
        ['Đề nghị Quận hỗ trợ kinh phí sửa chữa nhà văn hóa tổ 5'],
      ),
    ).expect(200);
    expect(reporterOf(w1.body as BriefingView, { unitId: org.w1.id })).toMatchObject({
      status: 'on_time',
      report: { version: 1, late: false, submittedBy: { id: leaderW1.id } },
    });
    expect((await submitted).payload).toMatchObject({
      briefing: { id: briefing.id },
      reporter: { id: w1Id, unit: { id: org.w1.id }, user: null },
      version: 1,
      late: false,
      by: { id: leaderW1.id },
    });
    await submit(
      headD1,
      briefing.id,
      headId,
      report(['Tổng hợp báo cáo tháng của các phường'], ['Chuẩn bị hội nghị sơ kết quý']),
    ).expect(200);

    // Others may not submit for a reporter: a ward leader for another ward, an official of the
    // ward itself, and not even the district chairman.
    const body = report(['Một việc'], ['Một kế hoạch']);
    expect(codeOf(await submit(leaderW1, briefing.id, w2Id, body))).toBe('403 briefing/not_reporter');
    expect(codeOf(await submit(chairD1, briefing.id, w2Id, body))).toBe('403 briefing/not_reporter');
    // To someone who may not read the briefing, it does not exist.
    expect(codeOf(await submit(officialW1, briefing.id, w1Id, body))).toBe('404 briefing/not_found');
    expect(codeOf(await submit(leaderW3, briefing.id, w2Id, body))).toBe('404 briefing/not_found');
    // A reporter of another briefing is no reporter of this one.
    expect(codeOf(await submit(leaderW2, briefing.id, '00000000-0000-4000-8000-000000000000', body))).toBe(
      '404 briefing/reporter_not_found',
    );

    // After the cut-off: accepted, marked late. Ward 4 never reports: missing.
    await waitFor(() => Date.now() > cutoff + 100, 10_000, 'the cut-off');
    const lateHeard = hear(
      chairSocket,
      'briefing.submitted',
      (e) => (e.payload as { reporter: { id: string } }).reporter.id === w2Id,
    );
    const w2 = await submit(
      leaderW2,
      briefing.id,
      w2Id,
      report(
        ['Vận động 12 hộ dân bàn giao mặt bằng'],
        ['Tổ chức đối thoại với các hộ còn lại'],
        ['Tiến độ giải phóng mặt bằng tuyến đường ven biển còn chậm do vướng giá đền bù'],
      ),
    ).expect(200);
    const view = w2.body as BriefingView;
    expect(reporterOf(view, { unitId: org.w2.id })).toMatchObject({ status: 'late', report: { late: true } });
    expect((await lateHeard).payload).toMatchObject({ late: true, version: 1 });
    expect(view.counts).toEqual({
      expected: 4,
      onTime: 2,
      late: 1,
      missing: 1,
      pending: 0,
      revisedAfterCutoff: 0,
    });
    expect(reporterOf(view, { unitId: w4.id })).toMatchObject({ status: 'missing', report: null });
    // Times are shown with each status.
    expect(
      new Date(reporterOf(view, { unitId: org.w1.id }).report!.firstSubmittedAt).getTime(),
    ).toBeLessThanOrEqual(cutoff);
    expect(
      new Date(reporterOf(view, { unitId: org.w2.id }).report!.firstSubmittedAt).getTime(),
    ).toBeGreaterThan(cutoff);
  });

  it('lets a reporter resubmit against its version, keeps the earlier text in the audit log, and answers a stale version with 409', async () => {
    const briefing = await reportedBriefing({ late: true });
    const w1 = reporterOf(briefing, { unitId: org.w1.id });
    const [first, second] = w1.report!.done;
    const plan = w1.report!.plan[0];
    // Keep the first item (by id), correct the second, drop the plan item for a new one.
    const v2 = await submit(
      leaderW1,
      briefing.id,
      w1.id,
      report(
        [first, { id: second.id, text: 'Tiếp nhận 46 hồ sơ hành chính, giải quyết đúng hạn 100%' }],
        ['Kiểm tra trật tự xây dựng tổ 12, 13 và 14'],
        [],
        1,
      ),
    ).expect(200);
    const after = reporterOf(v2.body as BriefingView, { unitId: org.w1.id });
    // Late or not is judged by the first submission: a correction after the cut-off stays on time.
    expect(after).toMatchObject({ status: 'on_time', report: { version: 2, late: false } });
    expect(after.report!.done.map((i) => i.id)).toEqual([first.id, second.id]);
    expect(after.report!.done[1].text).toContain('46 hồ sơ');
    expect(after.report!.plan.map((i) => i.id)).not.toContain(plan.id);
    expect(after.report!.issues).toEqual([]);

    const [audit]: { before: { done: string[]; issues: string[]; version: number } }[] = await t.ds.query(
      `SELECT before FROM audit_entries WHERE action = 'briefing.resubmit' AND subject_id = $1`,
      [after.report!.id],
    );
    expect(audit.before.version).toBe(1);
    expect(audit.before.done).toContain('Tiếp nhận 45 hồ sơ hành chính, giải quyết đúng hạn 100%');
    expect(audit.before.issues).toEqual(['Đề nghị Quận hỗ trợ kinh phí sửa chữa nhà văn hóa tổ 5']);

    // A stale version, or none where a report exists: 409.
    const stale = await submit(leaderW1, briefing.id, w1.id, report(['Khác'], ['Khác'], [], 1));
    expect(codeOf(stale)).toBe('409 request/conflict_version');
    expect(stale.body.details).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect(codeOf(await submit(leaderW1, briefing.id, w1.id, report(['Khác'], ['Khác'])))).toBe(
      '409 request/conflict_version',
    );
    // Two resubmissions racing on the same version: one wins.
    const racing = await Promise.all([
      submit(leaderW1, briefing.id, w1.id, report([first, second], ['Phương án A'], [], 2)),
      submit(leaderW1, briefing.id, w1.id, report([first, second], ['Phương án B'], [], 2)),
    ]);
    expect(racing.map(codeOf).sort()).toEqual(['200 undefined', '409 request/conflict_version']);
    const latest = (await get(chairD1, briefing.id).expect(200)).body as BriefingView;
    expect(reporterOf(latest, { unitId: org.w1.id }).report!.version).toBe(3);
  });

  it('lets the unit’s leaders comment per item, tells the reporter, and then keeps the item fixed', async () => {
    const briefing = await reportedBriefing({ late: false });
    const w2 = reporterOf(briefing, { unitId: org.w2.id });
    const issue = w2.report!.issues[0];
    const w2Socket = await listen(leaderW2);
    const told = hear(w2Socket, 'briefing.commented');
    const r = await comment(chairD1, briefing.id, issue.id, W2_ISSUE_COMMENT).expect(201);
    expect(r.body).toMatchObject({
      itemId: issue.id,
      author: { id: chairD1.id },
      text: expect.stringContaining('thứ Sáu'),
    });
    expect((await told).payload).toMatchObject({
      briefing: { id: briefing.id },
      reporter: { id: w2.id },
      item: { id: issue.id, section: 'issues' },
      comment: { author: { id: chairD1.id } },
    });
    await comment(deputyD1, briefing.id, issue.id, 'Phòng Tài nguyên – Môi trường phối hợp.').expect(201);

    // Reporters and leaders above read comments; they may not write them.
    expect(codeOf(await comment(leaderW2, briefing.id, issue.id, 'Xin ý kiến'))).toBe(
      '403 briefing/not_unit_leader',
    );
    expect(codeOf(await comment(chairCity, briefing.id, issue.id, 'Ý kiến'))).toBe(
      '403 briefing/not_unit_leader',
    );
    expect(codeOf(await comment(leaderW3, briefing.id, issue.id, 'Ý kiến'))).toBe('404 briefing/not_found');
    expect(codeOf(await comment(outsider, briefing.id, issue.id, 'Ý kiến'))).toBe('403 access/forbidden');

    const view = (await get(leaderW2, briefing.id).expect(200)).body as BriefingView;
    const item = reporterOf(view, { unitId: org.w2.id }).report!.issues[0];
    expect(item.comments.map((c) => c.author.id)).toEqual([chairD1.id, deputyD1.id]);
    expect(item.locked).toBe(true);

    // A commented item may be kept as it is, not changed or dropped.
    const keep = report(w2.report!.done, w2.report!.plan, [issue], w2.report!.version);
    const changed = report(
      w2.report!.done,
      w2.report!.plan,
      [{ id: issue.id, text: 'Đã sửa' }],
      w2.report!.version,
    );
    const dropped = report(w2.report!.done, w2.report!.plan, ['Một vướng mắc khác'], w2.report!.version);
    expect(codeOf(await submit(leaderW2, briefing.id, w2.id, changed))).toBe('409 briefing/item_locked');
    expect(codeOf(await submit(leaderW2, briefing.id, w2.id, dropped))).toBe('409 briefing/item_locked');
    await submit(leaderW2, briefing.id, w2.id, keep).expect(200);
  });

  it('turns an item into a signed task in one action; the lead hears of it; twice is a 409', async () => {
    const briefing = await reportedBriefing({ late: false });
    const w2 = reporterOf(briefing, { unitId: org.w2.id });
    const issue = w2.report!.issues[0];
    const w2Socket = await listen(leaderW2);
    const leadHears = hear(
      w2Socket,
      'task.changed',
      (e) => (e.payload as { task: TaskSummary }).task.source?.id === issue.id,
    );
    const key = { 'Idempotency-Key': `briefing-task-${Date.now()}` };
    const r = await itemTask(chair, briefing.id, issue.id, { unitId: org.w2.id }, {}, key);
    expect(r.status).toBe(201);
    const { task } = r.body as { itemId: string; task: TaskSummary & { signatureId: string } };
    expect(r.body).toMatchObject({ itemId: issue.id });
    expect(task).toMatchObject({
      state: 'assigned',
      source: { type: 'briefing', id: issue.id },
      lead: { unit: { id: org.w2.id } },
      assigner: { id: chairD1.id, unitId: org.d1.id },
    });
    expect((await leadHears).payload).toMatchObject({ action: 'assign', task: { id: task.id } });

    // The task is a real, signed task: it reads like any other and its signature verifies.
    const stored = (await t.http().get(`/tasks/${task.id}`).set(leaderW2.auth).expect(200))
      .body as TaskSummary;
    expect(stored.source).toEqual({ type: 'briefing', id: issue.id });
    // The lead finds where it came from; someone outside the briefing does not.
    const source = await t.http().get(`/briefings/items/${issue.id}`).set(leaderW2.auth).expect(200);
    expect(source.body).toMatchObject({
      itemId: issue.id,
      section: 'issues',
      text: issue.text,
      briefing: { id: briefing.id },
    });
    expect((await t.http().get(`/briefings/items/${issue.id}`).set(outsider.auth)).body.code).toBe(
      'briefing/item_not_found',
    );
    const bundle = (await t.http().get(`/tasks/${task.id}/signature`).set(leaderW2.auth).expect(200))
      .body as {
      canonical: string;
      signatureDer: string;
      signerCertificate: string;
      purpose: string;
    };
    expect(bundle.purpose).toBe('task.assign');
    const canonical = Buffer.from(bundle.canonical, 'base64');
    expect(JSON.parse(canonical.toString('utf8'))).toMatchObject({
      source: { type: 'briefing', id: issue.id },
    });
    const verifier = createVerify('SHA256').update(canonical);
    expect(
      verifier.verify(
        new X509Certificate(bundle.signerCertificate).publicKey,
        Buffer.from(bundle.signatureDer, 'base64'),
      ),
    ).toBe(true);

    // The item shows its task; a retry with the same key returns it; a second task is refused.
    const view = (await get(leaderW2, briefing.id).expect(200)).body as BriefingView;
    expect(reporterOf(view, { unitId: org.w2.id }).report!.issues[0].taskId).toBe(task.id);
    const again = await itemTask(deputy, briefing.id, issue.id, { unitId: org.w2.id });
    expect(codeOf(again)).toBe('409 briefing/item_has_task');
    expect(again.body.details).toMatchObject({ taskId: task.id });
    const [{ n }]: { n: number }[] = await t.ds.query(
      "SELECT count(*)::int AS n FROM tasks WHERE source_type = 'briefing' AND source_id = $1",
      [issue.id],
    );
    expect(n).toBe(1);
  });

  it('gives one task and one 409 when two leaders convert the same item at once, and refuses the wrong source', async () => {
    const briefing = await reportedBriefing({ late: false });
    const w1 = reporterOf(briefing, { unitId: org.w1.id });
    const item = w1.report!.plan[0];
    const both = await Promise.all([
      itemTask(chair, briefing.id, item.id, { unitId: org.w1.id }),
      itemTask(deputy, briefing.id, item.id, { unitId: org.w1.id }),
    ]);
    expect(both.map(codeOf).sort()).toEqual(['201 undefined', '409 briefing/item_has_task']);
    const [{ n }]: { n: number }[] = await t.ds.query(
      "SELECT count(*)::int AS n FROM tasks WHERE source_type = 'briefing' AND source_id = $1",
      [item.id],
    );
    expect(n).toBe(1);

    const other = w1.report!.done[0];
    // The signed content must name this very item.
    expect(
      codeOf(
        await itemTask(
          chair,
          briefing.id,
          other.id,
          { unitId: org.w1.id },
          { source: { type: 'briefing', id: item.id } },
        ),
      ),
    ).toBe('422 briefing/source_mismatch');
    expect(
      codeOf(await itemTask(chair, briefing.id, other.id, { unitId: org.w1.id }, { source: null })),
    ).toBe('422 briefing/source_mismatch');
    // Leaders of the ward (a reporter), or above, do not assign from the district's briefing.
    const wardSigner = await enrol(t, leaderW1);
    expect(codeOf(await itemTask(wardSigner, briefing.id, other.id, { unitId: org.w1.id }))).toBe(
      '403 briefing/not_unit_leader',
    );
    // The lead must lie within the district's reach.
    expect(codeOf(await itemTask(chair, briefing.id, other.id, { unitId: org.w3.id }))).toBe(
      '403 task/assignee_outside_reach',
    );
    // POST /tasks never claims a briefing item: such tasks are made only here.
    const direct = await assign(t, chair, {
      ...assignment(chair, { unitId: org.w1.id }),
      source: { type: 'briefing', id: other.id },
    } as unknown as Parameters<typeof assign>[2]);
    expect(codeOf(direct)).toBe('422 task/source_not_found');
    const [{ m }]: { m: number }[] = await t.ds.query(
      "SELECT count(*)::int AS m FROM tasks WHERE source_type = 'briefing' AND source_id = $1",
      [other.id],
    );
    expect(m).toBe(0);
  });

  it('lets the reporters read each other’s reports, the leaders above read it, and nobody else', async () => {
    const briefing = await reportedBriefing({ late: false });
    // A reporter hears the other wards, as at the Monday meeting.
    const asW1 = (await get(leaderW1, briefing.id).expect(200)).body as BriefingView;
    expect(reporterOf(asW1, { unitId: org.w2.id }).report!.issues[0].text).toContain('giải phóng mặt bằng');
    await get(headD1, briefing.id).expect(200);
    await get(leaderW4, briefing.id).expect(200);
    // The leaders of the district and of the city read it.
    await get(deputyD1, briefing.id).expect(200);
    const asCity = (await get(chairCity, briefing.id).expect(200)).body as BriefingView;
    expect(asCity.allowedActions).toEqual([]);
    // A ward of the other district, its district, an official of a reporting ward, an
    // unrelated official: it does not exist.
    for (const who of [leaderW3, leaderD2, officialW1, outsider])
      expect(codeOf(await get(who, briefing.id))).toBe('404 briefing/not_found');
    // Lists show it to those who read it, never to the others.
    const listOf = async (who: SignedIn, query: Record<string, string> = {}) =>
      (
        (await t.http().get('/briefings').query(query).set(who.auth).expect(200)).body as {
          items: { id: string }[];
        }
      ).items.map((b) => b.id);
    expect(await listOf(chairCity, { unitId: org.d1.id })).toContain(briefing.id);
    expect(await listOf(leaderW4)).toContain(briefing.id);
    expect(await listOf(leaderW3, { unitId: org.d1.id })).toEqual([]);
    expect(await listOf(outsider)).not.toContain(briefing.id);
    expect(await listOf(officialW1)).not.toContain(briefing.id);
  });

  it('closes the briefing with a conclusion: read-only, archived, every reporter told', async () => {
    const briefing = await reportedBriefing({ late: true });
    const w4Socket = await listen(leaderW4);
    const headSocket = await listen(headD1);
    const w4Hears = hear(w4Socket, 'briefing.closed');
    const headHears = hear(headSocket, 'briefing.closed');
    const conclusion = CONCLUSION;
    expect(
      codeOf(
        await t
          .http()
          .post(`/briefings/${briefing.id}/close`)
          .set(leaderW1.auth)
          .send({ version: briefing.version, conclusion }),
      ),
    ).toBe('403 briefing/not_unit_leader');
    expect(
      codeOf(
        await t
          .http()
          .post(`/briefings/${briefing.id}/close`)
          .set(chairD1.auth)
          .send({ version: 99, conclusion }),
      ),
    ).toBe('409 request/conflict_version');
    const closed = (
      await t
        .http()
        .post(`/briefings/${briefing.id}/close`)
        .set(chairD1.auth)
        .send({ version: briefing.version, conclusion })
        .expect(200)
    ).body as BriefingView;
    expect(closed).toMatchObject({
      state: 'closed',
      conclusion,
      closedBy: { id: chairD1.id },
      version: briefing.version + 1,
      allowedActions: [],
      counts: { expected: 4, onTime: 2, late: 1, missing: 1, pending: 0 },
    });
    expect(closed.reporters.every((r) => !r.canSubmit)).toBe(true);
    for (const heard of [await w4Hears, await headHears])
      expect(heard.payload).toMatchObject({
        briefing: { id: briefing.id, state: 'closed', conclusion },
        counts: { missing: 1, late: 1 },
        by: { id: chairD1.id },
      });

    // Read-only now.
    const w2 = reporterOf(closed, { unitId: org.w2.id });
    const missing = reporterOf(closed, { unitId: w4.id });
    expect(codeOf(await submit(leaderW4, briefing.id, missing.id, report(['Muộn'], ['Muộn'])))).toBe(
      '409 briefing/closed',
    );
    expect(codeOf(await comment(chairD1, briefing.id, w2.report!.done[0].id, 'Ý kiến'))).toBe(
      '409 briefing/closed',
    );
    expect(codeOf(await itemTask(chair, briefing.id, w2.report!.done[0].id, { unitId: org.w2.id }))).toBe(
      '409 briefing/closed',
    );
    expect(
      codeOf(
        await t
          .http()
          .post(`/briefings/${briefing.id}/close`)
          .set(chairD1.auth)
          .send({ version: closed.version, conclusion }),
      ),
    ).toBe('409 briefing/closed');

    // The archive: past briefings, newest first, by unit and year.
    const year = Number(closed.week.slice(0, 4));
    const archive = (
      await t
        .http()
        .get('/briefings')
        .query({ unitId: org.d1.id, year, state: 'closed' })
        .set(chairCity.auth)
        .expect(200)
    ).body as { items: { id: string; state: string; meetingAt: string; counts: unknown }[]; total: number };
    expect(archive.items.find((b) => b.id === briefing.id)).toMatchObject({
      state: 'closed',
      counts: closed.counts,
    });
    // Other tests close briefings of the district too: newest meeting first.
    const meetings = archive.items.map((b) => b.meetingAt);
    expect(meetings).toEqual([...meetings].sort().reverse());
    expect(
      (
        (
          await t
            .http()
            .get('/briefings')
            .query({ unitId: org.d1.id, state: 'open' })
            .set(chairCity.auth)
            .expect(200)
        ).body as {
          items: { id: string }[];
        }
      ).items.map((b) => b.id),
    ).not.toContain(briefing.id);
  });

  it('searches titles, conclusions, items and comments without diacritics, within reach only', async () => {
    const briefing = await reportedBriefing({ late: false });
    const issue = reporterOf(briefing, { unitId: org.w2.id }).report!.issues[0];
    await comment(chairD1, briefing.id, issue.id, W2_ISSUE_COMMENT).expect(201);
    await close(chairD1, briefing).expect(200);
    const search = async (who: SignedIn, q: string) =>
      (await t.http().get('/briefings/search').query({ q }).set(who.auth).expect(200)).body as {
        items: { kind: string; briefing: { id: string }; itemId: string | null; text: string }[];
        total: number;
      };
    const w2Issue = reporterOf(briefing, { unitId: org.w2.id }).report!.issues[0];
    const found = await search(chairD1, 'tien do');
    const mine = found.items.filter((h) => h.briefing.id === briefing.id);
    // "tien do" finds "tiến độ" in the ward's item and in the conclusion.
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'item',
          itemId: w2Issue.id,
          text: expect.stringContaining('Tiến độ giải phóng'),
        }),
        expect.objectContaining({ kind: 'briefing', text: expect.stringContaining('tiến độ') }),
      ]),
    );
    // Upper case and marks on the query side fold too; comments are searched.
    expect((await search(leaderW2, 'THỨ SÁU')).items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'comment', briefing: expect.objectContaining({ id: briefing.id }) }),
      ]),
    );
    expect(
      (await search(chairCity, '"giai phong mat bang"')).items.some((h) => h.briefing.id === briefing.id),
    ).toBe(true);
    // Those who may not read it never find it.
    for (const who of [leaderW3, leaderD2, outsider, officialW1])
      expect((await search(who, 'tien do')).items.some((h) => h.briefing.id === briefing.id)).toBe(false);
    // Nothing searchable in the query: no hits, no error.
    expect((await search(chairD1, '!!!')).items).toEqual([]);
    expect(codeOf(await t.http().get('/briefings/search').query({ q: '   ' }).set(chairD1.auth))).toBe(
      '400 request/validation_failed',
    );
  });

  it('reminds reporters who have not submitted, once, BRIEFING_REMINDER_HOURS before the cut-off, even with two workers', async () => {
    // A briefing some weeks on: its cut-off is ten days away, outside the reminder window.
    const cutoffAt = new Date(Date.now() + 10 * DAY);
    const next = await openOk(chairD1, {
      unitId: org.d1.id,
      title: 'Giao ban tuần sau',
      meetingAt: new Date(cutoffAt.getTime() + 2 * DAY).toISOString(),
      cutoffAt: cutoffAt.toISOString(),
      people: [headD1.id],
    });
    await submit(
      leaderW1,
      next.id,
      reporterOf(next, { unitId: org.w1.id }).id,
      report(['Đã làm'], ['Sẽ làm']),
    ).expect(200);
    const w2Socket = await listen(leaderW2);
    const reminded = hear(
      w2Socket,
      'briefing.reminder',
      (e) => (e.payload as { briefing: { id: string } }).briefing.id === next.id,
    );
    const reminders = () =>
      t.ds.query<{ audience: string[]; payload: { reporter: { id: string }; hoursBefore: number } }[]>(
        `SELECT audience, payload FROM realtime_events WHERE name = 'briefing.reminder' AND payload->'briefing'->>'id' = $1`,
        [next.id],
      );

    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    try {
      // Not yet: the whole scan at the real time leaves it alone.
      const pass = await worker.get(TimedRulesService).runOnce(new Date());
      expect(pass).toHaveProperty('briefingReminders');
      expect(await reminders()).toEqual([]);
      // 23 hours before the cut-off, two workers at once: each reporter is reminded once.
      const rule = worker.get(BriefingReminders);
      const at = new Date(cutoffAt.getTime() - 23 * HOUR);
      const [a, b] = await Promise.all([rule.run(at), rule.run(at)]);
      expect(a + b).toBe(3);
      expect(await rule.run(new Date(at.getTime() + HOUR))).toBe(0);
    } finally {
      await worker.close();
    }
    const sent = await reminders();
    expect(sent.map((e) => e.payload.reporter.id).sort()).toEqual(
      [org.w2.id, w4.id, org.d1.id].map((u) => next.reporters.find((r) => r.unit.id === u)!.id).sort(),
    );
    expect(sent.every((e) => e.payload.hoursBefore === 24)).toBe(true);
    const audiences = sent.flatMap((e) => e.audience);
    expect(audiences).toEqual(expect.arrayContaining([leaderW2.id, leaderW4.id, headD1.id]));
    expect(audiences).not.toContain(leaderW1.id);
    expect((await reminded).payload).toMatchObject({
      reporter: { unit: { id: org.w2.id } },
      hoursBefore: 24,
    });
  });

  it('opens a ward’s briefing once per retry key, and only for its own leaders', async () => {
    const body = {
      unitId: org.w1.id,
      title: 'Giao ban phường An Hải Bắc',
      meetingAt: later(2 * HOUR),
      cutoffAt: later(HOUR),
    };
    const key = { 'Idempotency-Key': `briefing-open-${Date.now()}` };
    const [a, b] = await Promise.all([open(leaderW1, body, key), open(leaderW1, body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect((a.body as BriefingView).reporters.map((r) => r.unit.id)).toEqual([org.team1.id]);
    expect(codeOf(await open(leaderW1, { ...body, title: 'Một cuộc khác' }, key))).toBe(
      '409 briefing/idempotency_conflict',
    );
    // The district leader reads the ward's briefing but does not open one for it; a sibling ward
    // does not see it.
    await get(chairD1, a.body.id as string).expect(200);
    expect(codeOf(await get(leaderW2, a.body.id as string))).toBe('404 briefing/not_found');
    expect(
      codeOf(await open(chairD1, { ...body, meetingAt: later(8 * DAY), cutoffAt: later(7 * DAY) })),
    ).toBe('403 access/forbidden');
    expect(codeOf(await open(headD1, { ...body, unitId: org.d1.id }))).toBe('403 access/forbidden');
  });

  it('refuses bad input field by field, and other units’ ids', async () => {
    const base = {
      unitId: org.d1.id,
      title: 'Giao ban tuần thử',
      meetingAt: later(30 * DAY),
      cutoffAt: later(29 * DAY),
    };
    const fieldsOf = (r: Reply) => ((r.body.fields ?? []) as { field: string }[]).map((f) => f.field);
    const wrong = await open(chairD1, {
      unitId: 'x',
      title: 42,
      meetingAt: 'tomorrow',
      cutoffAt: 5,
      units: 'w1',
      people: [1],
    });
    expect(codeOf(wrong)).toBe('400 request/validation_failed');
    expect(fieldsOf(wrong)).toEqual(
      expect.arrayContaining(['unitId', 'title', 'meetingAt', 'cutoffAt', 'units', 'people']),
    );
    expect(codeOf(await open(chairD1, {}))).toBe('400 request/validation_failed');
    expect(codeOf(await open(chairD1, { ...base, extra: true }))).toBe('400 request/validation_failed');
    expect(codeOf(await open(chairD1, { ...base, title: '   ' }))).toBe('400 request/validation_failed');
    expect(codeOf(await open(chairD1, { ...base, units: [org.w1.id, org.w1.id] }))).toBe(
      '400 request/validation_failed',
    );
    const huge = await t
      .http()
      .post('/briefings')
      .set(chairD1.auth)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ ...base, title: 'x'.repeat(200_000) }));
    expect(codeOf(huge)).toBe('413 request/too_large');
    expect(codeOf(await open(chairD1, { ...base, cutoffAt: later(-HOUR) }))).toBe(
      '422 briefing/cutoff_in_past',
    );
    expect(codeOf(await open(chairD1, { ...base, cutoffAt: later(31 * DAY) }))).toBe(
      '422 briefing/cutoff_after_meeting',
    );
    // Reporting units are the district's own wards; people hold a position in it.
    const sibling = await open(chairD1, { ...base, units: [org.w3.id] });
    expect(codeOf(sibling)).toBe('422 briefing/reporter_outside_unit');
    expect(sibling.body.details).toEqual({ unitId: org.w3.id });
    expect(codeOf(await open(chairD1, { ...base, units: [org.team1.id] }))).toBe(
      '422 briefing/reporter_outside_unit',
    );
    expect(codeOf(await open(chairD1, { ...base, people: [leaderW1.id] }))).toBe(
      '422 briefing/reporter_outside_unit',
    );
    const leaf = await addUnit(t, 'department', 'Tổ không có đơn vị trực thuộc', org.w2);
    const leafLeader = await person(t, [{ unit: leaf, role: 'leader' }]);
    expect(codeOf(await open(leafLeader, { ...base, unitId: leaf.id }))).toBe('422 briefing/no_reporters');
    expect(
      await t.ds.query('SELECT count(*)::int AS n FROM briefings WHERE unit_id = $1 AND title = $2', [
        org.d1.id,
        base.title,
      ]),
    ).toEqual([{ n: 0 }]);

    // Reports: the three sections, items with text, within limits.
    const meetingAt = nextMeetingAt();
    const next = await openOk(chairD1, {
      unitId: org.d1.id,
      title: 'Giao ban tuần sau',
      meetingAt: new Date(meetingAt).toISOString(),
      cutoffAt: new Date(meetingAt - DAY).toISOString(),
      people: [headD1.id],
    });
    await submit(leaderW1, next.id, reporterOf(next, { unitId: org.w1.id }).id, W1_REPORT).expect(200);
    const another = await reportedBriefing({ late: false });
    const view = (await get(leaderW2, next.id).expect(200)).body as BriefingView;
    const w2 = reporterOf(view, { unitId: org.w2.id }).id;
    for (const bad of [
      { done: [], plan: [{ text: 'a' }], issues: [] },
      { done: [{ text: 'a' }], plan: [{ text: '   ' }], issues: [] },
      { done: [{ text: 'x'.repeat(2001) }], plan: [{ text: 'a' }], issues: [] },
      { done: [{ text: 'a' }], plan: [{ text: 'a' }] },
      { done: 'a', plan: [{ text: 'a' }], issues: [] },
      { done: [{ text: 'a', extra: 1 }], plan: [{ text: 'a' }], issues: [] },
      {
        done: [{ text: 'a' }],
        plan: [{ text: 'a' }],
        issues: Array.from({ length: 51 }, () => ({ text: 'b' })),
      },
      { version: 0, done: [{ text: 'a' }], plan: [{ text: 'a' }], issues: [] },
      { done: [{ id: 'nope', text: 'a' }], plan: [{ text: 'a' }], issues: [] },
    ])
      expect(codeOf(await submit(leaderW2, next.id, w2, bad))).toBe('400 request/validation_failed');
    // An id that is not an item of this report's earlier submission.
    const w1Item = reporterOf(view, { unitId: org.w1.id }).report!.done[0].id;
    const foreign = await submit(
      leaderW2,
      next.id,
      w2,
      report([{ id: w1Item, text: 'Của phường khác' }], ['a']),
    );
    expect(codeOf(foreign)).toBe('400 request/validation_failed');
    expect(fieldsOf(foreign)).toEqual(['done.0.id']);
    await t
      .http()
      .put(`/briefings/not-a-uuid/reporters/${w2}/report`)
      .set(leaderW2.auth)
      .send(report(['a'], ['b']))
      .expect(400);
    expect(codeOf(await comment(chairD1, next.id, 'nope', 'x'))).toBe('400 request/validation_failed');
    expect(codeOf(await comment(chairD1, next.id, w1Item, '  '))).toBe('400 request/validation_failed');
    expect(codeOf(await comment(chairD1, next.id, '00000000-0000-4000-8000-000000000000', 'x'))).toBe(
      '404 briefing/item_not_found',
    );
    // An item of another briefing, named under this one.
    expect(
      codeOf(
        await comment(chairD1, next.id, reporterOf(another, { unitId: org.w2.id }).report!.done[0].id, 'x'),
      ),
    ).toBe('404 briefing/item_not_found');
    expect(
      codeOf(await t.http().post(`/briefings/${next.id}/close`).set(chairD1.auth).send({ version: 1 })),
    ).toBe('400 request/validation_failed');
    expect(codeOf(await t.http().get('/briefings').query({ pageSize: 1000 }).set(chairD1.auth))).toBe(
      '400 request/validation_failed',
    );
  });
  const marker = `kx${Date.now()
    .toString(36)
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;
  const filler = (n: number) => 'Rà soát, tổng hợp số liệu của các tổ dân phố. '.repeat(n);
  const listItem = async (who: SignedIn, id: string, state: 'open' | 'closed') =>
    (
      (await t.http().get('/briefings').query({ unitId: org.d1.id, state }).set(who.auth).expect(200))
        .body as {
        items: (Pick<BriefingView, 'id' | 'counts'> & {
          mine: { reporterId: string; status: string; revisedAfterCutoff: boolean }[];
        })[];
      }
    ).items.find((b) => b.id === id)!;

  it('keeps on time by the first submission but marks a report revised after the cut-off, in the view, counts, list, event and audit', async () => {
    const cutoffAt = Date.now() + 4000;
    const b = await openOk(chairD1, {
      unitId: org.d1.id,
      title: 'Giao ban — báo cáo sửa sau hạn',
      meetingAt: later(35 * DAY),
      cutoffAt: new Date(cutoffAt).toISOString(),
      people: [headD1.id],
    });
    const w1 = reporterOf(b, { unitId: org.w1.id }).id;
    const w2 = reporterOf(b, { unitId: org.w2.id }).id;
    const head = reporterOf(b, { userId: headD1.id }).id;
    // Placeholders just before the cut-off; a correction still before it is no revision "after".
    await submit(leaderW1, b.id, w1, report(['Đang tổng hợp'], ['Đang tổng hợp'])).expect(200);
    await submit(headD1, b.id, head, report(['Đã xong'], ['Sẽ làm'])).expect(200);
    const early = (await submit(headD1, b.id, head, report(['Đã xong hẳn'], ['Sẽ làm'], [], 1)).expect(200))
      .body as BriefingView;
    expect(reporterOf(early, { userId: headD1.id })).toMatchObject({
      status: 'on_time',
      report: { version: 2, revisedAfterCutoff: false },
    });

    await waitFor(() => Date.now() > cutoffAt + 100, 10_000, 'the cut-off');
    const chairSocket = await listen(chairD1);
    const heard = hear(
      chairSocket,
      'briefing.submitted',
      (e) => (e.payload as { reporter: { id: string }; version: number }).reporter.id === w1,
    );
    // The real report, written after the cut-off.
    const real = `${filler(30)}Hoàn thiện hồ sơ kè chắn sóng trình Quận. ${filler(8)}`;
    expect(real.length).toBeLessThanOrEqual(2000);
    const view = (await submit(leaderW1, b.id, w1, report([real], ['Kế hoạch thật'], [], 1)).expect(200))
      .body as BriefingView;
    const revised = reporterOf(view, { unitId: org.w1.id });
    expect(revised).toMatchObject({
      status: 'on_time',
      report: { version: 2, late: false, revisedAfterCutoff: true },
    });
    // Both times are shown: the first (on time) and the last (after the cut-off).
    expect(new Date(revised.report!.firstSubmittedAt).getTime()).toBeLessThanOrEqual(cutoffAt);
    expect(new Date(revised.report!.submittedAt).getTime()).toBeGreaterThan(cutoffAt);
    expect((await heard).payload).toMatchObject({ version: 2, late: false, revisedAfterCutoff: true });
    const [audit]: { after: { revisedAfterCutoff: boolean; late: boolean } }[] = await t.ds.query(
      `SELECT after FROM audit_entries WHERE action = 'briefing.resubmit' AND subject_id = $1`,
      [revised.report!.id],
    );
    expect(audit.after).toMatchObject({ late: false, revisedAfterCutoff: true });

    // A first submission after the cut-off is late, not "revised".
    const late = (await submit(leaderW2, b.id, w2, report(['Muộn'], ['Muộn'])).expect(200))
      .body as BriefingView;
    expect(reporterOf(late, { unitId: org.w2.id })).toMatchObject({
      status: 'late',
      report: { late: true, revisedAfterCutoff: false },
    });
    expect(late.counts).toEqual({
      expected: 4,
      onTime: 2,
      late: 1,
      missing: 1,
      pending: 0,
      revisedAfterCutoff: 1,
    });
    // The list says the same, and the ward sees its own mark.
    const listed = await listItem(leaderW1, b.id, 'open');
    expect(listed.counts).toEqual(late.counts);
    expect(listed.mine).toEqual([{ reporterId: w1, status: 'on_time', revisedAfterCutoff: true }]);
    expect((await listItem(leaderW2, b.id, 'open')).mine).toEqual([
      { reporterId: w2, status: 'late', revisedAfterCutoff: false },
    ]);
  });

  it('finds a match far into a long item and shows the text around it', async () => {
    const meetingAt = nextMeetingAt();
    const b = await openOk(chairD1, {
      unitId: org.d1.id,
      title: 'Giao ban — báo cáo dài',
      meetingAt: new Date(meetingAt).toISOString(),
      cutoffAt: new Date(meetingAt - DAY).toISOString(),
    });
    // Its match lies far past 500 characters.
    const long = `${filler(30)}Hoàn thiện hồ sơ kè chắn sóng ${marker} trình Quận. ${filler(8)}`;
    expect(long.length).toBeLessThanOrEqual(2000);
    const reported = (
      await submit(
        leaderW1,
        b.id,
        reporterOf(b, { unitId: org.w1.id }).id,
        report([long], ['Kế hoạch']),
      ).expect(200)
    ).body as BriefingView;
    const item = reporterOf(reported, { unitId: org.w1.id }).report!.done[0];
    const found = (
      await t
        .http()
        .get('/briefings/search')
        .query({ q: `ke chan song ${marker}` })
        .set(chairD1.auth)
        .expect(200)
    ).body as { items: { kind: string; itemId: string | null; commentId: string | null; text: string }[] };
    expect(found.items).toHaveLength(1);
    const [hit] = found.items;
    expect(hit).toMatchObject({ kind: 'item', itemId: item.id, commentId: null });
    expect(hit.text).toContain(`kè chắn sóng ${marker}`);
    expect(hit.text.startsWith('…')).toBe(true);
    expect(hit.text.length).toBeLessThanOrEqual(502);
    expect(item.text).toContain(hit.text.replace(/^…|…$/g, ''));
    // A match at the start still shows the start.
    const start = (
      await t
        .http()
        .get('/briefings/search')
        .query({ q: `"ra soat" ${marker}` })
        .set(chairD1.auth)
        .expect(200)
    ).body as { items: { text: string }[] };
    expect(start.items[0].text.startsWith('Rà soát')).toBe(true);
  });

  it('takes an Idempotency-Key on comments: a retry returns the first comment, another text under the key is refused', async () => {
    const b = await reportedBriefing({ late: false });
    const item = reporterOf(b, { unitId: org.w1.id }).report!.plan[0];
    const other = reporterOf(b, { unitId: org.w2.id }).report!.plan[0];
    const key = { 'Idempotency-Key': `briefing-comment-${Date.now()}` };
    const text = 'Đề nghị phường làm rõ số liệu trước cuộc họp.';
    const first = await comment(chairD1, b.id, item.id, text, key).expect(201);
    const retry = await comment(chairD1, b.id, item.id, `  ${text} `, key).expect(201);
    expect(retry.body).toEqual(first.body);
    // Two retries at once under one key: one comment.
    const racingKey = { 'Idempotency-Key': `briefing-comment-race-${Date.now()}` };
    const racing = await Promise.all([
      comment(deputyD1, b.id, item.id, 'Phối hợp Phòng Tài chính.', racingKey),
      comment(deputyD1, b.id, item.id, 'Phối hợp Phòng Tài chính.', racingKey),
    ]);
    expect(racing.map((r) => r.status)).toEqual([201, 201]);
    expect(racing[0].body.id).toBe(racing[1].body.id);
    // The same key with other text, or for another item: 409, nothing written.
    const conflict = await comment(chairD1, b.id, item.id, 'Một ý kiến khác', key);
    expect(codeOf(conflict)).toBe('409 briefing/idempotency_conflict');
    expect(codeOf(await comment(chairD1, b.id, other.id, text, key))).toBe(
      '409 briefing/idempotency_conflict',
    );
    expect(codeOf(await comment(chairD1, b.id, item.id, text, { 'Idempotency-Key': 'bad key!' }))).toBe(
      '400 request/validation_failed',
    );
    // A key is the author's own: another leader's same key is a new comment.
    await comment(deputyD1, b.id, other.id, text, key).expect(201);
    const count = async (sql: string, id: string) => (await t.ds.query<{ n: number }[]>(sql, [id]))[0].n;
    expect(await count('SELECT count(*)::int AS n FROM briefing_comments WHERE item_id = $1', item.id)).toBe(
      2,
    );
    expect(
      await count(
        "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'briefing.comment' AND subject_id = $1",
        item.id,
      ),
    ).toBe(2);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM realtime_events WHERE name = 'briefing.commented' AND payload->'item'->>'id' = $1",
        item.id,
      ),
    ).toBe(2);
    const view = (await get(leaderW1, b.id).expect(200)).body as BriefingView;
    expect(reporterOf(view, { unitId: org.w1.id }).report!.plan[0].comments.map((c) => c.id)).toEqual([
      first.body.id,
      racing[0].body.id,
    ]);

    // The answer lost, the briefing closed meanwhile: the retry still gets its comment.
    await t
      .http()
      .post(`/briefings/${b.id}/close`)
      .set(chairD1.auth)
      .send({ version: view.version, conclusion: 'Kết luận giao ban.' })
      .expect(200);
    expect((await comment(chairD1, b.id, item.id, text, key).expect(201)).body).toEqual(first.body);
    expect(codeOf(await comment(chairD1, b.id, item.id, text))).toBe('409 briefing/closed');
  });

  it('freezes the statuses of a briefing closed before its cut-off: who had not submitted is missing, then and later', async () => {
    const cutoffAt = Date.now() + 3000;
    const b = await openOk(chairD1, {
      unitId: org.d1.id,
      title: 'Giao ban — kết thúc sớm',
      meetingAt: later(42 * DAY),
      cutoffAt: new Date(cutoffAt).toISOString(),
      people: [headD1.id],
    });
    const w1 = reporterOf(b, { unitId: org.w1.id }).id;
    await submit(leaderW1, b.id, w1, report(['Đã làm'], ['Sẽ làm'])).expect(200);
    const closed = (
      await t
        .http()
        .post(`/briefings/${b.id}/close`)
        .set(chairD1.auth)
        .send({ version: b.version, conclusion: 'Kết thúc sớm: họp đột xuất.' })
        .expect(200)
    ).body as BriefingView;
    expect(new Date(closed.closedAt!).getTime()).toBeLessThan(cutoffAt);
    const frozen = { expected: 4, onTime: 1, late: 0, missing: 3, pending: 0, revisedAfterCutoff: 0 };
    expect(closed.counts).toEqual(frozen);
    const statuses = (v: BriefingView) => v.reporters.map((r) => r.status);
    expect(statuses(closed)).toEqual(['on_time', 'missing', 'missing', 'missing']);
    // The audit entry and the event of the close record the very same counts.
    const [audit]: { after: { counts: unknown } }[] = await t.ds.query(
      `SELECT after FROM audit_entries WHERE action = 'briefing.close' AND subject_id = $1`,
      [b.id],
    );
    expect(audit.after.counts).toEqual(frozen);
    const [event]: { payload: { counts: unknown } }[] = await t.ds.query(
      `SELECT payload FROM realtime_events WHERE name = 'briefing.closed' AND payload->'briefing'->>'id' = $1`,
      [b.id],
    );
    expect(event.payload.counts).toEqual(frozen);
    expect((await listItem(chairD1, b.id, 'closed')).counts).toEqual(frozen);
    expect((await listItem(leaderW2, b.id, 'closed')).mine).toEqual([
      { reporterId: reporterOf(b, { unitId: org.w2.id }).id, status: 'missing', revisedAfterCutoff: false },
    ]);

    // Past the cut-off nothing moves.
    await waitFor(() => Date.now() > cutoffAt + 100, 10_000, 'the cut-off');
    const afterCutoff = (await get(chairD1, b.id).expect(200)).body as BriefingView;
    expect(afterCutoff.counts).toEqual(frozen);
    expect(statuses(afterCutoff)).toEqual(statuses(closed));
    expect((await listItem(chairD1, b.id, 'closed')).counts).toEqual(frozen);
  });
});
