import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { FeedEnvelope } from '@lt/realtime';
import type { TaskSummary } from '@lt/tasks';
import { DirectiveEscalation } from '@lt/directives';
import { EscalationLadder, EscalationView } from '@lt/escalation';
import { TaskDeadlines } from '@lt/tasks';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { waitFor } from './support/sockets';
import { addUnit, person, SignedIn, startTestApp, TestApp } from './support/test-app';
import type { OrgUnitEntity } from '@lt/org';
import { actOnTask } from './support/decisions';

const HOUR = 3_600_000;

/**
 * Late items climb the tree step by step (libs/escalation), on a three-level tree of its own
 * with vacant posts: a city with its chairman; a district whose chairman's post is vacant
 * (only a deputy); a ward with no leader or deputy at all. The clock is the test's: the
 * rules are run with the times it chooses, ESCALATION_STEP_HOURS (24) apart.
 */
describe('escalation to the top (e2e)', () => {
  let t: TestApp;
  let city: OrgUnitEntity;
  let district: OrgUnitEntity;
  let ward: OrgUnitEntity;
  let chairman: SignedIn; // leader of the city
  let deputy: SignedIn; // deputy of the district, whose leader's post is vacant
  let staff: SignedIn; // official of the ward, which has no leader nor deputy
  let signer: Signer;
  let ladder: EscalationLadder;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await startTestApp({ ESCALATION_STEP_HOURS: '24', REALTIME_POLL_MS: '50' });
    city = await addUnit(t, 'city', 'Thành phố Leo Thang', null);
    district = await addUnit(t, 'district', 'Quận Khuyết Lãnh đạo', city);
    ward = await addUnit(t, 'ward', 'Phường Không Người Đứng Đầu', district);
    chairman = await person(t, [{ unit: city, role: 'leader' }]);
    deputy = await person(t, [{ unit: district, role: 'deputy_leader' }]);
    staff = await person(t, [{ unit: ward, role: 'official' }]);
    signer = await enrol(t, chairman);
    // The rules as the worker runs them (its own ladder, with every source registered).
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    ladder = worker.get(EscalationLadder);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const feed = async (who: SignedIn, name: string, match: (payload: Record<string, unknown>) => boolean) => {
    const page = (await t.http().get('/feed?after=0&limit=500').set(who.auth).expect(200)).body as {
      events: FeedEnvelope[];
    };
    return page.events
      .filter((e) => e.name === name && match(e.payload as Record<string, unknown>))
      .map((e) => e.payload as Record<string, unknown>);
  };
  /** The notices once `count` have reached the feed, after giving a duplicate every chance to show up. */
  const eventually = async (
    who: SignedIn,
    name: string,
    match: (payload: Record<string, unknown>) => boolean,
    count: number,
  ) => {
    if (count > 0)
      await waitFor(async () => (await feed(who, name, match)).length >= count, 5000, `${count} ${name}`);
    await new Promise((r) => setTimeout(r, 300));
    return feed(who, name, match);
  };
  const ofDirective = (id: string) => (p: Record<string, unknown>) => p.directiveId === id;
  const ofTask = (id: string) => (p: Record<string, unknown>) => (p.task as TaskSummary).id === id;
  const issue = async (ackDueAt: Date) =>
    (
      await t
        .http()
        .post('/directives')
        .set(chairman.auth)
        .send({
          issuingUnitId: city.id,
          type: 'CT',
          subject: 'Kiểm tra công tác phòng cháy chữa cháy',
          body: 'Các đơn vị báo cáo kết quả kiểm tra trước hạn.',
          urgency: 1,
          targets: [{ unitId: ward.id }],
          ackDueAt: ackDueAt.toISOString(),
        })
        .expect(201)
    ).body as { id: string };

  it('climbs an unacknowledged directive step by step: a vacant ward passed over, the deputy, then the top', async () => {
    const directive = await issue(new Date(Date.now() + HOUR));
    const due = Date.now() + 2 * HOUR;
    expect(await worker.get(DirectiveEscalation).run(new Date(due))).toBeGreaterThanOrEqual(1);

    // Step 1: the ward has nobody in post to tell; the district has no leader, so its deputy.
    const first = await eventually(deputy, 'directive.escalated', ofDirective(directive.id), 1);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      level: 1,
      unitId: ward.id,
      toldUnitId: district.id,
      people: [{ userId: staff.id }],
    });
    expect(await eventually(chairman, 'directive.escalated', ofDirective(directive.id), 0)).toHaveLength(0);

    // Not due again before a step has passed.
    await ladder.climb(new Date(due + 23 * HOUR));
    expect(await eventually(chairman, 'directive.escalated', ofDirective(directive.id), 0)).toHaveLength(0);

    // Step 2, a day later: the head of the unit above, the city's chairman — the top.
    const [a, b] = await Promise.all([
      ladder.climb(new Date(due + 25 * HOUR)),
      ladder.climb(new Date(due + 25 * HOUR)),
    ]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const second = await eventually(chairman, 'directive.escalated', ofDirective(directive.id), 1);
    expect(second).toHaveLength(1); // two workers, one step
    expect(second[0]).toMatchObject({ level: 2, toldUnitId: city.id, unitId: ward.id });

    // The top has been told: nothing more, however long it stays late.
    await ladder.climb(new Date(due + 100 * HOUR));
    expect(await eventually(chairman, 'directive.escalated', ofDirective(directive.id), 1)).toHaveLength(1);
    expect(await eventually(deputy, 'directive.escalated', ofDirective(directive.id), 1)).toHaveLength(1);

    // Shown on the directive's progress, step by step.
    const progress = (
      await t.http().get(`/directives/${directive.id}/progress`).set(chairman.auth).expect(200)
    ).body as { escalations: EscalationView[] };
    expect(progress.escalations).toHaveLength(1);
    expect(progress.escalations[0]).toMatchObject({
      unit: { id: ward.id, name: ward.name },
      level: 2,
      stopReason: 'top',
      nextAt: null,
      steps: [
        {
          level: 1,
          toldUnit: { id: district.id },
          toldRole: 'deputy_leader',
          told: [{ id: deputy.id }],
          passed: [{ id: ward.id }],
        },
        { level: 2, toldUnit: { id: city.id }, toldRole: 'leader', told: [{ id: chairman.id }], passed: [] },
      ],
    });
  });

  it('stops climbing once the late people acknowledge', async () => {
    const directive = await issue(new Date(Date.now() + HOUR));
    const due = Date.now() + 2 * HOUR;
    await worker.get(DirectiveEscalation).run(new Date(due));
    expect(await eventually(deputy, 'directive.escalated', ofDirective(directive.id), 1)).toHaveLength(1);
    await t.http().post(`/directives/${directive.id}/acknowledge`).set(staff.auth).send({}).expect(200);

    await ladder.climb(new Date(due + 25 * HOUR));
    expect(await eventually(chairman, 'directive.escalated', ofDirective(directive.id), 0)).toHaveLength(0);
    const progress = (
      await t.http().get(`/directives/${directive.id}/progress`).set(chairman.auth).expect(200)
    ).body as { escalations: EscalationView[] };
    expect(progress.escalations[0]).toMatchObject({ level: 1, stopReason: 'handled', nextAt: null });
  });

  it('climbs an overdue task from the unit above its lead, a unit a day, until it is handled', async () => {
    const late = await assignOk(
      t,
      signer,
      assignment(
        signer,
        { unitId: ward.id, userId: staff.id },
        { deadline: new Date(Date.now() + HOUR).toISOString() },
      ),
    );
    const handled = await assignOk(
      t,
      signer,
      assignment(
        signer,
        { unitId: ward.id, userId: staff.id },
        { deadline: new Date(Date.now() + HOUR).toISOString() },
      ),
    );
    const deadlines = worker.get(TaskDeadlines);
    const due = Date.parse(late.deadline) + 60_000;
    await deadlines.run(new Date(due));
    expect(await eventually(staff, 'task.overdue', ofTask(late.id), 1)).toHaveLength(1);
    // The lead unit's own heads heard at once (task.overdue); the climb starts a step later.
    await ladder.climb(new Date(due + HOUR));
    expect(await eventually(deputy, 'task.escalated', ofTask(late.id), 0)).toHaveLength(0);

    // The second task is explained and cancelled by its assigner: handled, it climbs no more.
    const act = (who: SignedIn, id: string, path: string, body: Record<string, unknown> = {}) =>
      actOnTask(t, who, id, path, body);
    const explained = await act(staff, handled.id, 'explanation', {
      version: ((await t.http().get(`/tasks/${handled.id}`).set(staff.auth).expect(200)).body as TaskSummary)
        .version,
      explanation: 'Lý do trễ hạn: chờ ý kiến của phòng chuyên môn.',
      apology: 'Kính gửi đồng chí Chủ tịch, tôi xin lỗi vì đã để nhiệm vụ trễ hạn.',
    });
    expect(explained.status).toBe(200);
    await act(chairman, handled.id, 'cancel', {
      version: (explained.body as TaskSummary).version,
      reason: 'Không còn cần thực hiện.',
    }).expect(200);

    // A day later: the district — no leader in post, so its deputy.
    await ladder.climb(new Date(due + 25 * HOUR));
    const first = await eventually(deputy, 'task.escalated', ofTask(late.id), 1);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ level: 1, toldUnitId: district.id });
    expect(await eventually(deputy, 'task.escalated', ofTask(handled.id), 0)).toHaveLength(0);

    // Another day: the city, the top.
    await ladder.climb(new Date(due + 49 * HOUR));
    expect(await eventually(chairman, 'task.escalated', ofTask(late.id), 1)).toMatchObject([
      { level: 2, toldUnitId: city.id, toldUnitName: city.name },
    ]);
    await ladder.climb(new Date(due + 200 * HOUR));
    expect(await eventually(chairman, 'task.escalated', ofTask(late.id), 1)).toHaveLength(1);

    const detail = (await t.http().get(`/tasks/${late.id}`).set(chairman.auth).expect(200)).body as {
      escalations: EscalationView[];
    };
    expect(detail.escalations).toMatchObject([
      {
        unit: { id: ward.id },
        level: 2,
        stopReason: 'top',
        steps: [
          { level: 1, toldUnit: { id: district.id }, toldRole: 'deputy_leader', told: [{ id: deputy.id }] },
          { level: 2, toldUnit: { id: city.id }, toldRole: 'leader', told: [{ id: chairman.id }] },
        ],
      },
    ]);
    const other = (await t.http().get(`/tasks/${handled.id}`).set(chairman.auth).expect(200)).body as {
      escalations: EscalationView[];
    };
    expect(other.escalations).toMatchObject([{ level: 0, stopReason: 'handled', steps: [] }]);
    // Every step is in the audit chain.
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'task.escalation_step' AND subject_id = $1`,
      [late.id],
    );
    expect(n).toBe(2);
  });
});
