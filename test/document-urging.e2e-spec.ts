import type { FeedEnvelope } from '@lt/realtime';
import { incomingDocument, registerIncomingOk } from './support/documents';
import { connect, nextEvent } from './support/sockets';
import { buildOrg, codeOf, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

interface Detail {
  id: string;
  state: string;
  version: number;
  urgedCount: number;
  urgings: { by: { id: string }; to: { id: string }; note: string }[];
  allowedActions: string[];
}

/**
 * Urging (đôn đốc) an incoming document that waits with a leader (issue 18 point 2): its clerk
 * or a leader above presses the leader with a note; the leader hears it live and sees it in
 * the document and their list; it is counted, audited, and limited to once per interval.
 */
describe('urging documents (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let clerk: SignedIn;
  let chair: SignedIn;
  let cityLeader: SignedIn;
  let otherClerk: SignedIn;
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50', LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    clerk = await person(t, [{ unit: org.d1, role: 'clerk' }]);
    chair = await person(t, [{ unit: org.d1, role: 'leader' }]);
    cityLeader = await person(t, [{ unit: org.city, role: 'leader' }]);
    otherClerk = await person(t, [{ unit: org.d2, role: 'clerk' }]);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  const detail = async (who: SignedIn, id: string) =>
    (await t.http().get(`/documents/${id}`).set(who.auth).expect(200)).body as Detail;
  const urge = (who: SignedIn, id: string, body: unknown) =>
    t
      .http()
      .post(`/documents/${id}/urge`)
      .set(who.auth)
      .send(body as object);
  const routedToChair = async (subject: string) => {
    const doc = await registerIncomingOk<Detail>(
      t,
      clerk,
      incomingDocument({
        unitId: org.d1.id,
        subject,
        dueDate: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    );
    await t
      .http()
      .post(`/documents/${doc.id}/route`)
      .set(clerk.auth)
      .send({ toUserId: chair.id, version: doc.version })
      .expect(200);
    return doc;
  };

  it('lets the clerk urge the leader a document waits with; the leader hears it live and sees it listed and counted', async () => {
    const doc = await routedToChair('Về việc báo cáo tình hình thiệt hại do bão');
    const socket = await connect(t.url, chair.token);
    sockets.push(socket);
    const heard = nextEvent<FeedEnvelope>(socket, 'feed.event', (e) => e.name === 'document.urged');
    expect((await detail(clerk, doc.id)).allowedActions).toContain('urge');
    const urged = (
      await urge(clerk, doc.id, { note: '  Văn bản hỏa tốc, đề nghị cho ý kiến trong sáng nay.  ' }).expect(
        200,
      )
    ).body as Detail;
    expect(urged).toMatchObject({ urgedCount: 1, state: 'routed', version: doc.version + 1 });
    const event = (await heard).payload as {
      document: { id: string };
      note: string;
      count: number;
      by: { id: string };
    };
    expect(event).toMatchObject({
      document: { id: doc.id },
      note: 'Văn bản hỏa tốc, đề nghị cho ý kiến trong sáng nay.',
      count: 1,
      by: { id: clerk.id },
    });
    const seen = await detail(chair, doc.id);
    expect(seen.urgings).toEqual([
      expect.objectContaining({
        by: expect.objectContaining({ id: clerk.id }),
        to: expect.objectContaining({ id: chair.id }),
      }),
    ]);
    // The leader it waits with does not urge himself.
    expect(seen.allowedActions).not.toContain('urge');
    expect(codeOf(await urge(chair, doc.id, { note: 'Tự nhắc mình.' }))).toBe('403 document/urge_own');
    // In the leader's list of what waits for them, counted.
    const waiting = (await t.http().get('/documents/waiting').set(chair.auth).expect(200)).body as {
      id: string;
      urgedCount: number;
    }[];
    expect(waiting.find((d) => d.id === doc.id)?.urgedCount).toBe(1);
    const audits: { actor_id: string; after: { count: number } }[] = await t.ds.query(
      `SELECT actor_id, after FROM audit_entries WHERE action = 'document.urge' AND subject_id = $1`,
      [doc.id],
    );
    expect(audits).toEqual([
      expect.objectContaining({ actor_id: clerk.id, after: expect.objectContaining({ count: 1 }) }),
    ]);

    // Again at once: refused with the time to wait; later, a leader above urges too.
    const soon = await urge(clerk, doc.id, { note: 'Nhắc lại lần nữa.' });
    expect(codeOf(soon)).toBe('429 document/urge_too_soon');
    expect(
      (soon.body as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds,
    ).toBeGreaterThan(0);
    await t.ds.query(`UPDATE documents SET last_urged_at = now() - interval '2 hours' WHERE id = $1`, [
      doc.id,
    ]);
    const again = (
      await urge(cityLeader, doc.id, { note: 'Đề nghị Chủ tịch quận cho ý kiến ngay.' }).expect(200)
    ).body as Detail;
    expect(again.urgedCount).toBe(2);
  });

  it('refuses outsiders, documents that wait with nobody, and bad notes — and changes nothing', async () => {
    const doc = await routedToChair('Về việc kiểm tra công tác phòng cháy');
    expect(codeOf(await urge(otherClerk, doc.id, { note: 'Không phải việc của tôi.' }))).toBe(
      '404 document/not_found',
    );
    expect(codeOf(await urge(clerk, '00000000-0000-4000-8000-000000000000', { note: 'Không có.' }))).toBe(
      '404 document/not_found',
    );
    expect(codeOf(await urge(clerk, 'not-a-uuid', { note: 'Sai mã.' }))).toBe(
      '400 request/validation_failed',
    );
    for (const body of [
      {},
      { note: '  ' },
      { note: 12 },
      { note: 'x'.repeat(1001) },
      { note: 'Được.', extra: 1 },
    ])
      expect(codeOf(await urge(clerk, doc.id, body))).toBe('400 request/validation_failed');
    const registered = await registerIncomingOk<Detail>(t, clerk, incomingDocument({ unitId: org.d1.id }));
    expect(codeOf(await urge(clerk, registered.id, { note: 'Chưa trình ai.' }))).toBe(
      '409 document/not_urgeable',
    );
    expect(await detail(clerk, doc.id)).toMatchObject({ urgedCount: 0, urgings: [] });
  });
});
