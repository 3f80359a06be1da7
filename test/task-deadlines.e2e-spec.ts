import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { FeedEnvelope } from '@lt/realtime';
import type { TaskSummary } from '@lt/tasks';
import { TaskDeadlines } from '@lt/tasks';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import { waitFor } from './support/sockets';
import { buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';
import { actOnTask } from './support/decisions';

const HOUR = 3_600_000;

/**
 * The deadline rules, driven by a controllable clock: the worker's TaskDeadlines.run(now)
 * is called with the times the test chooses, never by sleeping until a deadline.
 */
describe('task deadlines in the worker (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leaderD1: SignedIn;
  let d1: Signer;
  let wardLeader1: SignedIn; // head of ward 1
  let official1: SignedIn; // leads the tasks, as a person of ward 1
  let workers: INestApplicationContext[];
  let deadlines: TaskDeadlines[];

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50', TASK_REMINDER_HOURS: '24,2' });
    org = await buildOrg(t);
    leaderD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    wardLeader1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    official1 = await person(t, [{ unit: org.w1, role: 'official' }]);
    d1 = await enrol(t, leaderD1);
    // Two copies of the worker, as in a deployment that runs two.
    workers = [
      await NestFactory.createApplicationContext(WorkerModule, { logger: false }),
      await NestFactory.createApplicationContext(WorkerModule, { logger: false }),
    ];
    deadlines = workers.map((w) => w.get(TaskDeadlines));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await t.close();
  });

  const feed = async (who: SignedIn, name: string, taskId: string) => {
    const page = (await t.http().get('/feed?after=0&limit=500').set(who.auth).expect(200)).body as {
      events: FeedEnvelope[];
    };
    return page.events.filter(
      (e) => e.name === name && (e.payload as { task: TaskSummary }).task.id === taskId,
    );
  };
  const eventually = async (who: SignedIn, name: string, taskId: string, count: number) => {
    await waitFor(async () => (await feed(who, name, taskId)).length >= count, 5000, `${count} ${name}`);
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 200));
    return feed(who, name, taskId);
  };
  const act = (who: SignedIn, id: string, path: string, body: Record<string, unknown> = {}) =>
    actOnTask(t, who, id, path, body);
  const version = async (id: string) =>
    ((await t.http().get(`/tasks/${id}`).set(leaderD1.auth).expect(200)).body as TaskSummary).version;
  /** Both workers at once, at `now`. */
  const runBoth = (now: Date) => Promise.all(deadlines.map((d) => d.run(now)));

  it('reminds the lead at 24 h and 2 h before the deadline, once each, with two workers running', async () => {
    const task = await assignOk(
      t,
      d1,
      assignment(
        d1,
        { unitId: org.w1.id, userId: official1.id },
        { deadline: new Date(Date.now() + 30 * HOUR).toISOString() },
      ),
    );
    const due = Date.parse(task.deadline);
    await runBoth(new Date(due - 25 * HOUR)); // nothing due yet
    await runBoth(new Date(due - 23 * HOUR));
    await runBoth(new Date(due - 22 * HOUR));
    await runBoth(new Date(due - 90 * 60_000));
    const reminders = await eventually(official1, 'task.deadline_reminder', task.id, 2);
    expect(reminders.map((r) => (r.payload as { hoursBefore: number }).hoursBefore)).toEqual([24, 2]);
    const notices: { hours_before: number }[] = await t.ds.query(
      'SELECT hours_before FROM task_deadline_notices WHERE task_id = $1 ORDER BY hours_before DESC',
      [task.id],
    );
    expect(notices.map((n) => n.hours_before)).toEqual([24, 2]);
    // The assigner is not reminded of the lead's deadline.
    expect(await feed(leaderD1, 'task.deadline_reminder', task.id)).toHaveLength(0);
  });

  it('blocks an overdue task until the explanation and apology letter; a second lateness opens a discipline case', async () => {
    const task = await assignOk(
      t,
      d1,
      assignment(
        d1,
        { unitId: org.w1.id, userId: official1.id },
        { deadline: new Date(Date.now() + 10 * HOUR).toISOString() },
      ),
    );
    await act(official1, task.id, 'accept', { version: 1 }).expect(200);
    const due = Date.parse(task.deadline);
    await runBoth(new Date(due + 60_000));
    await runBoth(new Date(due + 120_000));

    // The lead, the assigner and the head of the lead unit are told, once.
    for (const who of [official1, leaderD1, wardLeader1])
      expect(await eventually(who, 'task.overdue', task.id, 1)).toHaveLength(1);
    let v = await version(task.id);
    const refused = await act(official1, task.id, 'reports', {
      version: v,
      percent: 50,
      text: 'Đã làm một nửa.',
    });
    expect(`${refused.status} ${refused.body.code}`).toBe('423 task/overdue_requires_explanation');
    const cancel = await act(leaderD1, task.id, 'cancel', { version: v, reason: 'Hủy nhiệm vụ trễ hạn.' });
    expect(cancel.status).toBe(423);
    // Only the lead files, and it needs both texts.
    expect(
      (
        await act(wardLeader1, task.id, 'explanation', {
          version: v,
          explanation: 'x'.repeat(20),
          apology: 'y'.repeat(20),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await act(official1, task.id, 'explanation', {
          version: v,
          explanation: 'Lý do trễ hạn: thiếu số liệu.',
        })
      ).status,
    ).toBe(400);
    const explained = await act(official1, task.id, 'explanation', {
      version: v,
      explanation: 'Lý do trễ hạn: chờ số liệu từ công an phường.',
      apology: 'Kính gửi đồng chí Chủ tịch, tôi xin lỗi vì đã để nhiệm vụ trễ hạn.',
    });
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ blocked: false, latenessCount: 1, state: 'accepted' });
    v = (explained.body as TaskSummary).version;

    // It continues: an extension moves the deadline, keeping the original for ranking.
    const newDeadline = new Date(Date.now() + 48 * HOUR).toISOString();
    v = (
      await act(official1, task.id, 'extension', {
        version: v,
        deadline: newDeadline,
        reason: 'Xin thêm 2 ngày.',
      }).expect(200)
    ).body.version;
    const approved = (await act(leaderD1, task.id, 'extension/approve', { version: v }).expect(200))
      .body as TaskSummary;
    expect(approved).toMatchObject({ deadline: newDeadline, originalDeadline: task.deadline });

    // Late again: a second lateness — a discipline case for the head of ward 1.
    await runBoth(new Date(Date.parse(newDeadline) + 60_000));
    const cases = await eventually(wardLeader1, 'task.discipline_case', task.id, 1);
    expect(cases).toHaveLength(1);
    expect(cases[0].payload).toMatchObject({ latenessNumber: 2, unitId: org.w1.id });
    const rows: { number: number; explanation: string | null }[] = await t.ds.query(
      'SELECT number, explanation FROM latenesses WHERE subject_id = $1 ORDER BY number',
      [task.id],
    );
    expect(rows.map((r) => [r.number, r.explanation !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    const [{ count }]: { count: string }[] = await t.ds.query(
      'SELECT count(*) FROM discipline_cases WHERE subject_id = $1',
      [task.id],
    );
    expect(Number(count)).toBe(1);
    expect(await feed(official1, 'task.discipline_case', task.id)).toHaveLength(0);
  });

  it('counts a deadline passed before the worker noticed: the lead is stopped at once and may explain at once', async () => {
    const task = await assignOk(t, d1, assignment(d1, { unitId: org.w1.id, userId: official1.id }));
    await act(official1, task.id, 'accept', { version: 1 }).expect(200);
    // The deadline passes (moved back in the database: the worker has not run since).
    await t.ds.query("UPDATE tasks SET deadline = now() - interval '1 minute' WHERE id = $1", [task.id]);
    const refused = await act(official1, task.id, 'start', { version: 2 });
    expect(`${refused.status} ${refused.body.code}`).toBe('423 task/overdue_requires_explanation');
    // The lists say so too: shown blocked, and found by the overdue filter.
    const overdueList = await t.http().get('/tasks?scope=mine&overdue=true').set(official1.auth).expect(200);
    expect((overdueList.body as { items: TaskSummary[] }).items.find((x) => x.id === task.id)).toMatchObject({
      blocked: true,
    });
    const onTime = await t.http().get('/tasks?scope=mine&overdue=false').set(official1.auth).expect(200);
    expect((onTime.body as { items: TaskSummary[] }).items.map((x) => x.id)).not.toContain(task.id);
    const explained = await act(official1, task.id, 'explanation', {
      version: 2,
      explanation: 'Lý do trễ hạn: mất điện cả buổi chiều.',
      apology: 'Tôi xin lỗi đồng chí Chủ tịch quận về việc chậm trễ.',
    });
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ blocked: false, latenessCount: 1 });
    // The worker does not count the same deadline again.
    await runBoth(new Date(Date.now() + 60_000));
    expect(
      ((await t.http().get(`/tasks/${task.id}`).set(official1.auth)).body as TaskSummary).latenessCount,
    ).toBe(1);
    await act(official1, task.id, 'start', { version: (explained.body as TaskSummary).version }).expect(200);
  });
});
