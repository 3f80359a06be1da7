import { NestFactory } from '@nestjs/core';
import { TimedRulesService } from '../apps/worker/src/timed-rules.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { buildOrg, Org, person, postDirective, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * Uploads not attached to anything yet (drafts) are bounded: a quota per person, and the
 * worker deletes those never attached. Attached files are never touched.
 */
describe('draft uploads (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let leader: SignedIn;
  let recipient: SignedIn;
  const QUOTA = 4096;

  beforeAll(async () => {
    t = await startTestApp({ ATTACHMENT_DRAFT_QUOTA_BYTES: String(QUOTA), ATTACHMENT_DRAFT_HOURS: '1' });
    org = await buildOrg(t);
    leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
    recipient = await person(t, [{ unit: org.w1, role: 'official' }]);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.ATTACHMENT_DRAFT_QUOTA_BYTES;
    delete process.env.ATTACHMENT_DRAFT_HOURS;
  });

  const upload = (who: SignedIn, bytes: number, name = 'ghi-chu.txt') =>
    t.http().post('/files').set(who.auth).attach('file', Buffer.alloc(bytes, 'a'), name);

  const issueWith = (attachmentIds: string[]) =>
    postDirective(t, leader, {
      issuingUnitId: org.d1.id,
      subject: 'Thông báo kèm tệp',
      body: 'Xem tệp đính kèm.',
      targets: [{ unitId: org.w1.id }],
      attachmentIds,
    }).expect(201);

  it('keeps each person under the quota for uploads not yet attached; attaching frees it', async () => {
    const first = await upload(leader, 3000).expect(201);
    const refused = await upload(leader, 2000).expect(413);
    expect(refused.body.code).toBe('file/draft_quota');
    expect(refused.body.details).toEqual({ maxBytes: QUOTA });
    // Someone else's quota is their own.
    const other = await person(t, [{ unit: org.d1, role: 'official' }]);
    await upload(other, 3000).expect(201);
    // Attached to a directive, the first no longer counts.
    await issueWith([first.body.id as string]);
    await upload(leader, 2000).expect(201);
  });

  it('lets the worker delete drafts never attached, and only those', async () => {
    const kept = await upload(leader, 100, 'giu-lai.txt').expect(201);
    const issued = await issueWith([kept.body.id as string]);
    const draft = await upload(leader, 100, 'bo-quen.txt').expect(201);
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    try {
      // Within the hour nothing goes; two hours on, the forgotten draft does.
      expect((await worker.get(TimedRulesService).runOnce(new Date())).drafts).toBe(0);
      const later = await worker.get(TimedRulesService).runOnce(new Date(Date.now() + 2 * 3_600_000));
      expect(later.drafts).toBeGreaterThanOrEqual(1);
    } finally {
      await worker.close();
    }
    const rows: { id: string }[] = await t.ds.query('SELECT id FROM stored_files WHERE id = ANY($1)', [
      [kept.body.id, draft.body.id],
    ]);
    expect(rows.map((r) => r.id)).toEqual([kept.body.id]);
    await t
      .http()
      .get(`/directives/${(issued.body as { id: string }).id}/attachments/${kept.body.id}`)
      .set(recipient.auth)
      .expect(200);
  });
});
