import { verifyAuditChains } from '@lt/audit';
import { ViewLog } from '@lt/views';
import { registerIncomingOk, incomingDocument } from './support/documents';
import { assignment, assignOk, enrol } from './support/signing';
import {
  buildOrg,
  codeOf,
  Org,
  person,
  postDirective,
  SignedIn,
  startTestApp,
  TestApp,
} from './support/test-app';

/**
 * Who viewed it (Decree 30/2020, Appendix VI: "ai truy cập, xem, khi nào"; issue 19 point 6):
 * opening a document, a directive or a task, downloading an attachment and exporting a
 * register or the summary are each recorded in the audit chain with the person, the time and
 * the request id; a document's page lists who viewed it.
 */
describe('who viewed it (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let clerk: SignedIn;
  let chair: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error', VIEW_FLUSH_MS: '50' });
    org = await buildOrg(t);
    clerk = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    chair = await person(t, [{ unit: org.d1, role: 'leader' }]);
    outsider = await person(t, [{ unit: org.w3, role: 'leader' }]);
    await person(t, [{ unit: org.w1, role: 'official' }]); // a recipient of the directive
  });
  afterAll(() => t.close());

  const flush = () => t.app.get(ViewLog).flush();

  it('records each opening, download and export with person, time and request id, and lists the viewers', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(400, 65)]);
    const file = (
      await t.http().post('/files').set(clerk.auth).attach('file', pdf, 'cong-van.pdf').expect(201)
    ).body as {
      id: string;
    };
    const doc = await registerIncomingOk<{ id: string }>(
      t,
      clerk,
      incomingDocument({ unitId: org.d1.id, attachmentIds: [file.id] }),
    );
    const opened = await t
      .http()
      .get(`/documents/${doc.id}`)
      .set(chair.auth)
      .set('X-Request-Id', 'xem-van-ban-1')
      .expect(200);
    expect(opened.body).toMatchObject({ id: doc.id });
    await t.http().get(`/documents/${doc.id}`).set(chair.auth).expect(200);
    await t.http().get(`/documents/${doc.id}/attachments/${file.id}`).set(clerk.auth).expect(200);
    await t
      .http()
      .get('/documents/register')
      .set(clerk.auth)
      .query({ direction: 'incoming', unitId: org.d1.id, format: 'csv' })
      .expect(200);
    const signer = await enrol(t, chair);
    const task = await assignOk(t, signer, assignment(signer, { unitId: org.w1.id }));
    await t.http().get(`/tasks/${task.id}`).set(chair.auth).expect(200);
    const directive = (
      await postDirective(t, chair, {
        issuingUnitId: org.d1.id,
        subject: 'Chỉ đạo',
        body: 'Nội dung.',
        targets: [{ unitId: org.w1.id }],
      }).expect(201)
    ).body as { id: string };
    await t.http().get(`/directives/${directive.id}`).set(chair.auth).expect(200);
    // A refused read records nothing.
    expect(codeOf(await t.http().get(`/documents/${doc.id}`).set(outsider.auth))).toBe(
      '404 document/not_found',
    );
    await flush();

    const entries: {
      action: string;
      actor_id: string;
      subject_id: string;
      request_id: string | null;
      acting_unit_id: string;
    }[] = await t.ds.query(
      `SELECT action, actor_id, subject_id, request_id, acting_unit_id FROM audit_entries
          WHERE action IN ('document.view', 'document.download', 'document_register.export', 'task.view', 'directive.view')
            AND actor_id = ANY($1) ORDER BY id`,
      [[chair.id, clerk.id, outsider.id]],
    );
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([
      ['document.view', chair.id],
      ['document.view', chair.id],
      ['document.download', clerk.id],
      ['document_register.export', clerk.id],
      ['task.view', chair.id],
      ['directive.view', chair.id],
    ]);
    expect(entries[0]).toMatchObject({
      subject_id: doc.id,
      request_id: 'xem-van-ban-1',
      acting_unit_id: org.d1.id,
    });
    expect(entries.every((e) => e.request_id !== null)).toBe(true);
    expect(entries.some((e) => e.actor_id === outsider.id)).toBe(false);

    // The document's page: who viewed it, how often, last when — for its readers only.
    const viewers = (await t.http().get(`/documents/${doc.id}/views`).set(chair.auth).expect(200)).body as {
      person: { id: string };
      times: number;
      actions: string[];
    }[];
    expect(viewers.map((v) => [v.person.id, v.times, v.actions.sort()])).toEqual(
      expect.arrayContaining([
        [chair.id, 2, ['view']],
        [clerk.id, 1, ['download']],
      ]),
    );
    expect(codeOf(await t.http().get(`/documents/${doc.id}/views`).set(outsider.auth))).toBe(
      '404 document/not_found',
    );
    // The chain still verifies with the views in it.
    expect((await verifyAuditChains(t.ds)).breaks).toEqual([]);
  });

  it('keeps many concurrent reads in few appends, and loses none', async () => {
    const doc = await registerIncomingOk<{ id: string }>(t, clerk, incomingDocument({ unitId: org.d1.id }));
    await flush();
    const [before]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'document.view' AND subject_id = $1`,
      [doc.id],
    );
    await Promise.all(
      Array.from({ length: 60 }, () => t.http().get(`/documents/${doc.id}`).set(chair.auth).expect(200)),
    );
    await flush();
    const [after]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'document.view' AND subject_id = $1`,
      [doc.id],
    );
    expect(after.n - before.n).toBe(60);
  });

  it('records exports of the task summary and of the document report', async () => {
    await t.http().get('/reports/summary.csv').set(chair.auth).query({ unitId: org.d1.id }).expect(200);
    await t.http().get('/reports/documents.xlsx').set(chair.auth).query({ unitId: org.d1.id }).expect(200);
    await flush();
    const exports: { action: string; format: string }[] = await t.ds.query(
      `SELECT action, after->>'format' AS format FROM audit_entries
        WHERE actor_id = $1 AND action IN ('task_summary.export', 'document_report.export') ORDER BY id`,
      [chair.id],
    );
    expect(exports).toEqual([
      { action: 'task_summary.export', format: 'csv' },
      { action: 'document_report.export', format: 'xlsx' },
    ]);
  });
});
