import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { AgendaDto } from '@lt/agenda';
import type { TaskSummary } from '@lt/tasks';
import { TaskDeadlines } from '@lt/tasks';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { registerIncomingOk } from './support/documents';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import { buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';
import { actOnTask } from './support/decisions';

const HOUR = 3_600_000;

/**
 * The home page's "what waits for me" (GET /me/agenda): each thing lands in the group of the
 * action it needs, for the person who must act, overdue first; acting on it moves or removes
 * it; nobody else sees it.
 */
describe('what waits for me (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leaderD1: SignedIn; // issues and assigns
  let d1: Signer;
  let official1: SignedIn; // of ward 1: acknowledges, accepts, reports, explains
  let clerk1: SignedIn; // of ward 1: routes incoming documents
  let official3: SignedIn; // of ward 3: sees none of it
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    leaderD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    official1 = await person(t, [{ unit: org.w1, role: 'official' }]);
    clerk1 = await person(t, [{ unit: org.w1, role: 'clerk' }]);
    official3 = await person(t, [{ unit: org.w3, role: 'official' }]);
    d1 = await enrol(t, leaderD1);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const agenda = async (who: SignedIn) =>
    (await t.http().get('/me/agenda').set(who.auth).expect(200)).body as AgendaDto;
  const group = (a: AgendaDto, name: string) => a.groups.find((g) => g.group === name)!;
  const ids = (a: AgendaDto, name: string) => group(a, name).items.map((i) => i.id);
  const act = (who: SignedIn, id: string, path: string, body: Record<string, unknown> = {}) =>
    actOnTask(t, who, id, path, body);
  const versionOf = async (id: string) =>
    ((await t.http().get(`/tasks/${id}`).set(leaderD1.auth).expect(200)).body as TaskSummary).version;
  const assignTo = (who: SignedIn, hours: number) =>
    assignOk(
      t,
      d1,
      assignment(
        d1,
        { unitId: org.w1.id, userId: who.id },
        { deadline: new Date(Date.now() + hours * HOUR).toISOString() },
      ),
    );

  it('groups what waits for each person by the action it needs, overdue first, and only for them', async () => {
    expect((await agenda(official1)).total).toBe(0);
    const directive = (
      await t
        .http()
        .post('/directives')
        .set(leaderD1.auth)
        .send({
          issuingUnitId: org.d1.id,
          type: 'CT',
          subject: 'Kiểm tra an toàn thực phẩm dịp Tết',
          body: 'Các phường báo cáo kết quả kiểm tra.',
          urgency: 1,
          targets: [{ unitId: org.w1.id, roles: ['official'] }],
          ackDueAt: new Date(Date.now() + HOUR).toISOString(),
        })
        .expect(201)
    ).body as { id: string };
    const toAccept = await assignTo(official1, 48);
    const toReport = await assignTo(official1, 72);
    await act(official1, toReport.id, 'accept', { version: 1 }).expect(200);
    const late = await assignTo(official1, 1);
    await act(official1, late.id, 'accept', { version: 1 }).expect(200);
    const submitted = await assignTo(official1, 96);
    await act(official1, submitted.id, 'accept', { version: 1 }).expect(200);
    await act(official1, submitted.id, 'submit', { version: 2, text: 'Đã hoàn thành.' }).expect(200);
    const document = await registerIncomingOk(t, clerk1);
    // The late task passes its deadline: blocked until its lead explains.
    await worker.get(TaskDeadlines).run(new Date(Date.now() + 2 * HOUR));

    const mine = await agenda(official1);
    expect(ids(mine, 'acknowledge')).toEqual([directive.id]);
    expect(ids(mine, 'accept')).toEqual([toAccept.id]);
    expect(ids(mine, 'report')).toEqual([toReport.id]);
    expect(group(mine, 'explain').items).toMatchObject([{ id: late.id, kind: 'task', overdue: true }]);
    expect(mine.groups.map((g) => g.group)).toEqual([
      'explain',
      'acknowledge',
      'accept',
      'decide',
      'handle',
      'report',
      'follow_up',
    ]);
    expect(mine.total).toBe(4);
    expect(ids(mine, 'decide')).toEqual([]);

    const assigner = await agenda(leaderD1);
    expect(group(assigner, 'decide').items).toMatchObject([{ id: submitted.id, kind: 'task' }]);
    expect(ids(assigner, 'accept')).toEqual([]);

    expect(group(await agenda(clerk1), 'handle').items).toMatchObject([
      { id: document.id, kind: 'document' },
    ]);
    // Someone of another ward sees none of it.
    expect((await agenda(official3)).total).toBe(0);

    // Acting moves the item: accepted, it waits for a report; acknowledged, it is gone.
    await act(official1, toAccept.id, 'accept', { version: await versionOf(toAccept.id) }).expect(200);
    await t.http().post(`/directives/${directive.id}/acknowledge`).set(official1.auth).send({}).expect(200);
    await act(leaderD1, submitted.id, 'complete', { version: await versionOf(submitted.id) }).expect(200);
    const after = await agenda(official1);
    expect(ids(after, 'accept')).toEqual([]);
    expect(ids(after, 'acknowledge')).toEqual([]);
    expect(ids(after, 'report').sort()).toEqual([toAccept.id, toReport.id].sort());
    expect(ids(await agenda(leaderD1), 'decide')).toEqual([]);
  });

  it('asks the assigner to decide an extension, and needs a sign-in', async () => {
    const task = await assignTo(official1, 48);
    await act(official1, task.id, 'accept', { version: 1 }).expect(200);
    await act(official1, task.id, 'extension', {
      version: 2,
      deadline: new Date(Date.now() + 96 * HOUR).toISOString(),
      reason: 'Chờ số liệu của công an phường.',
    }).expect(200);
    expect(ids(await agenda(leaderD1), 'decide')).toContain(task.id);
    await t.http().get('/me/agenda').expect(401);
  });
});
