import { CommandRunner } from '@lt/commands';
import { PersonalDataRetention } from '@lt/one-stop';
import type { FeedEnvelope } from '@lt/realtime';
import { nextWeekday, vietnamToday } from './support/calendar';
import { waitFor } from './support/sockets';
import {
  addUnit,
  buildTwoTierOrg,
  codeOf,
  config,
  person,
  SignedIn,
  startTestApp,
  TestApp,
  TwoTierOrg,
} from './support/test-app';

/**
 * The one-stop counter (bộ phận một cửa) over real HTTP on the two-tier tree: the root's admin
 * enters the year's holidays, a ward's admin keeps the ward's catalogue of procedures, the
 * ward's counter official receives a citizen's file and the appointment skips the holiday; the
 * applicant's personal data is read only by those who handle the file.
 */
describe('one-stop counter: calendar, catalogue, receiving files (e2e)', () => {
  let t: TestApp;
  let org: TwoTierOrg;
  let cityAdmin: SignedIn;
  let wardAdmin: SignedIn; // admin of w1
  let counter: SignedIn; // official of w1, at the counter
  let wardLeader: SignedIn;
  let deptOfficial: SignedIn; // handles the procedure's second step
  let otherClerk: SignedIn; // clerk of w2
  let cityLeader: SignedIn;
  let stranger: SignedIn; // of another city
  let procedureId: string;
  let procedureVersion: number;
  const today = vietnamToday();
  // The first weekday after today is a holiday: a one-day step then ends the weekday after it.
  const holiday = nextWeekday(today);

  const PAPERS = [
    { name: 'Tờ khai đăng ký khai sinh', original: true, copies: 1 },
    { name: 'Giấy chứng sinh', original: true, copies: 1 },
  ];
  const applicant = { fullName: 'Trần Thị Mai', phone: '0905123456', idNumber: '048190000123' };

  beforeAll(async () => {
    t = await startTestApp({ ONE_STOP_LOOKUPS_PER_MINUTE: '8', ONE_STOP_WRONG_PINS_PER_HOUR: '3' });
    org = await buildTwoTierOrg(t);
    cityAdmin = await person(t, [{ unit: org.city, role: 'unit_admin' }]);
    wardAdmin = await person(t, [{ unit: org.w1, role: 'unit_admin' }]);
    counter = await person(t, [{ unit: org.w1, role: 'official' }]);
    wardLeader = await person(t, [{ unit: org.w1, role: 'leader' }]);
    deptOfficial = await person(t, [{ unit: org.dept, role: 'official' }]);
    otherClerk = await person(t, [{ unit: org.w2, role: 'clerk' }]);
    cityLeader = await person(t, [{ unit: org.city, role: 'leader' }]);
    stranger = await person(t, [{ unit: await addUnit(t, 'city', 'Thành phố Khác', null), role: 'leader' }]);
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const receive = (who: SignedIn, body: object, key?: string) => {
    const request = http().post('/one-stop/files').set(who.auth);
    return (key ? request.set('Idempotency-Key', key) : request).send(body);
  };
  const fileBody = (more: object = {}) => ({ procedureId, applicant, papers: PAPERS, ...more });

  it("enters a year's holidays: the root unit's admin only, real days of that year only", async () => {
    const year = Number(holiday.slice(0, 4));
    const days = [{ day: holiday, name: 'Ngày nghỉ bù (thử nghiệm)' }];
    expect(codeOf(await http().put(`/one-stop/holidays/${year}`).set(wardAdmin.auth).send({ days }))).toBe(
      '403 access/forbidden',
    );
    for (const bad of [`${year}-02-30`, `${year + 1}-01-02`])
      expect(
        codeOf(
          await http()
            .put(`/one-stop/holidays/${year}`)
            .set(cityAdmin.auth)
            .send({ days: [{ day: bad, name: 'Sai' }] }),
        ),
      ).toBe('422 one_stop/holiday_outside_year');
    expect(codeOf(await http().put('/one-stop/holidays/abc').set(cityAdmin.auth).send({ days }))).toBe(
      '400 request/validation_failed',
    );
    await http().put(`/one-stop/holidays/${year}`).set(cityAdmin.auth).send({ days }).expect(200);
    const read = await http().get(`/one-stop/holidays/${year}`).set(counter.auth).expect(200);
    expect(read.body).toEqual({ year, days });
    const [entry] = await t.ds.query(
      "SELECT action FROM audit_entries WHERE subject_type = 'holidays' AND subject_id = $1 ORDER BY at DESC LIMIT 1",
      [String(year)],
    );
    expect(entry.action).toBe('holidays.replace');
  });

  it("keeps a ward's catalogue: steps within the legal time, in this deployment's tree, codes unique", async () => {
    const procedure = {
      unitId: org.w1.id,
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      papers: PAPERS,
      processingDays: 3,
      steps: [
        { name: 'Công chức tư pháp – hộ tịch thẩm định', unitId: org.w1.id, role: 'official', days: 1 },
        { name: 'Sở Nội vụ cho ý kiến', unitId: org.dept.id, role: 'official', days: 1 },
        { name: 'Chủ tịch UBND phường ký', unitId: org.w1.id, role: 'leader', days: 1 },
      ],
    };
    const post = (who: SignedIn, body: object) =>
      http().post('/one-stop/procedures').set(who.auth).send(body);
    expect(codeOf(await post(counter, procedure))).toBe('403 access/forbidden');
    expect(codeOf(await post(wardAdmin, { ...procedure, unitId: org.w2.id }))).toBe('403 access/forbidden');
    expect(codeOf(await post(wardAdmin, { ...procedure, processingDays: 2 }))).toBe(
      '422 one_stop/steps_exceed_time',
    );
    const elsewhere = await addUnit(t, 'ward', 'Phường Ngoài Hệ Thống', null);
    expect(
      codeOf(
        await post(wardAdmin, {
          ...procedure,
          steps: [{ name: 'Nơi khác', unitId: elsewhere.id, role: 'official', days: 1 }],
        }),
      ),
    ).toBe('422 one_stop/step_unit_invalid');
    expect(codeOf(await post(wardAdmin, { ...procedure, papers: [] }))).toBe('400 request/validation_failed');
    expect(
      codeOf(await post(wardAdmin, { ...procedure, steps: [{ ...procedure.steps[0], role: 'mayor' }] })),
    ).toBe('400 request/validation_failed');
    const created = await post(wardAdmin, procedure).expect(201);
    expect(created.body).toMatchObject({
      code: '1.001193',
      unit: { id: org.w1.id },
      processingDays: 3,
      version: 1,
    });
    procedureId = created.body.id;
    procedureVersion = created.body.version;
    expect(codeOf(await post(wardLeader, procedure))).toBe('409 one_stop/procedure_code_taken');

    // Read by the ward's people (the counter picks from it), not by another city.
    const list = await http()
      .get('/one-stop/procedures')
      .query({ unitId: org.w1.id })
      .set(counter.auth)
      .expect(200);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual([procedureId]);
    expect(codeOf(await http().get(`/one-stop/procedures/${procedureId}`).set(stranger.auth))).toBe(
      '404 one_stop/procedure_not_found',
    );
    // Changing it takes the version read.
    const { unitId: _unit, code: _code, ...fields } = procedure;
    expect(
      codeOf(
        await http()
          .put(`/one-stop/procedures/${procedureId}`)
          .set(wardAdmin.auth)
          .send({ ...fields, active: true, version: procedureVersion + 1 }),
      ),
    ).toBe('409 request/conflict_version');
    const changed = await http()
      .put(`/one-stop/procedures/${procedureId}`)
      .set(wardAdmin.auth)
      .send({ ...fields, name: 'Đăng ký khai sinh (trong nước)', active: true, version: procedureVersion })
      .expect(200);
    expect(changed.body).toMatchObject({
      name: 'Đăng ký khai sinh (trong nước)',
      version: procedureVersion + 1,
    });
  });

  it('receives a file: its code, the appointment skipping the holiday, each step due, once per Idempotency-Key', async () => {
    const first = await receive(counter, fileBody(), 'ho-so-khai-sinh-0001').expect(201);
    const yymmdd = today.slice(2).replaceAll('-', '');
    expect(first.body.code).toMatch(
      new RegExp(`^${org.w1.organId.replaceAll('.', '\\.')}-${yymmdd}-\\d{4}$`),
    );
    expect(first.body.lookupPin).toMatch(/^\d{6}$/);
    // Three working days from the one after today, the holiday not among them.
    const day1 = nextWeekday(holiday);
    const day2 = nextWeekday(day1);
    const day3 = nextWeekday(day2);
    expect(first.body.steps.map((s: { dueDay: string }) => s.dueDay)).toEqual([day1, day2, day3]);
    expect(first.body.appointmentAt).toBe(new Date(`${day3}T17:00:00+07:00`).toISOString());
    expect(first.body).toMatchObject({
      state: 'received',
      applicant: { fullName: 'Trần Thị Mai', phone: '0905123456', idNumber: '048190000123', email: null },
      receivedBy: { id: counter.id },
      procedure: { id: procedureId },
    });
    // A retry answers the same file; the key with another body is refused.
    const again = await receive(counter, fileBody(), 'ho-so-khai-sinh-0001').expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(
      codeOf(
        await receive(
          counter,
          fileBody({ applicant: { ...applicant, fullName: 'Người khác' } }),
          'ho-so-khai-sinh-0001',
        ),
      ),
    ).toBe('422 one_stop/idempotency_conflict');
    // Two counters at once: two numbers, one after the other.
    const both = await Promise.all([receive(counter, fileBody()), receive(counter, fileBody())]);
    const numbers = [first, ...both].map((r) => Number(r.body.code.slice(-4)));
    expect(new Set(numbers).size).toBe(3);
    expect(Math.max(...numbers) - Math.min(...numbers)).toBe(2);
    // The audit keeps what was received, not who brought it.
    const [entry] = await t.ds.query(
      "SELECT after FROM audit_entries WHERE action = 'citizen_file.receive' AND subject_id = $1",
      [first.body.id],
    );
    expect(entry.after).toMatchObject({ code: first.body.code, papers: 2 });
    expect(JSON.stringify(entry.after)).not.toContain('Trần Thị Mai');
    // The step's unit hears of it live.
    const events = async () =>
      (
        (await http().get('/feed?after=0&limit=500').set(deptOfficial.auth).expect(200)).body as {
          events: FeedEnvelope[];
        }
      ).events;
    await waitFor(
      async () => (await events()).some((e) => e.name === 'citizen_file.received'),
      5000,
      'citizen_file.received',
    );
    const received = (await events()).find((e) => e.name === 'citizen_file.received')!;
    expect(JSON.stringify(received.payload)).not.toContain('0905123456');
  });

  it('refuses an incomplete file, no way to reach the applicant, bad numbers, and counters of other units', async () => {
    const missing = await receive(counter, fileBody({ papers: [PAPERS[0]] }));
    expect(codeOf(missing)).toBe('422 one_stop/papers_missing');
    expect(missing.body.details.missing).toEqual(['Giấy chứng sinh']);
    expect(codeOf(await receive(counter, fileBody({ applicant: { fullName: 'Trần Thị Mai' } })))).toBe(
      '400 one_stop/contact_required',
    );
    for (const bad of [{ phone: '12345' }, { idNumber: '0481' }, { email: 'không phải thư' }])
      expect(codeOf(await receive(counter, fileBody({ applicant: { ...applicant, ...bad } })))).toBe(
        '400 request/validation_failed',
      );
    expect(codeOf(await receive(counter, fileBody({ procedureId: 'not-a-uuid' })))).toBe(
      '400 request/validation_failed',
    );
    expect(codeOf(await receive(otherClerk, fileBody()))).toBe('404 one_stop/procedure_not_found');
    expect(codeOf(await receive(wardLeader, fileBody()))).toBe('403 access/forbidden');
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM citizen_files WHERE procedure_id = $1', [
      procedureId,
    ]);
    expect(n).toBe(3);
  });

  it("shows the applicant's data to those who handle the file only", async () => {
    const [{ id }] = await t.ds.query(
      'SELECT id FROM citizen_files WHERE procedure_id = $1 ORDER BY code LIMIT 1',
      [procedureId],
    );
    for (const who of [counter, wardLeader, deptOfficial, cityLeader]) {
      const read = await http().get(`/one-stop/files/${id}`).set(who.auth).expect(200);
      expect(read.body.applicant.idNumber).toBe('048190000123');
    }
    for (const who of [otherClerk, stranger])
      expect(codeOf(await http().get(`/one-stop/files/${id}`).set(who.auth))).toBe(
        '404 one_stop/file_not_found',
      );
    const list = await http()
      .get('/one-stop/files')
      .query({ unitId: org.w1.id })
      .set(counter.auth)
      .expect(200);
    expect(list.body).toHaveLength(3);
    expect(
      codeOf(await http().get('/one-stop/files').query({ unitId: org.w1.id }).set(otherClerk.auth)),
    ).toBe('403 access/forbidden');
  });

  it('stops receiving a procedure taken off the counter', async () => {
    const current = await http().get(`/one-stop/procedures/${procedureId}`).set(wardAdmin.auth).expect(200);
    const { id: _id, unit: _unit, code: _code, version, ...fields } = current.body;
    await http()
      .put(`/one-stop/procedures/${procedureId}`)
      .set(wardAdmin.auth)
      .send({ ...fields, active: false, version })
      .expect(200);
    expect(codeOf(await receive(counter, fileBody()))).toBe('422 one_stop/procedure_inactive');
  });
  it('answers a citizen by code and PIN without an account: where the file stands, nothing personal', async () => {
    const [file]: { code: string; lookupPin: string }[] = await t.ds.query(
      'SELECT code, lookup_pin AS "lookupPin" FROM citizen_files WHERE procedure_id = $1 ORDER BY code LIMIT 1',
      [procedureId],
    );
    const look = (code: string, pin: string, from: string) =>
      http()
        .get(`/public/one-stop/files/${encodeURIComponent(code)}`)
        .query({ pin })
        .set('X-Forwarded-For', from);
    const found = await look(file.code, file.lookupPin, '203.0.113.1').expect(200);
    expect(found.body).toMatchObject({
      code: file.code,
      unit: org.w1.name,
      procedure: { code: '1.001193' },
      state: 'received',
    });
    expect(found.body.steps).toHaveLength(3);
    for (const personal of ['Trần Thị Mai', '0905123456', '048190000123', counter.id])
      expect(JSON.stringify(found.body)).not.toContain(personal);
    expect(found.headers['cache-control']).toBe('no-store');
    // A wrong PIN and a code that does not exist get the same answer.
    const wrongPin = String((Number(file.lookupPin) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await look(file.code, wrongPin, '203.0.113.2');
    const unknown = await look(`${org.w2.organId}-991231-0001`, file.lookupPin, '203.0.113.2');
    expect([codeOf(wrong), codeOf(unknown)]).toEqual([
      '404 one_stop/lookup_not_found',
      '404 one_stop/lookup_not_found',
    ]);
    expect(wrong.body.message).toEqual(unknown.body.message);
    expect(codeOf(await look('DROP TABLE', file.lookupPin, '203.0.113.2'))).toBe(
      '400 request/validation_failed',
    );
    expect(codeOf(await look(file.code, '12', '203.0.113.2'))).toBe('400 request/validation_failed');
  });

  it('limits lookups: wrong PINs lock the code for the hour, a flood from one address is refused, staff go on', async () => {
    const [file]: { code: string; lookupPin: string }[] = await t.ds.query(
      'SELECT code, lookup_pin AS "lookupPin" FROM citizen_files WHERE procedure_id = $1 ORDER BY code DESC LIMIT 1',
      [procedureId],
    );
    const look = (pin: string, from: string) =>
      http()
        .get(`/public/one-stop/files/${encodeURIComponent(file.code)}`)
        .query({ pin })
        .set('X-Forwarded-For', from);
    const wrongPin = file.lookupPin === '000000' ? '111111' : '000000';
    // Three wrong PINs from three addresses: the code is locked, even for the right PIN.
    for (const from of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
      expect(codeOf(await look(wrongPin, from))).toBe('404 one_stop/lookup_not_found');
    const locked = await look(file.lookupPin, '198.51.100.4');
    expect(codeOf(locked)).toBe('429 request/rate_limited');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    // One address past its lookups per minute is refused, whatever it asks.
    const flood = await Promise.all(
      // Each asks another code: only the address's limit applies.
      Array.from({ length: 12 }, (_, i) =>
        http()
          .get(`/public/one-stop/files/000.00.00.H17-000101-${String(i).padStart(4, '0')}`)
          .query({ pin: '123456' })
          .set('X-Forwarded-For', '192.0.2.7'),
      ),
    );
    expect(flood.filter((r) => r.status === 429)).toHaveLength(4);
    // Staff routes are not counted against a citizen's address.
    await http().get('/one-stop/files').query({ unitId: org.w1.id }).set(counter.auth).expect(200);
  });
  it('moves a file through its steps across units, returns it for papers with the clock stopped, hands it back', async () => {
    const observer = await person(t, [{ unit: org.w1, role: 'clerk' }]); // acts on none of it
    const procedure = (
      await http()
        .post('/one-stop/procedures')
        .set(wardAdmin.auth)
        .send({
          unitId: org.w1.id,
          code: '1.003005',
          name: 'Chuyển mục đích sử dụng đất',
          field: 'Đất đai',
          papers: [{ name: 'Đơn đề nghị', original: true, copies: 1 }],
          processingDays: 6,
          steps: [
            { name: 'Tiếp nhận, kiểm tra', unitId: org.w1.id, role: 'official', days: 1 },
            { name: 'Sở thẩm định', unitId: org.dept.id, role: 'official', days: 4 },
            { name: 'Chủ tịch phường ký', unitId: org.w1.id, role: 'leader', days: 1 },
          ],
        })
        .expect(201)
    ).body as { id: string; papers: object[] };
    let file = (
      await receive(counter, { procedureId: procedure.id, applicant, papers: procedure.papers }).expect(201)
    ).body as { id: string; code: string; lookupPin: string; version: number; appointmentAt: string };
    const act = (who: SignedIn, action: string, body: object) =>
      http().post(`/one-stop/files/${file.id}/${action}`).set(who.auth).send(body);

    // Step 1 is the ward official's: not the department's, and another ward does not see the file.
    expect(codeOf(await act(deptOfficial, 'step-done', { version: file.version }))).toBe(
      '403 one_stop/not_step_handler',
    );
    expect(codeOf(await act(otherClerk, 'step-done', { version: file.version }))).toBe(
      '404 one_stop/file_not_found',
    );
    // Two at once on one version: one moves it, the other is told it changed.
    const both = await Promise.all([
      act(counter, 'step-done', { version: file.version }),
      act(wardLeader, 'step-done', { version: file.version }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    file = both.find((r) => r.status === 200)!.body;
    expect(file).toMatchObject({ state: 'processing', currentStep: 1 });

    // The department returns it for papers: the clock stops, the citizen reads why.
    const reason = 'Bổ sung bản trích đo địa chính thửa đất.';
    expect(codeOf(await act(deptOfficial, 'request-papers', { version: file.version, reason: '  ' }))).toBe(
      '400 request/validation_failed',
    );
    file = (await act(deptOfficial, 'request-papers', { version: file.version, reason }).expect(200)).body;
    expect(file).toMatchObject({ state: 'awaiting_papers', pauseReason: reason });
    const lookup = await http()
      .get(`/public/one-stop/files/${encodeURIComponent(file.code)}`)
      .query({ pin: file.lookupPin })
      .set('X-Forwarded-For', '203.0.113.50')
      .expect(200);
    expect(lookup.body).toMatchObject({ state: 'awaiting_papers', pauseReason: reason });
    expect(lookup.body.steps.map((s: { done: boolean }) => s.done)).toEqual([true, false, false]);
    expect(codeOf(await act(deptOfficial, 'step-done', { version: file.version }))).toBe(
      '409 one_stop/wrong_state',
    );
    // The papers come in at the ward's counter, not at the department: the clock runs again.
    expect(codeOf(await act(deptOfficial, 'papers-received', { version: file.version }))).toBe(
      '403 one_stop/not_counter',
    );
    const before = file.appointmentAt;
    file = (await act(counter, 'papers-received', { version: file.version }).expect(200)).body;
    expect(file).toMatchObject({ state: 'processing', pauseReason: null, currentStep: 1 });
    expect(new Date(file.appointmentAt).getTime()).toBeGreaterThanOrEqual(new Date(before).getTime());

    file = (await act(deptOfficial, 'step-done', { version: file.version }).expect(200)).body;
    expect(codeOf(await act(counter, 'step-done', { version: file.version }))).toBe(
      '403 one_stop/not_step_handler',
    );
    file = (await act(wardLeader, 'step-done', { version: file.version }).expect(200)).body;
    expect(file).toMatchObject({ state: 'done', currentStep: 3 });
    expect(codeOf(await act(wardLeader, 'hand-back', { version: file.version }))).toBe(
      '403 access/forbidden',
    );
    file = (await act(counter, 'hand-back', { version: file.version }).expect(200)).body;
    expect(file).toMatchObject({ state: 'returned' });
    expect(codeOf(await act(counter, 'hand-back', { version: file.version }))).toBe(
      '409 one_stop/wrong_state',
    );

    // Every move audited; the ward's people heard of each live.
    const actions: { action: string }[] = await t.ds.query(
      'SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY at, id',
      [file.id],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'citizen_file.receive',
      'citizen_file.step_done',
      'citizen_file.papers_requested',
      'citizen_file.papers_received',
      'citizen_file.step_done',
      'citizen_file.step_done',
      'citizen_file.handed_back',
    ]);
    const changes = async () =>
      (
        (await http().get('/feed?after=0&limit=500').set(observer.auth).expect(200)).body as {
          events: FeedEnvelope[];
        }
      ).events
        .filter(
          (e) =>
            e.name === 'citizen_file.changed' && (e.payload as { file: { id: string } }).file.id === file.id,
        )
        .map((e) => (e.payload as { change: string }).change);
    await waitFor(async () => (await changes()).includes('handed_back'), 5000, 'citizen_file.changed');
    expect(await changes()).toEqual([
      'step_done',
      'papers_requested',
      'papers_received',
      'step_done',
      'done',
      'handed_back',
    ]);
  });
  it('masks the personal data of a file handed back past the retention period, and keeps the file', async () => {
    const [file]: { id: string }[] = await t.ds.query(
      "SELECT id FROM citizen_files WHERE state = 'returned' AND unit_id = $1 LIMIT 1",
      [org.w1.id],
    );
    const retention = new PersonalDataRetention(t.app.get(CommandRunner), config(t));
    // Not yet due: nothing of this file changes.
    await retention.run(new Date());
    expect(
      (await http().get(`/one-stop/files/${file.id}`).set(counter.auth).expect(200)).body.applicant,
    ).not.toBeNull();
    const due = new Date(Date.now() + (config(t).ONE_STOP_PERSONAL_DATA_DAYS + 1) * 86_400_000);
    expect(await retention.run(due)).toBeGreaterThanOrEqual(1);
    const read = (await http().get(`/one-stop/files/${file.id}`).set(counter.auth).expect(200)).body;
    expect(read).toMatchObject({ applicant: null, state: 'returned', code: expect.any(String) });
    const [row] = await t.ds.query(
      `SELECT applicant_name AS name, applicant_phone AS phone, applicant_id_number AS "idNumber", masked_at AS "maskedAt"
         FROM citizen_files WHERE id = $1`,
      [file.id],
    );
    expect(row).toEqual({ name: '', phone: null, idNumber: null, maskedAt: expect.any(Date) });
    const [entry] = await t.ds.query(
      "SELECT actor_id FROM audit_entries WHERE subject_id = $1 AND action = 'citizen_file.mask'",
      [file.id],
    );
    expect(entry).toEqual({ actor_id: null });
    // Masked once: a later pass leaves it.
    await retention.run(due);
    const [{ n }] = await t.ds.query(
      "SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1 AND action = 'citizen_file.mask'",
      [file.id],
    );
    expect(n).toBe(1);
  });
  it('gives leaders the figures: per procedure, on time, late, within time, overdue, returned for papers', async () => {
    const period = {
      unitId: org.w1.id,
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const figures = await http().get('/one-stop/figures').query(period).set(wardLeader.auth).expect(200);
    expect(figures.body.rows).toEqual([
      expect.objectContaining({
        procedure: expect.objectContaining({ code: '1.001193' }),
        received: 3,
        onTime: 0,
        late: 0,
        inTime: 3,
        overdue: 0,
        returnedForPapers: 0,
      }),
      expect.objectContaining({
        procedure: expect.objectContaining({ code: '1.003005' }),
        unit: { id: org.w1.id, name: org.w1.name },
        received: 1,
        onTime: 1,
        late: 0,
        returnedForPapers: 1,
      }),
    ]);
    expect(figures.body.total).toMatchObject({ received: 4, onTime: 1, onTimeRate: 100 });
    // The city's leader sees the ward among the city's; another ward's clerk and another city see nothing.
    const city = await http()
      .get('/one-stop/figures')
      .query({ ...period, unitId: org.city.id })
      .set(cityLeader.auth)
      .expect(200);
    expect(city.body.total.received).toBe(4);
    expect(codeOf(await http().get('/one-stop/figures').query(period).set(otherClerk.auth))).toBe(
      '403 access/forbidden',
    );
    expect(codeOf(await http().get('/one-stop/figures').query(period).set(stranger.auth))).toBe(
      '403 access/forbidden',
    );
    expect(
      codeOf(
        await http()
          .get('/one-stop/figures')
          .query({ ...period, from: 'hôm qua' })
          .set(wardLeader.auth),
      ),
    ).toBe('400 request/validation_failed');
  });
});
