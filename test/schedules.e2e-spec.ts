import { vietnamIsoWeek, weekLabel } from '@lt/briefings';
import { parseScheduleWeek } from '@lt/schedules';
import { connect, feedOf, waitFor } from './support/sockets';
import { buildTwoTierOrg, person, SignedIn, startTestApp, TestApp, TwoTierOrg } from './support/test-app';
import type { LtClientSocket } from '../libs/realtime/src/client/feed-client';

/**
 * The leaders' weekly work schedule (lịch công tác tuần) over real HTTP and sockets, on the
 * two-tier tree (since 1 July 2025): the city office's clerk drafts the city's week, the
 * chairman publishes it, the wards read it, later changes are marked and announced.
 *
 *   city ─┬─ dept (the office)
 *         ├─ w1 ── team1
 *         ├─ w2
 *         └─ w3
 */
describe('leaders’ work schedule (e2e)', () => {
  let t: TestApp;
  let org: TwoTierOrg;
  let chairman: SignedIn; // head of the city
  let deputy: SignedIn; // deputy chairman
  let clerk: SignedIn; // clerk of the office (a department under the city)
  let wardOfficial: SignedIn; // official of w1
  let wardClerk: SignedIn; // clerk of w1
  const sockets: LtClientSocket[] = [];
  const HOUR = 3_600_000;
  // Next week, Vietnam time: a schedule is drafted ahead.
  const now = vietnamIsoWeek(new Date(Date.now() + 7 * 24 * HOUR));
  const week = weekLabel(now);
  const monday = parseScheduleWeek(week).start.getTime();
  const at = (hoursFromMonday: number, from = monday) =>
    new Date(from + hoursFromMonday * HOUR).toISOString();

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_POLL_MS: '50' });
    org = await buildTwoTierOrg(t);
    chairman = await person(t, [{ unit: org.city, role: 'leader' }]);
    deputy = await person(t, [{ unit: org.city, role: 'deputy_leader' }]);
    clerk = await person(t, [{ unit: org.dept, role: 'clerk' }]);
    wardOfficial = await person(t, [{ unit: org.w1, role: 'official' }]);
    wardClerk = await person(t, [{ unit: org.w1, role: 'clerk' }]);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  const create = (who: SignedIn, unitId: string, w = week) =>
    t.http().post('/schedules').set(who.auth).send({ unitId, week: w });
  const save = (who: SignedIn, id: string, version: number, entries: object[]) =>
    t.http().put(`/schedules/${id}/entries`).set(who.auth).send({ version, entries });
  const entry = (hours: number, content: string, leaderIds: string[], more: object = {}, from = monday) => ({
    startsAt: at(hours, from),
    endsAt: at(hours + 2, from),
    place: 'Phòng họp số 1, Trung tâm Hành chính thành phố',
    content,
    leaderIds,
    participants: 'Lãnh đạo các sở, ngành liên quan',
    preparer: 'Văn phòng UBND thành phố',
    ...more,
  });
  const feed = async (who: SignedIn) => {
    const socket = await connect(t.url, who.token);
    sockets.push(socket);
    return feedOf(socket).events;
  };

  it('is drafted by the office, published by the head, read by the wards, and changes are marked and announced', async () => {
    const draft = await create(clerk, org.city.id).expect(201);
    expect(draft.body).toMatchObject({ state: 'draft', week, revision: 0, mayEdit: true, mayPublish: false });
    const saved = await save(clerk, draft.body.id, draft.body.version, [
      entry(1.5, 'Họp Ban Chỉ đạo phòng, chống thiên tai thành phố', [chairman.id, deputy.id]),
      entry(26, 'Tiếp công dân định kỳ', [chairman.id]),
      entry(50, 'Kiểm tra tiến độ dự án đường ven biển', [deputy.id]),
    ]).expect(200);
    expect(saved.body.entries.map((e: { content: string }) => e.content)).toEqual([
      'Họp Ban Chỉ đạo phòng, chống thiên tai thành phố',
      'Tiếp công dân định kỳ',
      'Kiểm tra tiến độ dự án đường ven biển',
    ]);
    // A draft is the drafters' and the head's: a ward does not see it.
    expect(
      (await t.http().get(`/schedules/${draft.body.id}`).set(wardOfficial.auth).expect(404)).body.code,
    ).toBe('schedule/not_found');
    expect(
      (await t.http().get('/schedules').query({ week }).set(wardOfficial.auth).expect(200)).body,
    ).toEqual([]);
    // Only the head publishes; the deputy may edit but not publish.
    expect(
      (
        await t
          .http()
          .post(`/schedules/${draft.body.id}/publish`)
          .set(deputy.auth)
          .send({ version: saved.body.version })
      ).body.code,
    ).toBe('schedule/not_head');

    const wardEvents = await feed(wardOfficial);
    const leaderEvents = await feed(deputy);
    const published = await t
      .http()
      .post(`/schedules/${draft.body.id}/publish`)
      .set(chairman.auth)
      .send({ version: saved.body.version })
      .expect(200);
    expect(published.body).toMatchObject({ state: 'published', publishedBy: { id: chairman.id } });
    await waitFor(() => wardEvents.some((e) => e.name === 'schedule.published'), 5000, 'schedule.published');
    expect(wardEvents.find((e) => e.name === 'schedule.published')!.payload).toMatchObject({
      schedule: { id: draft.body.id, unit: { id: org.city.id }, week, state: 'published' },
      entries: 3,
      by: { id: chairman.id },
    });
    // The wards follow the city's schedule: theirs and the units above.
    const list = await t.http().get('/schedules').query({ week }).set(wardOfficial.auth).expect(200);
    expect(list.body.map((s: { id: string }) => s.id)).toEqual([draft.body.id]);
    expect(list.body[0]).toMatchObject({ mayEdit: false, mayPublish: false });

    // After publishing: the first moves, the second is dropped, a new one is added.
    const [first, , third] = published.body.entries;
    const changed = await save(clerk, draft.body.id, published.body.version, [
      { ...entry(3, first.content, [chairman.id, deputy.id]), id: first.id },
      { ...entry(50, third.content, [deputy.id]), id: third.id },
      entry(74, 'Làm việc với UBND phường An Hải', [chairman.id]),
    ]).expect(200);
    expect(changed.body.revision).toBe(1);
    const byContent = new Map(
      changed.body.entries.map(
        (e: { content: string; changedAt: string | null; cancelledAt: string | null }) => [
          e.content,
          { changed: e.changedAt !== null, cancelled: e.cancelledAt !== null },
        ],
      ),
    );
    expect(Object.fromEntries(byContent)).toEqual({
      'Họp Ban Chỉ đạo phòng, chống thiên tai thành phố': { changed: true, cancelled: false },
      'Tiếp công dân định kỳ': { changed: false, cancelled: true },
      'Kiểm tra tiến độ dự án đường ven biển': { changed: false, cancelled: false },
      'Làm việc với UBND phường An Hải': { changed: true, cancelled: false },
    });
    await waitFor(() => leaderEvents.some((e) => e.name === 'schedule.changed'), 5000, 'schedule.changed');
    const notice = leaderEvents.find((e) => e.name === 'schedule.changed')!.payload as {
      changes: { change: string; content: string }[];
    };
    expect(notice.changes.map((c) => [c.change, c.content]).sort()).toEqual(
      [
        ['added', 'Làm việc với UBND phường An Hải'],
        ['cancelled', 'Tiếp công dân định kỳ'],
        ['changed', 'Họp Ban Chỉ đạo phòng, chống thiên tai thành phố'],
      ].sort(),
    );
    // The same list again changes nothing: no revision, no notice.
    const same = await save(
      clerk,
      draft.body.id,
      changed.body.version,
      changed.body.entries
        .filter((e: { cancelledAt: string | null }) => !e.cancelledAt)
        .map(
          (e: {
            id: string;
            startsAt: string;
            endsAt: string;
            content: string;
            leaders: { id: string }[];
          }) => ({
            ...entry(
              0,
              e.content,
              e.leaders.map((l) => l.id),
            ),
            id: e.id,
            startsAt: e.startsAt,
            endsAt: e.endsAt,
          }),
        ),
    ).expect(200);
    expect(same.body.revision).toBe(1);

    // The chairman's calendar: his engagements, the dropped one cancelled, the revision as SEQUENCE.
    const ics = await t
      .http()
      .get('/schedules/calendar.ics')
      .query({ week, weeks: 1 })
      .set(chairman.auth)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const events = (ics.body as string).split('BEGIN:VEVENT').slice(1);
    expect(events).toHaveLength(3);
    const cancelled = events.find((e) => e.includes('Tiếp công dân định kỳ'))!;
    expect(cancelled).toContain('STATUS:CANCELLED');
    expect(cancelled).toContain('SEQUENCE:1');
    expect(events.some((e) => e.includes('Kiểm tra tiến độ'))).toBe(false); // the deputy's alone
  });

  it('refuses drafters, weeks and engagements it cannot take, and a stale or concurrent edit', async () => {
    // The week after next: a week of its own for this test.
    const later = vietnamIsoWeek(new Date(Date.now() + 14 * 24 * HOUR));
    const other = weekLabel(later);
    const laterMonday = parseScheduleWeek(other).start.getTime();
    const entryIn = (hours: number, content: string, leaderIds: string[], more: object = {}) =>
      entry(hours, content, leaderIds, more, laterMonday);
    // Not the office, not a leader: refused; a ward's clerk drafts the ward's own.
    expect((await create(wardOfficial, org.city.id, other).expect(403)).body.code).toBe('access/forbidden');
    expect((await create(wardClerk, org.city.id, other).expect(403)).body.code).toBe('access/forbidden');
    await create(wardClerk, org.w1.id, other).expect(201);
    expect((await create(wardClerk, org.w1.id, other).expect(409)).body.code).toBe('schedule/week_taken');
    expect((await create(clerk, org.city.id, '2025-W53').expect(400)).body.code).toBe(
      'schedule/week_invalid',
    );
    expect((await create(clerk, org.city.id, '2026-50').expect(400)).body.code).toBe(
      'request/validation_failed',
    );

    const draft = (await create(deputy, org.city.id, other).expect(201)).body;
    const refuse = async (entries: object[], code: string, status = 422) =>
      expect((await save(clerk, draft.id, draft.version, entries).expect(status)).body.code).toBe(code);
    await refuse([entryIn(-3, 'Trước tuần', [chairman.id])], 'schedule/entry_outside_week');
    await refuse(
      [entryIn(2, 'Kết thúc trước', [chairman.id], { endsAt: at(1, laterMonday) })],
      'schedule/entry_ends_before_start',
    );
    await refuse([entryIn(2, 'Người ngoài', [wardOfficial.id])], 'schedule/attendee_not_leader');
    await refuse(
      [entryIn(2, 'Không có nội dung', [chairman.id], { content: '   ' })],
      'request/validation_failed',
      400,
    );
    await refuse(
      [{ ...entryIn(2, 'Lạ', [chairman.id]), id: '00000000-0000-4000-8000-000000000000' }],
      'schedule/entry_not_found',
    );
    expect((await t.http().get(`/schedules/${draft.id}`).set(clerk.auth).expect(200)).body.entries).toEqual(
      [],
    );
    // An empty draft cannot be published.
    expect(
      (
        await t
          .http()
          .post(`/schedules/${draft.id}/publish`)
          .set(chairman.auth)
          .send({ version: draft.version })
      ).body.code,
    ).toBe('schedule/empty');

    // Two editors with the same version at once: one wins, the other is told to reload.
    const results = await Promise.all([
      save(clerk, draft.id, draft.version, [entryIn(2, 'Bản của văn thư', [chairman.id])]),
      save(deputy, draft.id, draft.version, [entryIn(4, 'Bản của phó chủ tịch', [deputy.id])]),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('request/conflict_version');
    const stored = (await t.http().get(`/schedules/${draft.id}`).set(clerk.auth).expect(200)).body;
    expect(stored.entries).toHaveLength(1);

    // Another unit's schedule: a sibling ward does not follow it.
    const w2Official = await person(t, [{ unit: org.w2, role: 'official' }]);
    const w1Schedules = await t
      .http()
      .get('/schedules')
      .query({ week: other, unitId: org.w1.id })
      .set(w2Official.auth);
    expect([w1Schedules.status, w1Schedules.body.code]).toEqual([403, 'access/forbidden']);
  });
});
