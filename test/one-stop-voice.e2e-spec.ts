import { Workbook } from 'exceljs';
import { binary } from './support/download';
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
 * The citizen's voice over real HTTP, without an account: the satisfaction survey once a
 * file's result is handed back (one response per file), and a unit's feedback mailbox (góp ý,
 * phản ánh) answered once by its leader, the answer read by the code and PIN given on sending.
 */
describe('one-stop counter: satisfaction survey and feedback mailbox (e2e)', () => {
  let t: TestApp;
  let org: TwoTierOrg;
  let counter: SignedIn;
  let wardHead: SignedIn;
  let cityHead: SignedIn;
  let otherWardHead: SignedIn;
  let official: SignedIn; // of the ward: not one who answers
  let file: { id: string; code: string; lookupPin: string; version: number };

  beforeAll(async () => {
    t = await startTestApp({ ONE_STOP_LOOKUPS_PER_MINUTE: '40', ONE_STOP_WRONG_PINS_PER_HOUR: '3' });
    org = await buildTwoTierOrg(t);
    counter = await person(t, [{ unit: org.w1, role: 'official' }]);
    official = counter;
    wardHead = await person(t, [{ unit: org.w1, role: 'leader' }]);
    cityHead = await person(t, [{ unit: org.city, role: 'leader' }]);
    otherWardHead = await person(t, [{ unit: org.w2, role: 'leader' }]);
    const admin = await person(t, [{ unit: org.w1, role: 'unit_admin' }]);
    const procedure = (
      await t
        .http()
        .post('/one-stop/procedures')
        .set(admin.auth)
        .send({
          unitId: org.w1.id,
          code: '1.001612',
          name: 'Đăng ký kết hôn',
          papers: [{ name: 'Tờ khai đăng ký kết hôn', original: true, copies: 1 }],
          processingDays: 1,
          steps: [
            { name: 'Công chức tư pháp – hộ tịch giải quyết', unitId: org.w1.id, role: 'official', days: 1 },
          ],
        })
        .expect(201)
    ).body as { id: string; papers: object[] };
    file = (
      await t
        .http()
        .post('/one-stop/files')
        .set(counter.auth)
        .send({
          procedureId: procedure.id,
          applicant: { fullName: 'Ngô Thị Lan', phone: '0905777666' },
          papers: procedure.papers,
        })
        .expect(201)
    ).body;
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const scores = { timeliness: 5, attitude: 4, guidance: 5, overall: 5 };
  const rate = (body: object, code = file.code) =>
    http()
      .post(`/public/one-stop/files/${encodeURIComponent(code)}/rating`)
      .send(body);
  const lookup = async () =>
    (
      await http()
        .get(`/public/one-stop/files/${encodeURIComponent(file.code)}`)
        .query({ pin: file.lookupPin })
        .expect(200)
    ).body as { mayRate: boolean };

  it('takes one rating per file, after the result is handed back, with scores 1 to 5', async () => {
    expect(await lookup()).toMatchObject({ mayRate: false });
    expect(codeOf(await rate({ pin: file.lookupPin, scores }))).toBe('409 one_stop/not_returned');
    const act = (action: string) =>
      http()
        .post(`/one-stop/files/${file.id}/${action}`)
        .set(counter.auth)
        .send({ version: file.version })
        .expect(200)
        .then((r) => (file = r.body));
    await act('step-done');
    await act('hand-back');
    expect(await lookup()).toMatchObject({ mayRate: true });

    for (const bad of [
      { pin: file.lookupPin, scores: { ...scores, overall: 6 } },
      { pin: file.lookupPin, scores: { ...scores, attitude: 0 } },
      { pin: file.lookupPin, scores: { timeliness: 5 } },
      { pin: file.lookupPin, scores: { ...scores, guidance: 'tốt' } },
      { pin: file.lookupPin },
      { pin: '12', scores },
      { pin: file.lookupPin, scores, comment: 'x'.repeat(1001) },
    ])
      expect(codeOf(await rate(bad))).toBe('400 request/validation_failed');
    const wrongPin = file.lookupPin === '000000' ? '111111' : '000000';
    expect(codeOf(await rate({ pin: wrongPin, scores }))).toBe('404 one_stop/lookup_not_found');
    expect(codeOf(await rate({ pin: file.lookupPin, scores }, 'not-a-code'))).toBe(
      '400 request/validation_failed',
    );

    const [first, second] = await Promise.all([
      rate({ pin: file.lookupPin, scores, comment: 'Cán bộ hướng dẫn tận tình.' }),
      rate({ pin: file.lookupPin, scores: { ...scores, overall: 1 } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect(codeOf(await rate({ pin: file.lookupPin, scores }))).toBe('409 one_stop/already_rated');
    expect(await lookup()).toMatchObject({ mayRate: false });
    const rows: { scores: object }[] = await t.ds.query(
      'SELECT scores FROM citizen_file_ratings WHERE file_id = $1',
      [file.id],
    );
    expect(rows).toHaveLength(1);
    const [entry]: { after: object; actor_id: string | null }[] = await t.ds.query(
      "SELECT after, actor_id FROM audit_entries WHERE subject_id = $1 AND action = 'citizen_file.rate'",
      [file.id],
    );
    expect(entry.actor_id).toBeNull();
    expect(JSON.stringify(entry.after)).not.toContain('tận tình');
  });

  it('takes feedback to a unit without an account; its leader answers once; the sender reads it by code', async () => {
    const units = (await http().get('/public/feedback/units').expect(200)).body as {
      id: string;
      name: string;
    }[];
    // The ward with a counter, not the one without (the run's other files add theirs).
    expect(units.map((u) => u.id)).toContain(org.w1.id);
    expect(units.map((u) => u.id)).not.toContain(org.w2.id);
    const message = {
      unitId: org.w1.id,
      kind: 'complaint',
      about: 'Bộ phận một cửa, quầy số 2',
      text: 'Tôi phải chờ quá lâu mà không được hướng dẫn lấy số thứ tự.',
      contactName: 'Võ Minh Tâm',
      contactPhone: '0914555666',
    };
    for (const bad of [
      { ...message, kind: 'khen' },
      { ...message, text: '   ' },
      { ...message, text: 'x'.repeat(4001) },
      { ...message, unitId: 'not-a-uuid' },
      { ...message, contactPhone: '12345' },
    ])
      expect(codeOf(await http().post('/public/feedback').send(bad))).toBe('400 request/validation_failed');
    expect(
      codeOf(
        await http()
          .post('/public/feedback')
          .send({ ...message, unitId: org.w2.id }),
      ),
    ).toBe('422 feedback/unit_not_open');
    const sent = (await http().post('/public/feedback').send(message).expect(201)).body as {
      code: string;
      pin: string;
      dueAt: string;
    };
    expect(sent.code).toMatch(/^GY-\d{6}-\d{6}$/);
    expect(sent.pin).toMatch(/^\d{6}$/);
    expect(new Date(sent.dueAt).getTime()).toBeGreaterThan(Date.now() + 10 * 86_400_000); // ten working days

    // The ward's leader is told and sees it with the contact; the city's leader too (above);
    // the ward's official and another ward's leader do not.
    await waitForFeedEvent(t, wardHead, 'feedback.received');
    const box = (await http().get(`/one-stop/feedback?unitId=${org.w1.id}`).set(wardHead.auth).expect(200))
      .body as { id: string; contactPhone: string; overdue: boolean; version: number; answer: null }[];
    expect(box).toEqual([
      expect.objectContaining({ code: sent.code, contactPhone: '0914555666', overdue: false, answer: null }),
    ]);
    await http().get(`/one-stop/feedback?unitId=${org.w1.id}`).set(cityHead.auth).expect(200);
    await http().get(`/one-stop/feedback?unitId=${org.w1.id}`).set(official.auth).expect(403);
    await http().get(`/one-stop/feedback?unitId=${org.w1.id}`).set(otherWardHead.auth).expect(403);

    const read = (pin = sent.pin) => http().get(`/public/feedback/${sent.code}`).query({ pin });
    expect((await read().expect(200)).body).toMatchObject({ text: message.text, answer: null });
    expect(JSON.stringify((await read().expect(200)).body)).not.toContain('0914555666');

    const answer = (who: SignedIn, body: object) =>
      http().post(`/one-stop/feedback/${box[0].id}/answer`).set(who.auth).send(body);
    const reply = {
      version: box[0].version,
      answer: 'UBND phường xin tiếp thu; từ tuần sau quầy số 2 có máy lấy số và cán bộ hướng dẫn.',
    };
    expect(codeOf(await answer(otherWardHead, reply))).toBe('404 feedback/not_found');
    expect(codeOf(await answer(official, reply))).toBe('403 access/forbidden');
    expect(codeOf(await answer(wardHead, { ...reply, answer: ' ' }))).toBe('400 request/validation_failed');
    const both = await Promise.all([answer(wardHead, reply), answer(cityHead, { ...reply, answer: 'Khác' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(codeOf(await answer(wardHead, reply))).toBe('409 feedback/already_answered');
    const answered = (await read().expect(200)).body as { answer: string; answeredAt: string };
    expect([reply.answer, 'Khác']).toContain(answered.answer);
    expect(answered.answeredAt).toEqual(expect.any(String));

    // A wrong PIN and an unknown code answer alike; past the limit even the right PIN waits.
    const wrong = sent.pin === '000000' ? '111111' : '000000';
    expect(codeOf(await read(wrong))).toBe('404 feedback/not_found');
    expect(codeOf(await http().get('/public/feedback/GY-000000-000000').query({ pin: sent.pin }))).toBe(
      '404 feedback/not_found',
    );
    await read(wrong);
    await read(wrong);
    const locked = await read();
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toEqual(expect.any(String));

    const audit: { action: string; after: object }[] = await t.ds.query(
      `SELECT action, after FROM audit_entries WHERE subject_type = 'feedback' AND subject_id = $1 ORDER BY id`,
      [box[0].id],
    );
    expect(audit.map((a) => a.action)).toEqual(['feedback.send', 'feedback.answer']);

    // The leaders' figures: the survey's averages and the mailbox answered on time, per unit.
    const period = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
    const figures = (
      await http().get(`/one-stop/figures?unitId=${org.city.id}&${period}`).set(cityHead.auth).expect(200)
    ).body as {
      voice: { unit: { id: string }; ratings: number; averages: { timeliness: number }; feedback: number }[];
    };
    expect(figures.voice).toEqual([
      {
        unit: { id: org.w1.id, name: org.w1.name },
        ratings: 1,
        averages: { timeliness: 5, attitude: 4, guidance: 5, overall: expect.any(Number) },
        feedback: 1,
        answeredOnTime: 1,
        answeredLate: 0,
        waiting: 0,
        overdue: 0,
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain('Võ Minh Tâm');

    // The same figures exported: CSV (files, then the citizens' voice) and a workbook of two sheets.
    const exported = (format: 'csv' | 'xlsx', who = cityHead) =>
      binary(http().get(`/reports/one-stop.${format}?unitId=${org.city.id}&${period}`).set(who.auth));
    const csv = await exported('csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="hs-mot-cua_\d{4}-\d\d-\d\d_/);
    const lines = (csv.body as Buffer).subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Đơn vị,Mã thủ tục,Thủ tục hành chính,Hồ sơ tiếp nhận,Trả đúng hẹn,Trả trễ hẹn,Đang giải quyết trong hạn,Quá hạn,Yêu cầu bổ sung hồ sơ',
    );
    const voiceAt = lines.indexOf(
      'Đơn vị,Phiếu khảo sát,Điểm đúng hẹn,Điểm thái độ,Điểm hướng dẫn,Điểm hài lòng chung,Góp ý, phản ánh nhận,Trả lời đúng hạn,Trả lời trễ hạn,Chờ trả lời trong hạn,Quá hạn trả lời'.replace(
        'Góp ý, phản ánh nhận',
        '"Góp ý, phản ánh nhận"',
      ),
    );
    expect(lines[voiceAt - 1]).toBe('');
    expect(lines[voiceAt - 2]).toMatch(/^Tổng cộng,,,\d+,/);
    const overall = (figures.voice[0].averages as { overall?: number }).overall;
    expect(lines[voiceAt + 1]).toBe(`${org.w1.name},1,5,4,5,${overall},1,1,0,0,0`);

    const xlsx = await exported('xlsx').expect(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Hồ sơ', 'Hài lòng, góp ý']);
    expect(workbook.getWorksheet('Hồ sơ')!.getCell('A1').value).toBe(
      `Tình hình giải quyết hồ sơ một cửa — ${org.city.name}`,
    );
    expect(workbook.getWorksheet('Hài lòng, góp ý')!.getRow(5).values).toEqual([
      undefined,
      org.w1.name,
      1,
      5,
      4,
      5,
      overall,
      1,
      1,
      0,
      0,
      0,
    ]);
    // Another ward's head does not read the city's figures; a malformed period is refused.
    expect((await exported('csv', otherWardHead).expect(403)).body).toBeDefined();
    await http()
      .get(`/reports/one-stop.csv?unitId=${org.city.id}&from=hôm-qua&to=x`)
      .set(cityHead.auth)
      .expect(400);
  });
});
