import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { DisciplineCasePage, DisciplineCaseView } from '@lt/ranking';
import { TimedRulesService } from '../apps/worker/src/timed-rules.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { nextWorkingDay, vietnamToday } from './support/calendar';
import { binary } from './support/download';
import { postDecision } from './support/decisions';
import { waitForFeedEvent } from './support/feed';
import {
  buildTwoTierOrg,
  codeOf,
  person,
  SignedIn,
  startTestApp,
  TestApp,
  TwoTierOrg,
} from './support/test-app';

/**
 * A citizen's file that misses its appointment goes through the tasks' lateness mechanism
 * (@lt/lateness): the worker counts it and stops it; nothing moves it until the step's handler
 * files an explanation and an apology letter to the citizen with a new appointment, which the
 * citizen reads in the lookup; late a second time, it opens a discipline case for the ward
 * head, reviewed and decided by the city's head in the same review as tasks.
 */
describe('one-stop counter: late files, apology letters, discipline (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TwoTierOrg;
  let counter: SignedIn; // official of w1: the counter and the first step
  let wardHead: SignedIn;
  let cityHead: SignedIn; // reviews the ward head's case
  let deptOfficial: SignedIn; // handles no step of this procedure
  let otherWard: SignedIn;
  const today = vietnamToday();

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildTwoTierOrg(t);
    counter = await person(t, [{ unit: org.w1, role: 'official' }]);
    wardHead = await person(t, [{ unit: org.w1, role: 'leader' }]);
    cityHead = await person(t, [{ unit: org.city, role: 'leader' }]);
    deptOfficial = await person(t, [{ unit: org.dept, role: 'official' }]);
    otherWard = await person(t, [{ unit: org.w2, role: 'official' }]);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    // The test runs the rules itself: the worker's own timer would race the file's versions.
    await worker.get(TimedRulesService).onApplicationShutdown();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const http = () => t.http();
  const runWorker = () => worker.get(TimedRulesService).runOnce(new Date());
  /** Time passes: the appointment is moved an hour into the past. */
  const passAppointment = (id: string) =>
    t.ds.query("UPDATE citizen_files SET appointment_at = now() - interval '1 hour' WHERE id = $1", [id]);

  it('stops a late file until the step files its apology, and opens a case when it is late again', async () => {
    const admin = await person(t, [{ unit: org.w1, role: 'unit_admin' }]);
    const procedure = (
      await http()
        .post('/one-stop/procedures')
        .set(admin.auth)
        .send({
          unitId: org.w1.id,
          code: '2.000986',
          name: 'Chứng thực hợp đồng, giao dịch',
          papers: [{ name: 'Dự thảo hợp đồng', original: true, copies: 1 }],
          processingDays: 2,
          steps: [
            { name: 'Kiểm tra hồ sơ', unitId: org.w1.id, role: 'official', days: 1 },
            { name: 'Chủ tịch phường ký chứng thực', unitId: org.w1.id, role: 'leader', days: 1 },
          ],
        })
        .expect(201)
    ).body as { id: string; papers: object[] };
    let file = (
      await http()
        .post('/one-stop/files')
        .set(counter.auth)
        .send({
          procedureId: procedure.id,
          applicant: { fullName: 'Lê Văn Hùng', phone: '0914222333' },
          papers: procedure.papers,
        })
        .expect(201)
    ).body as { id: string; code: string; lookupPin: string; version: number };
    const act = (who: SignedIn, action: string, body: object) =>
      http().post(`/one-stop/files/${file.id}/${action}`).set(who.auth).send(body);
    const read = async () =>
      (await http().get(`/one-stop/files/${file.id}`).set(counter.auth).expect(200)).body;

    // Past its appointment the file moves no more, even before the worker has counted it.
    await passAppointment(file.id);
    expect(codeOf(await act(counter, 'step-done', { version: file.version }))).toBe(
      '423 one_stop/late_requires_apology',
    );
    // (The run's other test files share the database: their late files count as well.)
    expect((await runWorker()).citizenFiles.late).toBeGreaterThanOrEqual(1);
    expect((await runWorker()).citizenFiles).toEqual({ late: 0, disciplineCases: 0 }); // counted once
    file = await read();
    expect(file).toMatchObject({
      awaitingApology: true,
      latenesses: [{ number: 1, explanation: null, apology: null, filedAt: null }],
    });
    expect(codeOf(await act(counter, 'request-papers', { version: file.version, reason: 'Bổ sung' }))).toBe(
      '423 one_stop/late_requires_apology',
    );

    // The apology: by the step's handler only, with a real new appointment.
    const newAppointment = await nextWorkingDay(t, today);
    const letter = {
      version: file.version,
      explanation: 'Hợp đồng cần đối chiếu thêm giấy tờ gốc tại Văn phòng đăng ký đất đai.',
      apology: 'UBND phường thành thật xin lỗi Ông vì hồ sơ chưa được giải quyết đúng hẹn.',
      newAppointment,
    };
    expect(codeOf(await act(deptOfficial, 'apology', letter))).toBe('404 one_stop/file_not_found');
    expect(codeOf(await act(otherWard, 'apology', letter))).toBe('404 one_stop/file_not_found');
    // A clerk of the ward reads the file but handles no step of it (its leaders may stand in).
    const clerk = await person(t, [{ unit: org.w1, role: 'clerk' }]);
    expect(codeOf(await act(clerk, 'apology', letter))).toBe('403 one_stop/not_step_handler');
    expect(codeOf(await act(counter, 'apology', { ...letter, newAppointment: today }))).toBe(
      '422 one_stop/bad_new_appointment',
    );
    expect(codeOf(await act(counter, 'apology', { ...letter, apology: ' ' }))).toBe(
      '400 request/validation_failed',
    );
    expect(codeOf(await act(counter, 'apology', { ...letter, version: file.version - 1 }))).toMatch(/^409 /);
    file = (await act(counter, 'apology', letter).expect(200)).body;
    expect(file).toMatchObject({
      awaitingApology: false,
      latenesses: [
        {
          number: 1,
          explanation: letter.explanation,
          apology: letter.apology,
          newAppointmentAt: `${letter.newAppointment}T10:00:00.000Z`, // 17:00 in Việt Nam
          filedBy: { id: counter.id },
        },
      ],
    });
    const planned = file as unknown as { appointmentAt: string; steps: { dueDay: string }[] };
    expect(planned.appointmentAt).toBe(`${letter.newAppointment}T10:00:00.000Z`);
    expect(planned.steps.every((s) => s.dueDay <= letter.newAppointment)).toBe(true);
    expect(codeOf(await act(counter, 'apology', letter))).toMatch(/^409 /); // nothing left to apologise for

    // The citizen reads the letter and the new date; the explanation stays inside.
    const lookup = (
      await http()
        .get(`/public/one-stop/files/${encodeURIComponent(file.code)}`)
        .query({ pin: file.lookupPin })
        .expect(200)
    ).body as { apologies: object[]; appointmentAt: string };
    expect(lookup.apologies).toEqual([
      {
        number: 1,
        missedAppointment: expect.any(String),
        apology: letter.apology,
        newAppointmentAt: planned.appointmentAt,
        filedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(lookup)).not.toContain('Văn phòng đăng ký');
    expect(lookup.appointmentAt).toBe(planned.appointmentAt);

    // It moves on; then misses the new appointment too: the second lateness opens a case for
    // the ward head, reviewed by the city's head.
    file = (await act(counter, 'step-done', { version: file.version }).expect(200)).body;
    await passAppointment(file.id);
    expect((await runWorker()).citizenFiles).toMatchObject({
      late: expect.any(Number),
      disciplineCases: expect.any(Number),
    });
    const cases = (
      (await http().get('/discipline-cases?state=open').set(cityHead.auth).expect(200))
        .body as DisciplineCasePage
    ).items.filter((c) => c.citizenFile?.id === file.id);
    expect(cases).toHaveLength(1);
    const [kase] = cases;
    expect(kase).toMatchObject({
      task: null,
      citizenFile: { code: file.code, procedure: { name: 'Chứng thực hợp đồng, giao dịch' } },
      latenessNumber: 2,
      unit: { id: org.w1.id },
      reviewerUnit: { id: org.city.id },
      mayDecide: true,
    });
    expect(kase.latenesses.map((l) => [l.number, l.apology])).toEqual([
      [1, letter.apology],
      [2, null],
    ]);
    // The ward head reads the case about his unit; he does not decide it; another ward does not see it.
    expect(
      (
        (await http().get(`/discipline-cases/${kase.id}`).set(wardHead.auth).expect(200))
          .body as DisciplineCaseView
      ).mayDecide,
    ).toBe(false);
    await http().get(`/discipline-cases/${kase.id}`).set(otherWard.auth).expect(404);
    await waitForFeedEvent(t, cityHead, 'citizen_file.discipline_case');

    // Decided in the one review, as for tasks, and the ward's leaders hear of it.
    const decide = (who: SignedIn, body: Record<string, unknown>) =>
      postDecision(
        t,
        who,
        `/discipline-cases/${kase.id}/decision`,
        { type: 'discipline_case', id: kase.id },
        'decide',
        body,
      );
    await decide(wardHead, { version: kase.version, decision: 'remind', note: 'Nhắc nhở' }).expect(403);
    const decided = (
      await decide(cityHead, {
        version: kase.version,
        decision: 'criticise',
        note: 'Phê bình bộ phận một cửa phường vì để hồ sơ trễ hẹn hai lần.',
      }).expect(200)
    ).body as DisciplineCaseView;
    expect(decided).toMatchObject({ state: 'decided', decision: { decision: 'criticise' } });
    await waitForFeedEvent(
      t,
      wardHead,
      'citizen_file.discipline_decided',
      (p) => (p.file as { id: string }).id === file.id,
    );

    // The whole story in the audit, none of it naming the citizen.
    const audit: { action: string; after: object }[] = await t.ds.query(
      `SELECT action, after FROM audit_entries
        WHERE subject_id = $1 OR (subject_id = $2 AND subject_type = 'discipline_case') ORDER BY id`,
      [file.id, kase.id],
    );
    // The second lateness and its case are one transaction, written to two units' chains.
    const actions = audit.map((a) => a.action);
    expect(actions.slice(0, 4)).toEqual([
      'citizen_file.receive',
      'citizen_file.late',
      'citizen_file.apologised',
      'citizen_file.step_done',
    ]);
    expect(actions.slice(4, 6).sort()).toEqual(['citizen_file.discipline_case.open', 'citizen_file.late']);
    expect(actions.slice(6)).toEqual(['discipline_case.decide']);
    expect(JSON.stringify(audit)).not.toContain('Lê Văn Hùng');
  });

  it('counts the late file in the summary table, its export and the monthly ranking, beside tasks', async () => {
    // The ward's files so far (the test above): received this month, and late.
    const [mine]: { received: number; late: number }[] = await t.ds.query(
      `SELECT count(*)::int AS received, count(*) FILTER (WHERE lateness_count > 0)::int AS late
         FROM citizen_files WHERE unit_id = $1`,
      [org.w1.id],
    );
    expect(mine.late).toBeGreaterThan(0);
    const summary = (
      await http().get('/reports/summary').query({ unitId: org.w1.id }).set(wardHead.auth).expect(200)
    ).body as { total: { citizenFiles: object }; rows: { scope: string; citizenFiles: object }[] };
    // A file late once stays late, whatever its new appointment: no rate but 0.
    const files = { received: mine.received, onTime: 0, late: mine.late, onTimeRate: 0 };
    expect(summary.total.citizenFiles).toMatchObject(files);
    expect(summary.rows.find((r) => r.scope === 'unit')?.citizenFiles).toMatchObject(files);
    const csv = await binary(
      http().get('/reports/summary.csv').query({ unitId: org.w1.id }).set(wardHead.auth),
    ).expect(200);
    const total = (csv.body as Buffer)
      .toString('utf8')
      .split('\r\n')
      .find((l) => l.startsWith('Tổng cộng'));
    expect(total).toMatch(new RegExp(`,${mine.received},0,${mine.late},0,0\\.0%$`));

    // The month's ranking (provisional): the file judged in the month of its appointment in force.
    await t.ds.query('UPDATE citizen_files SET appointment_at = now() WHERE unit_id = $1', [org.w1.id]);
    const ranking = (await http().get('/ranking').query({ unitId: org.w1.id }).set(wardHead.auth).expect(200))
      .body as {
      ruleSet: object;
      units: { unit: { id: string }; citizenFiles: object; disciplineCases: number }[];
    };
    expect(ranking.ruleSet).toMatchObject({ citizenFileWeight: 1 });
    const ward = ranking.units.find((u) => u.unit.id === org.w1.id);
    expect(ward).toMatchObject({
      counted: 0,
      citizenFiles: { counted: mine.late, onTime: 0, late: mine.late, pending: 0 },
      onTimeRate: 0,
      grade: 'not_done',
    });
    expect(ward!.disciplineCases).toBeGreaterThanOrEqual(1);
  });
});
