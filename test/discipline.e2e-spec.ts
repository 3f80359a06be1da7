import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { DisciplineCasePage, DisciplineCaseView } from '@lt/ranking';
import type { FeedEnvelope } from '@lt/realtime';
import { TaskDeadlines } from '@lt/tasks';
import { TimedRulesService } from '../apps/worker/src/timed-rules.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { taskLateTwice } from './support/discipline';
import { enrol, Signer } from './support/signing';
import { waitFor } from './support/sockets';
import { buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';
import { postDecision } from './support/decisions';
import { verifyBundleOffline } from './support/offline-verify';

/**
 * Discipline review (trễ hạn lần 2): the head of the reviewer unit sees each case with the
 * task, every lateness with its explanation and apology letter, and records a decision once.
 */
describe('discipline review (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let worker: INestApplicationContext;
  let districtHead: SignedIn; // leader of d1: assigns the tasks
  let d1: Signer;
  let wardHead: SignedIn; // leader of w1: reviews w1's cases
  let wardHead2: SignedIn; // a second leader of w1
  let wardDeputy: SignedIn;
  let official: SignedIn; // of w1: leads the tasks
  let otherWardHead: SignedIn; // leader of w2
  let otherDistrictHead: SignedIn; // leader of d2
  let cityHead: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50' });
    org = await buildOrg(t);
    districtHead = await person(t, [{ unit: org.d1, role: 'leader' }]);
    wardHead = await person(t, [{ unit: org.w1, role: 'leader' }]);
    wardHead2 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    wardDeputy = await person(t, [{ unit: org.w1, role: 'deputy_leader' }]);
    official = await person(t, [{ unit: org.w1, role: 'official' }]);
    otherWardHead = await person(t, [{ unit: org.w2, role: 'leader' }]);
    otherDistrictHead = await person(t, [{ unit: org.d2, role: 'leader' }]);
    cityHead = await person(t, [{ unit: org.city, role: 'leader' }]);
    d1 = await enrol(t, districtHead);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    // The test runs the deadline rule itself: the worker's own timer would race its version
    // numbers (a tick marking a task late between two steps answers 409). Stopping the timer
    // also waits for the pass it started at boot.
    await worker.get(TimedRulesService).onApplicationShutdown();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const lateTwice = (title: string, fileSecond = true) =>
    taskLateTwice(t, {
      assigner: d1,
      lead: { unitId: org.w1.id, userId: official.id },
      leadActor: official,
      title,
      markSecond: fileSecond ? undefined : () => worker.get(TaskDeadlines).run(new Date()),
    });
  const list = async (who: SignedIn, query = '') =>
    (await t.http().get(`/discipline-cases${query}`).set(who.auth).expect(200)).body as DisciplineCasePage;
  /** The head's decision, signed with their key (enrolled on first use). */
  const decide = (who: SignedIn, id: string, body: Record<string, unknown>) =>
    postDecision(t, who, `/discipline-cases/${id}/decision`, { type: 'discipline_case', id }, 'decide', body);

  it('lists the case for the head with the task, both latenesses, explanations and apology letters', async () => {
    const { task, caseId } = await lateTwice('Báo cáo số liệu hộ nghèo quý III');
    const page = await list(wardHead, '?state=open');
    const kase = page.items.find((c) => c.id === caseId)!;
    expect(kase).toMatchObject({
      state: 'open',
      latenessNumber: 2,
      unit: { id: org.w1.id },
      reviewerUnit: { id: org.w1.id },
      decision: null,
      mayDecide: true,
      version: 1,
      task: {
        id: task.id,
        title: 'Báo cáo số liệu hộ nghèo quý III',
        originalDeadline: task.originalDeadline,
        latenessCount: 2,
        lead: { unit: { id: org.w1.id }, user: { id: official.id } },
      },
    });
    expect(kase.task!.deadline).not.toBe(task.originalDeadline);
    expect(kase.latenesses.map((l) => [l.number, l.filedBy?.id])).toEqual([
      [1, official.id],
      [2, official.id],
    ]);
    expect(kase.latenesses[0].explanation).toMatch(/^Lần 1/);
    expect(kase.latenesses[0].apology).toMatch(/xin lỗi/);
    expect(kase.latenesses[1].explanation).toMatch(/^Lần 2/);
    expect(kase.latenesses.every((l) => l.filedAt !== null && l.missedDeadline && l.overdueAt)).toBe(true);

    // Deputies and the leaders above read it; they do not decide.
    for (const who of [wardDeputy, districtHead, cityHead]) {
      const seen = (await list(who)).items.find((c) => c.id === caseId);
      expect(seen).toMatchObject({ id: caseId, mayDecide: false });
    }
    // Sideways: nothing listed, and 404 for the case itself.
    for (const who of [otherWardHead, otherDistrictHead]) {
      expect((await list(who)).items.map((c) => c.id)).not.toContain(caseId);
      const res = await t.http().get(`/discipline-cases/${caseId}`).set(who.auth).expect(404);
      expect(res.body.code).toBe('discipline/case_not_found');
    }
    // The lead reads the case about their task, but has no list of cases to review.
    await t.http().get(`/discipline-cases/${caseId}`).set(official.auth).expect(200);
    expect((await list(official)).items).toEqual([]);
    // A unit filter outside one's reach is refused.
    const sideways = await t
      .http()
      .get(`/discipline-cases?unitId=${org.w2.id}`)
      .set(wardHead.auth)
      .expect(403);
    expect(sideways.body.code).toBe('access/forbidden');
    expect((await list(districtHead, `?unitId=${org.w2.id}`)).items.map((c) => c.id)).not.toContain(caseId);
    expect((await list(districtHead, `?unitId=${org.w1.id}`)).items.map((c) => c.id)).toContain(caseId);
  });

  it('records the head’s decision once, with an audit entry and an event for the lead', async () => {
    const { task, caseId } = await lateTwice('Rà soát hồ sơ đất đai tồn đọng');
    const body = { decision: 'criticise', note: 'Phê bình, yêu cầu rút kinh nghiệm về tiến độ.', version: 1 };

    const byDeputy = await decide(wardDeputy, caseId, body).expect(403);
    expect(byDeputy.body.code).toBe('discipline/not_reviewer');
    expect((await decide(districtHead, caseId, body).expect(403)).body.code).toBe('discipline/not_reviewer');
    expect((await decide(official, caseId, body).expect(403)).body.code).toBe('discipline/not_reviewer');
    expect((await decide(otherWardHead, caseId, body).expect(404)).body.code).toBe(
      'discipline/case_not_found',
    );

    const decided = (await decide(wardHead, caseId, body).expect(200)).body as DisciplineCaseView;
    expect(decided).toMatchObject({
      state: 'decided',
      mayDecide: false,
      version: 2,
      decision: {
        decision: 'criticise',
        name: { vi: 'Phê bình' },
        note: body.note,
        decidedBy: { id: wardHead.id },
      },
    });
    // Signed by the head: the bundle names the case and the decision, and openssl verifies it.
    const bundle = (
      await t.http().get(`/discipline-cases/${caseId}/signature`).set(official.auth).expect(200)
    ).body as Record<string, string>;
    expect(JSON.parse(Buffer.from(bundle.canonical, 'base64').toString('utf8'))).toMatchObject({
      subject: { type: 'discipline_case', id: caseId },
      action: 'decide',
      decision: 'criticise',
      signer: wardHead.id,
    });
    expect(verifyBundleOffline(bundle)).toMatchObject({
      chainValid: true,
      signatureValid: true,
      tamperedValid: false,
    });
    const again = await decide(wardHead, caseId, { ...body, version: 2, decision: 'remind' }).expect(409);
    expect(again.body).toMatchObject({
      code: 'discipline/already_decided',
      details: { decision: 'criticise' },
    });

    // Listed as decided, no longer as open.
    expect((await list(wardHead, '?state=decided')).items.map((c) => c.id)).toContain(caseId);
    expect((await list(wardHead, '?state=open')).items.map((c) => c.id)).not.toContain(caseId);

    const audits: {
      actor_id: string;
      acting_unit_id: string;
      after: { decision: string; taskId: string };
    }[] = await t.ds.query(
      "SELECT actor_id, acting_unit_id, after FROM audit_entries WHERE subject_type = 'discipline_case' AND subject_id = $1 AND action = 'discipline_case.decide'",
      [caseId],
    );
    expect(audits).toEqual([
      {
        actor_id: wardHead.id,
        acting_unit_id: org.w1.id,
        after: expect.objectContaining({ decision: 'criticise', taskId: task.id }),
      },
    ]);

    const decidedEvents = async () => {
      const page = (await t.http().get('/feed?after=0&limit=500').set(official.auth).expect(200)).body as {
        events: FeedEnvelope[];
      };
      // This case's decision: other tests decide other cases for the same official.
      return page.events.filter(
        (e) => e.name === 'task.discipline_decided' && (e.payload as { caseId: string }).caseId === caseId,
      );
    };
    await waitFor(async () => (await decidedEvents()).length > 0, 5000, 'task.discipline_decided');
    expect((await decidedEvents()).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        caseId,
        decision: 'criticise',
        note: body.note,
        decidedBy: { id: wardHead.id, fullName: expect.any(String) },
        task: expect.objectContaining({ id: task.id }),
      }),
    ]);
  });

  it('refuses bad decisions: unknown, without a note, stale, or accepting an explanation never filed', async () => {
    // Marked late the second time by the worker: the lead has not explained that one yet.
    const { caseId } = await lateTwice('Cập nhật cơ sở dữ liệu dân cư', false);

    const unknown = await decide(wardHead, caseId, { decision: 'pardon', version: 1 }).expect(400);
    expect(unknown.body.code).toBe('request/validation_failed');
    expect(unknown.body.fields.map((f: { field: string }) => f.field)).toContain('content.decision');

    const noNote = await decide(wardHead, caseId, { decision: 'propose_discipline', version: 1 }).expect(400);
    expect(noNote.body.fields).toEqual([
      expect.objectContaining({ field: 'content.note', message: expect.stringMatching(/note is required/) }),
    ]);
    const blank = await decide(wardHead, caseId, { decision: 'remind', note: '   ', version: 1 }).expect(400);
    expect(blank.body.fields.map((f: { field: string }) => f.field)).toEqual(['content.note']);
    await decide(wardHead, caseId, { decision: 'remind', note: 'x', version: 1, extra: true }).expect(400);
    await t.http().post('/discipline-cases/not-a-uuid/decision').set(wardHead.auth).send({}).expect(400);

    const stale = await decide(wardHead, caseId, {
      decision: 'remind',
      note: 'Nhắc nhở.',
      version: 7,
    }).expect(409);
    expect(stale.body).toMatchObject({
      code: 'request/conflict_version',
      details: { expectedVersion: 7, currentVersion: 1 },
    });

    const notFiled = await decide(wardHead, caseId, { decision: 'accept_explanation', version: 1 }).expect(
      409,
    );
    expect(notFiled.body.code).toBe('discipline/explanation_not_filed');
    const [{ decision }]: { decision: string | null }[] = await t.ds.query(
      'SELECT decision FROM discipline_cases WHERE id = $1',
      [caseId],
    );
    expect(decision).toBeNull();

    // Once the lead explains, the head may accept the explanation, and no note is needed.
    const view = (await t.http().get(`/discipline-cases/${caseId}`).set(wardHead.auth).expect(200))
      .body as DisciplineCaseView;
    expect(view.latenesses.map((l) => l.explanation !== null)).toEqual([true, false]);
    await t
      .http()
      .post(`/tasks/${view.task!.id}/explanation`)
      .set(official.auth)
      .send({
        version: view.task!.version,
        explanation: 'Lần 2: dữ liệu dân cư phải xác minh lại từng hộ.',
        apology: 'Tôi xin lỗi đồng chí Chủ tịch phường vì trễ hạn lần hai.',
      })
      .expect(200);
    const accepted = await decide(wardHead, caseId, { decision: 'accept_explanation', version: 1 }).expect(
      200,
    );
    expect(accepted.body.decision).toMatchObject({ decision: 'accept_explanation', note: null });
  });

  it('lets one of two heads deciding at once win; the other gets 409', async () => {
    const { caseId } = await lateTwice('Kiểm tra an toàn thực phẩm chợ phường');
    const [a, b] = await Promise.all([
      decide(wardHead, caseId, { decision: 'remind', note: 'Nhắc nhở lần đầu.', version: 1 }),
      decide(wardHead2, caseId, { decision: 'criticise', note: 'Phê bình trước cơ quan.', version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('discipline/already_decided');
    const winner = a.status === 200 ? wardHead : wardHead2;
    const rows: { decided_by: string; version: number }[] = await t.ds.query(
      'SELECT decided_by, version FROM discipline_cases WHERE id = $1',
      [caseId],
    );
    expect(rows).toEqual([{ decided_by: winner.id, version: 2 }]);
    const [{ count }]: { count: string }[] = await t.ds.query(
      "SELECT count(*) FROM audit_entries WHERE action = 'discipline_case.decide' AND subject_id = $1",
      [caseId],
    );
    expect(Number(count)).toBe(1);
  });

  it('sends a case to the head one level up when the ward head led the task, and he cannot decide it', async () => {
    const { caseId } = await taskLateTwice(t, {
      assigner: d1,
      lead: { unitId: org.w1.id, userId: wardHead.id },
      leadActor: wardHead,
      title: 'Chỉ đạo giải tỏa lấn chiếm vỉa hè',
    });
    const kase = (await t.http().get(`/discipline-cases/${caseId}`).set(wardHead.auth).expect(200))
      .body as DisciplineCaseView;
    expect(kase).toMatchObject({
      unit: { id: org.w1.id },
      reviewerUnit: { id: org.d1.id },
      mayDecide: false,
    });
    expect((await list(wardHead)).items.map((c) => c.id)).not.toContain(caseId);
    const self = await decide(wardHead, caseId, { decision: 'accept_explanation', version: 1 }).expect(403);
    expect(self.body.code).toBe('discipline/not_reviewer');
    expect((await list(districtHead)).items.find((c) => c.id === caseId)).toMatchObject({ mayDecide: true });
    await decide(districtHead, caseId, {
      decision: 'remind',
      note: 'Nhắc nhở Chủ tịch phường.',
      version: 1,
    }).expect(200);
  });
  it('lets the acting head (Q.) decide: the signed bytes, the record, the list and the event name the head', async () => {
    const { caseId } = await lateTwice('Thu gom rác thải khu dân cư');
    const [{ id: positionId }]: { id: string }[] = await t.ds.query(
      'SELECT id FROM positions WHERE user_id = $1',
      [wardHead.id],
    );
    const given = await t
      .http()
      .post('/delegations')
      .set(wardHead.auth)
      .send({
        positionId,
        delegateId: wardDeputy.id,
        form: 'Q',
        endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        reason: 'Chủ tịch phường nghỉ phép',
      })
      .expect(201);
    const actingFor = { delegationId: given.body.id, delegatorId: wardHead.id };
    const kase = (await t.http().get(`/discipline-cases/${caseId}`).set(wardDeputy.auth).expect(200))
      .body as DisciplineCaseView;
    expect(kase).toMatchObject({ mayDecide: true, decidingFor: actingFor });
    const body = { decision: 'remind', note: 'Nhắc nhở, yêu cầu khắc phục ngay.', version: 1 };
    // The signed bytes must say it is decided by delegation, and only then.
    expect((await decide(wardDeputy, caseId, body).expect(422)).body.code).toBe(
      'discipline/acting_for_mismatch',
    );
    expect((await decide(wardHead2, caseId, { ...body, actingFor }).expect(403)).body.code).toBe(
      'delegation/not_running',
    );
    const decided = (await decide(wardDeputy, caseId, { ...body, actingFor }).expect(200))
      .body as DisciplineCaseView;
    expect(decided.decision).toMatchObject({
      decidedBy: { id: wardDeputy.id },
      onBehalfOf: { id: wardHead.id, fullName: expect.any(String) },
    });
    expect(
      (await list(wardHead, '?state=decided')).items.find((c) => c.id === caseId)?.decision,
    ).toMatchObject({
      onBehalfOf: { id: wardHead.id },
    });
    const bundle = (
      await t.http().get(`/discipline-cases/${caseId}/signature`).set(official.auth).expect(200)
    ).body as Record<string, string>;
    expect(JSON.parse(Buffer.from(bundle.canonical, 'base64').toString('utf8'))).toMatchObject({
      signer: wardDeputy.id,
      actingFor,
    });
    const [audit]: { on_behalf_of_id: string; delegation_id: string }[] = await t.ds.query(
      "SELECT on_behalf_of_id, delegation_id FROM audit_entries WHERE subject_id = $1 AND action = 'discipline_case.decide'",
      [caseId],
    );
    expect(audit).toEqual({ on_behalf_of_id: wardHead.id, delegation_id: given.body.id });
    const decidedEvent = async () => {
      const page = (await t.http().get('/feed?after=0&limit=500').set(official.auth).expect(200)).body as {
        events: FeedEnvelope[];
      };
      return page.events.find(
        (e) => e.name === 'task.discipline_decided' && (e.payload as { caseId: string }).caseId === caseId,
      );
    };
    await waitFor(async () => (await decidedEvent()) !== undefined, 5000, 'task.discipline_decided');
    expect((await decidedEvent())!.payload).toMatchObject({
      decidedBy: { id: wardDeputy.id },
      onBehalfOf: { id: wardHead.id },
    });
    await t
      .http()
      .post(`/delegations/${given.body.id}/revoke`)
      .set(wardHead.auth)
      .send({ version: given.body.version })
      .expect(200);
  });
});
