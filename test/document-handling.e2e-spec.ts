import { ANNOTATION_KIND } from '@lt/annotations';
import { DocumentReminders } from '@lt/documents';
import type { FeedEnvelope } from '@lt/realtime';
import { NestFactory } from '@nestjs/core';
import { TimedRulesService } from '../apps/worker/src/timed-rules.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { webcrypto } from 'node:crypto';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import { incomingDocument, issueSignedDocument, registerIncomingOk } from './support/documents';
import { enrol } from './support/signing';
import { buildOrg, codeOf, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * The report on how documents were handled (issue 19 point 5; Decree 30/2020 Appendix VI):
 * per unit of a subtree and period — incoming registered, handled on time or late, waiting,
 * overdue, received from other units; outgoing numbered, signed here, and what their
 * recipients did — with CSV and XLSX exports, for those who read the unit's registers.
 */
describe('document handling report (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let clerk: SignedIn;
  let clerkW1: SignedIn;
  let clerkW2: SignedIn;
  let chair: SignedIn;
  let drafter: SignedIn;

  beforeAll(async () => {
    // The relay publishes the worker's events to the feed within 50 ms.
    t = await startTestApp({ LOG_LEVEL: 'error', REALTIME_POLL_MS: '50' });
    org = await buildOrg(t);
    clerk = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    clerkW1 = await person(t, [{ unit: org.w1, role: 'clerk' }]);
    clerkW2 = await person(t, [{ unit: org.w2, role: 'clerk' }]);
    chair = await person(t, [{ unit: org.d1, role: 'leader' }]);
    drafter = await person(t, [{ unit: org.d1, role: 'official' }]);
  });
  afterAll(() => t.close());

  const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

  it('counts each register’s handling per unit, rolls up the total, and exports it', async () => {
    const signer = await enrol(t, chair);
    // Incoming at the district: one waiting, one past its due date, one annotated in time.
    await registerIncomingOk(t, clerk, incomingDocument({ unitId: org.d1.id, dueDate: days(3) }));
    await registerIncomingOk(t, clerk, incomingDocument({ unitId: org.d1.id, dueDate: days(1) }));
    await t.ds.query(
      `UPDATE documents SET due_date = now() - interval '1 hour' WHERE unit_id = $1 AND due_date < now() + interval '2 days'`,
      [org.d1.id],
    );
    const annotated = await registerIncomingOk<{ id: string; version: number }>(
      t,
      clerk,
      incomingDocument({ unitId: org.d1.id, dueDate: days(5) }),
    );
    await t
      .http()
      .post(`/documents/${annotated.id}/route`)
      .set(clerk.auth)
      .send({ toUserId: chair.id, version: annotated.version })
      .expect(200);
    const note = {
      kind: ANNOTATION_KIND,
      subject: { type: 'document', id: annotated.id },
      text: 'Đã xem, lưu hồ sơ.',
      assignments: [],
      author: chair.id,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    await t
      .http()
      .post('/annotations')
      .set(chair.auth)
      .send({
        content: note,
        signature: await signContent(webcrypto.subtle, signer.keys.privateKey, note),
        certificateId: signer.certificateId,
      })
      .expect(201);
    // Outgoing: one drafted and signed here to wards 1 and 2 (ward 1 accepts, ward 2 refuses).
    await issueSignedDocument(t, { drafter, signer, unitId: org.d1.id, recipients: [org.w1.id, org.w2.id] });
    const arrival = async (who: SignedIn) =>
      ((await t.http().get('/arrivals').set(who.auth).expect(200)).body as { id: string }[])[0].id;
    await t
      .http()
      .post(`/arrivals/${await arrival(clerkW1)}/accept`)
      .set(clerkW1.auth)
      .expect(200);
    await t
      .http()
      .post(`/arrivals/${await arrival(clerkW2)}/refuse`)
      .set(clerkW2.auth)
      .send({ reason: 'Không thuộc thẩm quyền.' })
      .expect(200);

    const report = (
      await t.http().get('/reports/documents').set(chair.auth).query({ unitId: org.d1.id }).expect(200)
    ).body as {
      rows: ({ unit: { id: string } } & Record<string, number>)[];
      total: Record<string, number>;
    };
    const row = (id: string) => report.rows.find((r) => r.unit.id === id)!;
    expect(report.rows[0].unit.id).toBe(org.d1.id);
    expect(row(org.d1.id)).toMatchObject({
      incoming: 3,
      handledOnTime: 1,
      handledLate: 0,
      waiting: 1,
      overdue: 1,
      fromUnits: 0,
      outgoing: 1,
      signedHere: 1,
      recipientsAccepted: 1,
      recipientsRefused: 1,
      recipientsWaiting: 0,
    });
    expect(row(org.w1.id)).toMatchObject({ incoming: 1, fromUnits: 1, waiting: 1 });
    expect(row(org.w2.id)).toMatchObject({ incoming: 0 });
    expect(report.total).toMatchObject({ incoming: 4, fromUnits: 1, outgoing: 1, overdue: 1 });

    const csv = await t
      .http()
      .get('/reports/documents.csv')
      .set(chair.auth)
      .query({ unitId: org.d1.id })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const lines = (csv.body as Buffer).subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Đơn vị,Văn bản đến,Trong đó liên thông,Đã xử lý đúng hạn,Đã xử lý quá hạn,Đang xử lý trong hạn,Quá hạn chưa xử lý,Văn bản đi,Trong đó ký số,Nơi nhận đã tiếp nhận,Nơi nhận từ chối,Nơi nhận chưa tiếp nhận,Thu hồi',
    );
    expect(lines.at(-1)).toMatch(/^Tổng cộng,4,1,1,0,2,1,1,1,1,1,0,0$/);
    await t.http().get('/reports/documents.xlsx').set(chair.auth).query({ unitId: org.d1.id }).expect(200);

    // Only for those who read the registers: another district's leader, an official.
    const w3Leader = await person(t, [{ unit: org.w3, role: 'leader' }]);
    expect(
      codeOf(await t.http().get('/reports/documents').set(w3Leader.auth).query({ unitId: org.d1.id })),
    ).toBe('403 access/forbidden');
    expect(codeOf(await t.http().get('/reports/documents').set(drafter.auth))).toBe('403 access/forbidden');
    expect(codeOf(await t.http().get('/reports/documents').set(chair.auth).query({ from: '2026-13' }))).toBe(
      '400 request/validation_failed',
    );
  });

  it('reminds the leader a document waits with (or the clerks) once per due date, when it is due soon or overdue', async () => {
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    // Its bootstrap pass runs on the real clock: let it end before the test's own passes.
    await worker.get(TimedRulesService).idle();
    try {
      const reminders = worker.get(DocumentReminders);
      const soon = await registerIncomingOk<{ id: string; version: number }>(
        t,
        clerk,
        incomingDocument({
          unitId: org.d1.id,
          dueDate: days(0.5),
          subject: 'Về việc báo cáo gấp số liệu thiệt hại',
        }),
      );
      await t
        .http()
        .post(`/documents/${soon.id}/route`)
        .set(clerk.auth)
        .send({ toUserId: chair.id, version: soon.version })
        .expect(200);
      const unrouted = await registerIncomingOk<{ id: string }>(
        t,
        clerk,
        incomingDocument({ unitId: org.d1.id, dueDate: days(0.2), subject: 'Về việc chưa phân phối' }),
      );
      const later = await registerIncomingOk<{ id: string }>(
        t,
        clerk,
        incomingDocument({ unitId: org.d1.id, dueDate: days(10) }),
      );
      // Two workers at once, then once more: each due document is reminded once.
      await Promise.all([reminders.run(new Date()), reminders.run(new Date())]);
      await reminders.run(new Date());
      const feed = async (who: SignedIn) =>
        (
          (await t.http().get('/feed?after=0&limit=500').set(who.auth).expect(200)).body as {
            events: FeedEnvelope[];
          }
        ).events
          .filter((e) => e.name === 'document.reminder')
          .map((e) => (e.payload as { document: { id: string }; overdue: boolean }).document.id);
      // The events reach the feed through the relay: wait for them, then count.
      const settled = async (who: SignedIn, id: string, count: number) => {
        for (let i = 0; i < 100 && (await feed(who)).filter((x) => x === id).length < count; i++)
          await new Promise((r) => setTimeout(r, 100));
        return (await feed(who)).filter((x) => x === id);
      };
      expect(await settled(chair, soon.id, 1)).toHaveLength(1);
      expect(await settled(clerk, unrouted.id, 1)).toHaveLength(1);
      expect([...(await feed(chair)), ...(await feed(clerk))]).not.toContain(later.id);
      // Its due date moved (a new date set by SQL, as an extension would): reminded again, once.
      await t.ds.query(`UPDATE documents SET due_date = now() + interval '2 hours' WHERE id = $1`, [soon.id]);
      await reminders.run(new Date());
      await reminders.run(new Date());
      expect(await settled(chair, soon.id, 2)).toHaveLength(2);
      await new Promise((r) => setTimeout(r, 500));
      expect((await feed(chair)).filter((id) => id === soon.id)).toHaveLength(2);
    } finally {
      await worker.close();
    }
  });
});
