import { ANNOTATION_KIND } from '@lt/annotations';
import type { FeedEnvelope } from '@lt/realtime';
import type { TaskSummary } from '@lt/tasks';
import { Workbook } from 'exceljs';
import { webcrypto } from 'node:crypto';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import { incomingDocument, registerIncoming, registerIncomingOk } from './support/documents';
import { connect, nextEvent } from './support/sockets';
import {
  addUnit,
  buildOrg,
  codeOf,
  Org,
  person,
  postDirective,
  SignedIn,
  startTestApp,
  TestApp,
} from './support/test-app';
import { actOnTask } from './support/decisions';
import { verifyBundleOffline } from './support/offline-verify';

interface Doc {
  id: string;
  registerNumber: number;
  registerYear: number;
  state: string;
  version: number;
  duplicateOf: string | null;
  allowedActions: string[];
  attachments: { id: string }[];
}

interface Annotation {
  id: string;
  status: string | null;
  signatureId: string;
  tasks: (TaskSummary & { followUp: string })[];
  subject: { type: string; id: string; title: string };
}

type Part = { unitId: string; userId?: string };

describe('documents, annotations and follow-up (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let clerkD1: SignedIn; // văn thư of district 1
  let chairD1: SignedIn; // chairman of district 1: annotates
  let deputyD1: SignedIn;
  let chair: Signer;
  let wardLeader1: SignedIn;
  let wardLeader3: SignedIn; // district 2's ward: outside district 1
  let clerkW1: SignedIn;
  let outsider: Signer; // chairman of district 2

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50', LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    clerkD1 = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    chairD1 = await person(t, [{ unit: org.d1, role: 'leader' }]);
    deputyD1 = await person(t, [{ unit: org.d1, role: 'deputy_leader' }]);
    wardLeader1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    wardLeader3 = await person(t, [{ unit: org.w3, role: 'leader' }]);
    clerkW1 = await person(t, [{ unit: org.w1, role: 'clerk' }]);
    chair = await enrol(t, chairD1);
    outsider = await enrol(t, await person(t, [{ unit: org.d2, role: 'leader' }]));
  });
  afterAll(() => t.close());

  const incoming = incomingDocument;
  const register = (who: SignedIn, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    registerIncoming(t, who, body, headers);
  const registerOk = (body: Record<string, unknown> = incoming()) =>
    registerIncomingOk<Doc>(t, clerkD1, body);
  const annotation = (
    signer: Signer,
    subject: { type: string; id: string },
    assignments: {
      title?: string;
      lead: Part;
      coordinators?: Part[];
      informed?: Part[];
      deadline?: string;
    }[],
    overrides: Record<string, unknown> = {},
  ) => ({
    kind: ANNOTATION_KIND,
    subject,
    text: 'Giao các phường khẩn trương triển khai, báo cáo kết quả về Ủy ban quận.',
    assignments: assignments.map((a) => ({
      title: a.title ?? 'Triển khai phương án ứng phó bão',
      lead: a.lead,
      coordinators: a.coordinators ?? [],
      informed: a.informed ?? [],
      deadline: a.deadline ?? new Date(Date.now() + 5 * 86_400_000).toISOString(),
      priority: 2,
    })),
    author: signer.who.id,
    issuedAt: new Date().toISOString(),
    nonce: newNonce(webcrypto),
    ...overrides,
  });
  const annotate = async (signer: Signer, content: object, headers: Record<string, string> = {}) =>
    t
      .http()
      .post('/annotations')
      .set(signer.who.auth)
      .set(headers)
      .send({
        content,
        signature: await signContent(webcrypto.subtle, signer.keys.privateKey, content),
        certificateId: signer.certificateId,
      });
  const annotateOk = async (signer: Signer, content: object) => {
    const r = await annotate(signer, content);
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Annotation;
  };

  it('numbers incoming documents in order per unit and year, and flags a repeated (number, symbol, issuer)', async () => {
    // Registers of their own, whatever the other tests registered before: a new district
    // and ward, each with its clerk.
    const district = await addUnit(t, 'district', 'Quận Sổ Riêng', null);
    const ward = await addUnit(t, 'ward', 'Phường Sổ Riêng', district);
    const clerk = await person(t, [{ unit: district, role: 'clerk' }]);
    const wardClerk = await person(t, [{ unit: ward, role: 'clerk' }]);
    const registerOk = async (body: Record<string, unknown> = incoming()) =>
      (await register(clerk, { unitId: district.id, ...body }).expect(201)).body as Doc;
    const first = await registerOk(incoming({ codeNumber: '77' }));
    const second = await registerOk();
    expect(second.registerNumber).toBe(first.registerNumber + 1);
    expect(first.state).toBe('registered');
    // Another unit keeps its own register, starting at 1.
    const other = await register(wardClerk, { unitId: ward.id, ...incoming() }).expect(201);
    expect((other.body as Doc).registerNumber).toBe(1);

    // The same paper again (case and spacing aside) is flagged, and nothing is stored …
    const again = incoming({
      codeNumber: ' 77 ',
      codeNotation: 'ubnd-vp',
      organName: 'Ủy ban nhân dân  thành phố',
    });
    const refused = await register(clerk, { unitId: district.id, ...again });
    expect(codeOf(refused)).toBe('409 document/duplicate');
    expect(refused.body.details.duplicates).toEqual([expect.objectContaining({ id: first.id })]);
    const check = await t
      .http()
      .get('/documents/duplicates')
      .query({
        unitId: district.id,
        codeNumber: '77',
        codeNotation: 'UBND-VP',
        organName: 'Ủy ban nhân dân thành phố',
      })
      .set(clerk.auth)
      .expect(200);
    expect(check.body).toHaveLength(1);
    const [{ n }]: { n: number }[] = await t.ds.query(
      "SELECT count(*)::int AS n FROM documents WHERE unit_id = $1 AND direction = 'incoming'",
      [district.id],
    );
    expect(n).toBe(2);
    // … unless the clerk confirms: then it is kept, marked as a repeat of the first.
    const kept = await register(clerk, { unitId: district.id, ...again, acceptDuplicate: true }).expect(201);
    expect(kept.body).toMatchObject({ duplicateOf: first.id, registerNumber: second.registerNumber + 1 });
  });

  it('hands out gapless numbers to concurrent registrations and keeps a retried one once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => registerOk()));
    const numbers = results.map((d) => d.registerNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => numbers[0] + i));

    const body = incoming();
    const key = { 'Idempotency-Key': `doc-${Date.now()}-retry` };
    const [a, b] = await Promise.all([register(clerkD1, body, key), register(clerkD1, body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(codeOf(await register(clerkD1, { ...body, subject: 'Một văn bản khác hẳn' }, key))).toBe(
      '409 document/idempotency_conflict',
    );
  });

  it('flags a repeat even when two clerks register the same paper at the same moment', async () => {
    const clerk2 = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    const paper = incoming({ codeNumber: `R-${Date.now()}` });
    const answers = await Promise.all([register(clerkD1, paper), register(clerk2, paper)]);
    expect(answers.map(codeOf).sort()).toEqual(['201 undefined', '409 document/duplicate']);
  });

  it('refuses bad input with field errors and other units’ registers with 403', async () => {
    for (const bad of [
      incoming({ issuedDate: '2026-02-30' }),
      incoming({ priority: 9 }),
      incoming({ subject: '   ' }),
      incoming({ codeNumber: undefined }),
      incoming({ organId: 'not-an-id' }),
      incoming({ dueDate: 'tomorrow' }),
    ])
      expect(codeOf(await register(clerkD1, bad))).toBe('400 request/validation_failed');
    // A clerk keeps their own unit's register only; an official keeps none.
    expect(codeOf(await register(clerkD1, incoming({ unitId: org.w1.id })))).toBe('403 access/forbidden');
    const official = await person(t, [{ unit: org.d1, role: 'official' }]);
    expect(codeOf(await register(official, incoming()))).toBe('403 access/forbidden');
    await t
      .http()
      .get('/documents')
      .query({ direction: 'incoming', unitId: org.d1.id })
      .set(clerkW1.auth)
      .expect(403);
  });

  it('routes a document to a leader, who annotates it: signed, one task per assignment, in one transaction', async () => {
    const upload = await t
      .http()
      .post('/files')
      .set(clerkD1.auth)
      .attach('file', Buffer.from('%PDF-1.4 công văn'), {
        filename: 'cong-van.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    const doc = await registerOk(incoming({ attachmentIds: [upload.body.id] }));
    expect(doc.attachments.map((a) => a.id)).toEqual([upload.body.id]);
    expect(doc.allowedActions).toEqual(['route']);

    // Routing to someone who is not a leader over the unit is refused; to the chairman it goes.
    const wrong = await t
      .http()
      .post(`/documents/${doc.id}/route`)
      .set(clerkD1.auth)
      .send({ toUserId: wardLeader1.id, version: doc.version });
    expect(codeOf(wrong)).toBe('422 document/route_not_leader');
    // What the clerk picks from: the leaders of the unit, by name, then those of the units above.
    const targets = (await t.http().get(`/documents/${doc.id}/route-targets`).set(clerkD1.auth).expect(200))
      .body as { id: string; fullName: string; unitName: string }[];
    expect(targets.map((x) => x.id)).toEqual(expect.arrayContaining([chairD1.id, deputyD1.id]));
    expect(targets.map((x) => x.id)).not.toContain(wardLeader1.id);
    const ownUnit = targets.filter((x) => x.unitName === org.d1.name);
    expect(targets.slice(0, ownUnit.length)).toEqual(ownUnit);
    expect(ownUnit.map((x) => x.fullName)).toEqual(ownUnit.map((x) => x.fullName).sort());
    // The chairman hears of it live, and finds it in what waits for him.
    const chairSocket = await connect(t.url, chairD1.token);
    const heard = nextEvent<FeedEnvelope>(chairSocket, 'feed.event', (e) => e.name === 'document.routed');
    const routed = await t
      .http()
      .post(`/documents/${doc.id}/route`)
      .set(clerkD1.auth)
      .send({ toUserId: chairD1.id, note: 'Kính trình Chủ tịch.', version: doc.version })
      .expect(200);
    expect(routed.body).toMatchObject({ state: 'routed', routedTo: { id: chairD1.id } });
    expect((await heard).payload).toMatchObject({
      document: { id: doc.id, registerNumber: doc.registerNumber },
      note: 'Kính trình Chủ tịch.',
    });
    chairSocket.disconnect();
    const waiting = async () =>
      ((await t.http().get('/documents/waiting').set(chairD1.auth).expect(200)).body as Doc[]).map(
        (d) => d.id,
      );
    expect(await waiting()).toContain(doc.id);
    const stale = await t
      .http()
      .post(`/documents/${doc.id}/route`)
      .set(clerkD1.auth)
      .send({ toUserId: deputyD1.id, version: doc.version });
    expect(codeOf(stale)).toBe('409 request/conflict_version');

    // All or nothing: an assignment outside the leader's reach fails the whole annotation.
    const beforeTasks: { n: number }[] = await t.ds.query('SELECT count(*)::int AS n FROM tasks');
    const outside = await annotate(
      chair,
      annotation(chair, { type: 'document', id: doc.id }, [
        { lead: { unitId: org.w1.id } },
        { lead: { unitId: org.w3.id } },
      ]),
    );
    expect(codeOf(outside)).toBe('403 task/assignee_outside_reach');
    expect(await t.ds.query('SELECT count(*)::int AS n FROM tasks')).toEqual(beforeTasks);
    expect(
      await t.ds.query('SELECT count(*)::int AS n FROM annotations WHERE document_id = $1', [doc.id]),
    ).toEqual([{ n: 0 }]);

    // The ward leader hears of the new task live, and so does the chairman's deputy, whose
    // follow-up lists his unit's annotations.
    const socket = await connect(t.url, wardLeader1.token);
    const live = nextEvent<FeedEnvelope>(socket, 'feed.event', (e) => e.name === 'task.changed');
    const deputySocket = await connect(t.url, deputyD1.token);
    const deputyHears = nextEvent<FeedEnvelope>(deputySocket, 'feed.event', (e) => e.name === 'task.changed');
    const saved = await annotateOk(
      chair,
      annotation(chair, { type: 'document', id: doc.id }, [
        {
          title: 'Sơ tán hộ dân vùng trũng',
          lead: { unitId: org.w1.id },
          coordinators: [{ unitId: org.w2.id }],
        },
        { title: 'Chuẩn bị lương thực dự phòng', lead: { unitId: org.w2.id } },
      ]),
    );
    expect((await live).payload).toMatchObject({ action: 'assign' });
    expect((await deputyHears).payload).toMatchObject({ action: 'assign' });
    socket.disconnect();
    deputySocket.disconnect();
    expect(saved.tasks).toHaveLength(2);
    expect(saved.status).toBe('on_track');
    expect(saved.subject).toMatchObject({ type: 'document', id: doc.id });
    expect(saved.subject.title).toContain('bão số 13');
    expect(saved.tasks.map((x) => x.source)).toEqual([
      { type: 'annotation', id: saved.id },
      { type: 'annotation', id: saved.id },
    ]);
    // The tasks carry the annotation's signature; the bundle re-verifies against its bytes.
    const bundle = (await t.http().get(`/annotations/${saved.id}/signature`).set(chairD1.auth).expect(200))
      .body as { canonical: string; purpose: string };
    expect(bundle.purpose).toBe('annotation.sign');
    const taskBundle = (
      await t.http().get(`/tasks/${saved.tasks[0].id}/signature`).set(wardLeader1.auth).expect(200)
    ).body as { canonical: string };
    expect(taskBundle.canonical).toBe(bundle.canonical);
    // And it verifies outside Liên Thông: docs/signing.md's openssl commands on the bundle.
    const offline = verifyBundleOffline(bundle);
    expect(offline).toMatchObject({ chainValid: true, signatureValid: true, tamperedValid: false });
    const signed = JSON.parse(Buffer.from(bundle.canonical, 'base64').toString('utf8')) as {
      assignments: { title: string }[];
    };
    expect(signed.assignments.map((a) => a.title)).toEqual([
      'Sơ tán hộ dân vùng trũng',
      'Chuẩn bị lương thực dự phòng',
    ]);

    expect(await waiting()).not.toContain(doc.id);
    // Signed means fixed: not even a direct write to the database may change it.
    await expect(
      t.ds.query("UPDATE annotations SET text = 'Đã sửa' WHERE id = $1", [saved.id]),
    ).rejects.toThrow(/never changes/);
    await expect(
      t.ds.query("UPDATE annotations SET task_ids = '{}' WHERE id = $1", [saved.id]),
    ).rejects.toThrow(/never changes/);
    const after = (await t.http().get(`/documents/${doc.id}`).set(clerkD1.auth).expect(200)).body as Doc;
    expect(after.state).toBe('annotated');
    expect(after.allowedActions).toEqual([]);
    // The lead works from the document: they may read it now, a ward outside may not.
    await t.http().get(`/documents/${doc.id}`).set(wardLeader1.auth).expect(200);
    await t.http().get(`/documents/${doc.id}`).set(wardLeader3.auth).expect(404);
    // Routing an annotated document is over.
    expect(
      codeOf(
        await t
          .http()
          .post(`/documents/${doc.id}/route`)
          .set(clerkD1.auth)
          .send({ toUserId: deputyD1.id, version: after.version }),
      ),
    ).toBe('409 document/not_routable');

    // A later remark is a new annotation in the same thread; the first is unchanged.
    await annotateOk(
      chair,
      annotation(chair, { type: 'document', id: doc.id }, [], { text: 'Lưu ý ưu tiên người già.' }),
    );
    const thread = (
      await t
        .http()
        .get('/annotations')
        .query({ subjectType: 'document', subjectId: doc.id })
        .set(clerkD1.auth)
        .expect(200)
    ).body as Annotation[];
    expect(thread.map((a) => a.tasks.length)).toEqual([2, 0]);
    expect(thread[0].signatureId).toBe(saved.signatureId);

    // The trail: registered, routed, annotated, the tasks, a report, then the answer going out.
    const task = saved.tasks[0];
    await actOnTask(t, wardLeader1, task.id, 'accept', { version: task.version }).expect(200);
    await actOnTask(t, wardLeader1, task.id, 'reports', {
      version: task.version + 1,
      percent: 50,
      text: 'Đã sơ tán 120 hộ.',
    }).expect(200);
    // The ward hands part of it down to its team: delegated work is part of the trail too.
    const wardSigner = await enrol(t, wardLeader1);
    await assignOk(
      t,
      wardSigner,
      assignment(
        wardSigner,
        { unitId: org.team1.id },
        { title: 'Tổ công tác kiểm tra thực địa', source: { type: 'task', id: task.id } },
      ),
    );
    // The ward's clerk picks it from the tasks the ward leads; another unit's clerk is refused.
    const answerable = (await t.http().get('/documents/answerable-tasks').set(clerkW1.auth).expect(200))
      .body as { id: string }[];
    expect(answerable.map((x) => x.id)).toContain(task.id);
    await t
      .http()
      .get('/documents/answerable-tasks')
      .query({ unitId: org.w1.id })
      .set(clerkD1.auth)
      .expect(403);
    const clerkW1Out = await t
      .http()
      .post('/documents/outgoing')
      .set(clerkW1.auth)
      .send({
        codeNotation: 'BC-UBND',
        typeName: 'Báo cáo',
        subject: 'Báo cáo kết quả sơ tán hộ dân',
        priority: 1,
        recipients: 'Ủy ban nhân dân quận Một',
        answersTaskIds: [task.id],
      })
      .expect(201);
    expect(clerkW1Out.body).toMatchObject({ registerNumber: 1, answersTasks: [{ id: task.id }] });
    const trail = (await t.http().get(`/documents/${doc.id}/trail`).set(chairD1.auth).expect(200)).body as {
      kind: string;
    }[];
    expect(trail.map((s) => s.kind)).toEqual([
      'registered',
      'routed',
      'annotated',
      'task_assigned',
      'task_assigned',
      'annotated',
      'task_report',
      'task_assigned',
      'answered',
    ]);
    // The ward leader reads the document for the task he leads — not ward 2's task, nor the
    // routing notes.
    const wardTrail = (await t.http().get(`/documents/${doc.id}/trail`).set(wardLeader1.auth).expect(200))
      .body as { kind: string; text: string | null }[];
    expect(wardTrail.map((s) => s.kind)).toEqual([
      'registered',
      'annotated',
      'task_assigned',
      'annotated',
      'task_report',
      'task_assigned',
      'answered',
    ]);
    expect(wardTrail.some((s) => s.text === 'Chuẩn bị lương thực dự phòng')).toBe(false);
    const wardView = (await t.http().get(`/annotations/${saved.id}`).set(wardLeader1.auth).expect(200))
      .body as Annotation;
    expect(wardView.tasks.map((x) => x.id)).toEqual([task.id]);
  });

  it('refuses annotations that are not the signer’s to make', async () => {
    const doc = await registerOk();
    // A leader of another district cannot see the document at all.
    expect(codeOf(await annotate(outsider, annotation(outsider, { type: 'document', id: doc.id }, [])))).toBe(
      '404 annotation/subject_not_found',
    );
    // Tampered: the signature no longer matches what is sent.
    const content = annotation(chair, { type: 'document', id: doc.id }, [{ lead: { unitId: org.w1.id } }]);
    const body = {
      content,
      signature: await signContent(webcrypto.subtle, chair.keys.privateKey, content),
      certificateId: chair.certificateId,
    };
    body.content = { ...content, text: 'Nội dung đã bị sửa.' };
    expect(codeOf(await t.http().post('/annotations').set(chairD1.auth).send(body))).toBe(
      '422 signature/invalid',
    );
    // Another person's content, a deadline passed, an unknown subject kind.
    expect(
      codeOf(await annotate(chair, { ...content, author: wardLeader1.id, nonce: newNonce(webcrypto) })),
    ).toBe('422 signature/signer_mismatch');
    expect(
      codeOf(
        await annotate(
          chair,
          annotation(chair, { type: 'document', id: doc.id }, [
            { lead: { unitId: org.w1.id }, deadline: new Date(Date.now() - 1000).toISOString() },
          ]),
        ),
      ),
    ).toBe('422 task/deadline_in_past');
    expect(codeOf(await annotate(chair, annotation(chair, { type: 'memo', id: doc.id }, [])))).toBe(
      '400 request/validation_failed',
    );
    // A clerk has no annotation right at all.
    expect(codeOf(await t.http().post('/annotations').set(clerkD1.auth).send(body))).toBe(
      '403 access/forbidden',
    );
    expect(
      await t.ds.query('SELECT count(*)::int AS n FROM annotations WHERE document_id = $1', [doc.id]),
    ).toEqual([{ n: 0 }]);
  });

  it('keeps a retried annotation once, even when the two copies race', async () => {
    const doc = await registerOk();
    const content = annotation(chair, { type: 'document', id: doc.id }, [{ lead: { unitId: org.w1.id } }]);
    const key = { 'Idempotency-Key': `ann-${Date.now()}` };
    const [a, b] = await Promise.all([annotate(chair, content, key), annotate(chair, content, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(
      await t.ds.query('SELECT count(*)::int AS n FROM tasks WHERE source_id = $1', [a.body.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('annotates a directive, a task and a progress report', async () => {
    const task = await assignOk(t, chair, assignment(chair, { unitId: org.w1.id }));
    const onTask = await annotateOk(
      chair,
      annotation(chair, { type: 'task', id: task.id }, [
        { title: 'Phối hợp kiểm tra hiện trường', lead: { unitId: org.w2.id } },
      ]),
    );
    expect(onTask.subject.title).toBe(task.title);
    await actOnTask(t, wardLeader1, task.id, 'accept', { version: 1 }).expect(200);
    await actOnTask(t, wardLeader1, task.id, 'reports', {
      version: 2,
      percent: 30,
      text: 'Đã khảo sát 3 tổ.',
    }).expect(200);
    const [{ id: reportId }]: { id: string }[] = await t.ds.query(
      'SELECT id FROM task_reports WHERE task_id = $1',
      [task.id],
    );
    const onReport = await annotateOk(
      chair,
      annotation(chair, { type: 'task_report', id: reportId }, [], { text: 'Đẩy nhanh tiến độ.' }),
    );
    expect(onReport.status).toBeNull();
    // The ward leader sees the remark on their report; another district's ward does not.
    await t.http().get(`/annotations/${onReport.id}`).set(wardLeader1.auth).expect(200);
    await t.http().get(`/annotations/${onReport.id}`).set(wardLeader3.auth).expect(404);

    const directive = await postDirective(t, chairD1, {
      issuingUnitId: org.d1.id,
      subject: 'Chỉ thị về phòng chống dịch sốt xuất huyết',
      body: 'Các phường tổ chức ra quân diệt lăng quăng.',
      targets: [{ unitId: org.w1.id }],
    });
    if (directive.status !== 201) throw new Error(JSON.stringify(directive.body));
    const onDirective = await annotateOk(
      chair,
      annotation(chair, { type: 'directive', id: directive.body.id }, [{ lead: { unitId: org.w1.id } }]),
    );
    expect(onDirective.subject.title).toContain('sốt xuất huyết');
    expect(
      codeOf(
        await annotate(outsider, annotation(outsider, { type: 'directive', id: directive.body.id }, [])),
      ),
    ).toBe('404 annotation/subject_not_found');
  });

  it('follows up every annotation of the unit’s leaders with a status that moves with the clock', async () => {
    const deputy = await enrol(t, deputyD1);
    const doc = await registerOk();
    const soon = new Date(Date.now() + 3000).toISOString();
    const far = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const near = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const a1 = await annotateOk(
      deputy,
      annotation(deputy, { type: 'document', id: doc.id }, [{ lead: { unitId: org.w1.id }, deadline: soon }]),
    );
    const a2 = await annotateOk(
      chair,
      annotation(chair, { type: 'document', id: doc.id }, [{ lead: { unitId: org.w2.id }, deadline: far }]),
    );
    const a3 = await annotateOk(
      chair,
      annotation(chair, { type: 'document', id: doc.id }, [{ lead: { unitId: org.w2.id }, deadline: near }]),
    );
    // a4 is done: submitted by its lead.
    const a4 = await annotateOk(
      chair,
      annotation(chair, { type: 'document', id: doc.id }, [{ lead: { unitId: org.w1.id }, deadline: far }]),
    );
    const t4 = a4.tasks[0];
    await actOnTask(t, wardLeader1, t4.id, 'accept', { version: 1 }).expect(200);
    await actOnTask(t, wardLeader1, t4.id, 'submit', { version: 2, text: 'Đã xong.' }).expect(200);

    type Page = {
      items: {
        id: string;
        status: string;
        tasks: Record<'total' | 'done' | 'onTrack' | 'atRisk' | 'overdue' | 'cancelled', number>;
        leadUnits: { id: string; name: string }[];
      }[];
      counts: Record<string, number>;
      total: number;
    };
    const followUp = async (who: SignedIn, query: Record<string, string> = {}) =>
      (await t.http().get('/annotations/follow-up').query(query).set(who.auth).expect(200)).body as Page;
    const statusOf = (page: Page) => Object.fromEntries(page.items.map((i) => [i.id, i.status]));

    // The chairman sees his deputy's annotation too (same unit); the deputy with scope=mine only his own.
    let page = await followUp(chairD1);
    expect(statusOf(page)).toMatchObject({
      [a1.id]: 'at_risk',
      [a2.id]: 'on_track',
      [a3.id]: 'at_risk',
      [a4.id]: 'done',
    });
    expect(Object.keys(statusOf(await followUp(deputyD1, { scope: 'mine' })))).toEqual([a1.id]);
    // Each item counts its tasks and names who leads them.
    const itemOf = (id: string) => page.items.find((i) => i.id === id)!;
    expect(itemOf(a4.id)).toMatchObject({
      tasks: { total: 1, done: 1, onTrack: 0, atRisk: 0, overdue: 0, cancelled: 0 },
      leadUnits: [{ id: org.w1.id, name: org.w1.name }],
    });
    expect(itemOf(a2.id)).toMatchObject({
      tasks: { total: 1, done: 0, onTrack: 1 },
      leadUnits: [{ id: org.w2.id, name: org.w2.name }],
    });
    // Burning first.
    expect(page.items[0].status).not.toBe('done');

    // Nobody writes; the deadline passes; the status moves.
    await new Promise((resolve) => setTimeout(resolve, 3200));
    page = await followUp(chairD1);
    expect(statusOf(page)[a1.id]).toBe('overdue');
    expect(page.items[0].id).toBe(a1.id);
    const overdue = await followUp(chairD1, { status: 'overdue' });
    expect(overdue.items.map((i) => i.id)).toContain(a1.id);
    expect(overdue.items.every((i) => i.status === 'overdue')).toBe(true);
    expect(overdue.counts.done).toBeGreaterThanOrEqual(1); // counts cover the whole selection
    // Filter by period: annotated from tomorrow on, nothing; up to now, all of them.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect((await followUp(chairD1, { from: tomorrow })).total).toBe(0);
    expect((await followUp(chairD1, { to: tomorrow })).items.map((i) => i.id)).toEqual(
      expect.arrayContaining([a1.id, a2.id, a3.id, a4.id]),
    );
    expect(
      codeOf(
        await t
          .http()
          .get('/annotations/follow-up')
          .query({ from: tomorrow, to: tomorrow })
          .set(chairD1.auth),
      ),
    ).toBe('400 request/validation_failed');
    // Filter by the unit doing the work.
    const w2Only = await followUp(chairD1, { unitId: org.w2.id });
    expect(w2Only.items.map((i) => i.id)).toEqual(expect.arrayContaining([a2.id, a3.id]));
    expect(w2Only.items.map((i) => i.id)).not.toContain(a1.id);
    // Drill-down to the tasks.
    const detail = (await t.http().get(`/annotations/${a1.id}`).set(chairD1.auth).expect(200))
      .body as Annotation;
    expect(detail.tasks[0].followUp).toBe('overdue');
    // A ward leader does not see the district's follow-up, nor drill into another unit.
    expect((await followUp(wardLeader1)).total).toBe(0);
    expect(
      codeOf(await t.http().get('/annotations/follow-up').query({ unitId: org.w3.id }).set(chairD1.auth)),
    ).toBe('403 access/forbidden');
    await t.http().get(`/annotations/${a2.id}`).set(wardLeader3.auth).expect(404);
  });

  it('keeps each annotation’s progress equal to a recount of its tasks, also when two leads act at once', async () => {
    const wardLeader2 = await person(t, [{ unit: org.w2, role: 'leader' }]);
    const doc = await registerOk();
    const saved = await annotateOk(
      chair,
      annotation(chair, { type: 'document', id: doc.id }, [
        { title: 'Việc của phường An Hải Bắc', lead: { unitId: org.w1.id } },
        { title: 'Việc của phường Mân Thái', lead: { unitId: org.w2.id } },
      ]),
    );
    const [t1, t2] = saved.tasks;
    // Both leads at the same moment: each recount must see the other's change.
    await Promise.all([
      actOnTask(t, wardLeader1, t1.id, 'accept', { version: 1 }).expect(200),
      actOnTask(t, wardLeader2, t2.id, 'return', {
        version: 1,
        reason: 'Không thuộc thẩm quyền của phường.',
      }).expect(200),
    ]);
    await actOnTask(t, wardLeader1, t1.id, 'submit', { version: 2, text: 'Đã xong.' }).expect(200);
    await actOnTask(t, chairD1, t1.id, 'complete', { version: 3 }).expect(200);
    const recount = await t.ds.query(
      `SELECT count(*) FILTER (WHERE state IN ('assigned', 'accepted', 'in_progress'))::int AS owed,
              count(*) FILTER (WHERE state IN ('submitted', 'completed'))::int AS done,
              count(*) FILTER (WHERE state = 'returned')::int AS returned,
              count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled
         FROM tasks WHERE source_type = 'annotation' AND source_id = $1`,
      [saved.id],
    );
    expect(recount).toEqual([{ owed: 0, done: 1, returned: 1, cancelled: 0 }]);
    expect(
      await t.ds.query(
        'SELECT owed, done, returned, cancelled FROM annotation_progress WHERE annotation_id = $1',
        [saved.id],
      ),
    ).toEqual(recount);
    // A returned task puts the annotation at risk until the leader deals with it.
    expect(
      ((await t.http().get(`/annotations/${saved.id}`).set(chairD1.auth).expect(200)).body as Annotation)
        .status,
    ).toBe('at_risk');
    // And over every annotation of this run, counters and recount agree.
    const drift = await t.ds.query(
      `SELECT a.id FROM annotations a
         LEFT JOIN annotation_progress p ON p.annotation_id = a.id
         LEFT JOIN LATERAL (
           SELECT count(*) FILTER (WHERE state IN ('assigned', 'accepted', 'in_progress'))::int AS owed,
                  count(*) FILTER (WHERE state IN ('submitted', 'completed'))::int AS done,
                  min(deadline) FILTER (WHERE state IN ('assigned', 'accepted', 'in_progress')) AS next
             FROM tasks WHERE source_type = 'annotation' AND source_id = a.id) r ON TRUE
        WHERE cardinality(a.task_ids) > 0
          AND (p.owed IS DISTINCT FROM r.owed OR p.done IS DISTINCT FROM r.done OR p.next_deadline IS DISTINCT FROM r.next)`,
    );
    expect(drift).toEqual([]);
  });

  it('lists and exports the registers (CSV with BOM, XLSX) for the unit’s clerks and leaders only', async () => {
    // Entries of its own (more than one page's worth is not needed, more than five is).
    for (let i = 0; i < 5; i++) await registerOk();
    await registerOk(incoming({ organName: '=HYPERLINK("http://x")' }));
    const list = await t
      .http()
      .get('/documents')
      .query({ direction: 'incoming', q: 'bão số 13' })
      .set(clerkD1.auth)
      .expect(200);
    expect(list.body.total).toBeGreaterThan(5);
    const numbers = (list.body.items as Doc[]).map((d) => d.registerNumber);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    await t
      .http()
      .get('/documents')
      .query({ direction: 'incoming', unitId: org.d1.id })
      .set(chairD1.auth)
      .expect(200);

    const csv = await t
      .http()
      .get('/documents/register')
      .query({ direction: 'incoming', format: 'csv' })
      .set(clerkD1.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const text = (csv.body as Buffer).toString('utf8');
    // A subject that looks like a formula stays text in Excel.
    expect(text).toContain(`"'=HYPERLINK(""http://x"")`);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toContain('Số đến');
    expect(text).toContain('Công văn: Về việc chuẩn bị ứng phó bão số 13');

    const xlsx = await t
      .http()
      .get('/documents/register')
      .query({ direction: 'incoming', format: 'xlsx' })
      .set(clerkD1.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new Workbook();
    await book.xlsx.load(xlsx.body as never);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Sổ văn bản đến');
    expect(sheet.getRow(1).getCell(1).value).toBe('Số đến');
    expect(sheet.getRow(2).getCell(1).value).toBe(1);
    expect(sheet.rowCount).toBe(list.body.total + 1);
  });
});
