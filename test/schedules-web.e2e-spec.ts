import { vietnamIsoWeek, weekLabel } from '@lt/briefings';
import { parseScheduleWeek } from '@lt/schedules';
import { buildTwoTierOrg, person } from './support/test-app';
import { webTestApp } from './support/web-app';

/**
 * The leaders' weekly schedule in a real Chromium against the real API, on the two-tier tree:
 * the city office's clerk drafts the week, the chairman publishes it, a ward official's open
 * page shows it live, a later change is marked live on the chairman's page, and on a phone the
 * days are a list.
 */
describe('work schedule in the browser (e2e, Chromium)', () => {
  const { app, open } = webTestApp(async (t) => {
    const org = await buildTwoTierOrg(t);
    const chairman = await person(t, [{ unit: org.city, role: 'leader' }]);
    const clerk = await person(t, [{ unit: org.dept, role: 'clerk' }]);
    const wardOfficial = await person(t, [{ unit: org.w1, role: 'official' }]);
    return { org, chairman, clerk, wardOfficial };
  });
  const localInput = (date: Date) =>
    new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  // This week's Wednesday, 08:00 in Vietnam: within the week the page opens on.
  const now = vietnamIsoWeek(new Date());
  const wednesday = new Date(parseScheduleWeek(weekLabel(now)).start.getTime() + 56 * 3_600_000);

  it('drafts, publishes and changes the week, live, and lists the days on a phone', async () => {
    const { org, chairman, clerk, wardOfficial } = app.seeded;
    const ward = await open(wardOfficial, '/schedules');
    await ward.getByText('Chưa có lịch công tác nào được ban hành cho tuần này.').waitFor();

    const office = await open(clerk, '/schedules');
    await office.getByRole('button', { name: `Soạn lịch tuần của ${org.city.name}` }).click();
    const form = office.locator('[data-testid=add-engagement]');
    await form.getByLabel('Bắt đầu').fill(localInput(wednesday));
    await form.getByLabel('Nội dung').fill('Họp Ban Chỉ đạo phòng, chống thiên tai');
    await form.getByLabel('Địa điểm').fill('Phòng họp số 1');
    await form.getByLabel('Nguyễn Văn Thử').check();
    await form.getByLabel('Thành phần').fill('Giám đốc các sở, Chủ tịch UBND các phường');
    await form.getByRole('button', { name: 'Thêm vào lịch' }).click();
    await office
      .locator('[data-testid=schedule-entry]')
      .filter({ hasText: 'Họp Ban Chỉ đạo phòng, chống thiên tai' })
      .waitFor();
    await form.getByLabel('Nội dung').fill('Tiếp công dân định kỳ');
    await form.getByRole('button', { name: 'Thêm vào lịch' }).click();
    await office.locator('[data-testid=schedule-entry]').nth(1).waitFor();
    // The office drafts; it does not publish.
    expect(await office.getByRole('button', { name: 'Duyệt và ban hành' }).count()).toBe(0);

    const head = await open(chairman, '/schedules');
    await head.locator('[data-testid=schedule]').getByText('Dự thảo').waitFor();
    await head.getByRole('button', { name: 'Duyệt và ban hành' }).click();
    await head.locator('[data-testid=schedule]').getByText('Đã ban hành').waitFor();

    // The ward's open page shows the city's schedule as soon as it is published.
    await ward
      .locator('[data-testid=schedule-entry]')
      .filter({ hasText: 'Họp Ban Chỉ đạo phòng, chống thiên tai' })
      .waitFor();
    expect(await ward.getByRole('button', { name: 'Bỏ khỏi lịch' }).count()).toBe(0);

    // The office drops one after publishing: the chairman's page marks it cancelled, live.
    await office.reload();
    await office
      .locator('[data-testid=schedule-entry]')
      .filter({ hasText: 'Tiếp công dân định kỳ' })
      .getByRole('button', { name: 'Bỏ khỏi lịch' })
      .click();
    await head
      .locator('[data-testid=schedule-entry]')
      .filter({ hasText: 'Tiếp công dân định kỳ' })
      .getByText('Đã hủy')
      .waitFor();
    await head.getByText('Đã điều chỉnh 1 lần').waitFor();

    // On a phone the days are one list: one below the other.
    const phone = await open(wardOfficial, '/schedules', 390);
    const days = phone.locator('[data-testid=schedule-day]');
    await days.nth(1).waitFor();
    const [first, second] = [await days.nth(0).boundingBox(), await days.nth(1).boundingBox()];
    expect(second!.x).toBe(first!.x);
    expect(second!.y).toBeGreaterThan(first!.y);
    expect(app.errors).toEqual([]);
  });

  it('links a meeting on next week’s schedule to the unit’s weekly briefing', async () => {
    const { t } = app;
    const { org, chairman } = app.seeded;
    const next = weekLabel(vietnamIsoWeek(new Date(Date.now() + 7 * 86_400_000)));
    const nextMonday = parseScheduleWeek(next).start.getTime();
    const briefing = await t
      .http()
      .post('/briefings')
      .set(chairman.auth)
      .send({
        unitId: org.city.id,
        title: 'Giao ban sáng thứ Hai của UBND thành phố',
        meetingAt: new Date(nextMonday + 2 * 3_600_000).toISOString(),
        cutoffAt: new Date(nextMonday - 12 * 3_600_000).toISOString(),
      })
      .expect(201);
    await t
      .http()
      .post('/schedules')
      .set(chairman.auth)
      .send({ unitId: org.city.id, week: next })
      .expect(201);
    const head = await open(chairman, '/schedules');
    await head.getByRole('button', { name: 'Tuần sau →' }).click();
    // The form of next week's schedule, not this week's still on screen while next week loads.
    const form = head.locator(`[data-testid=schedule][data-week="${next}"] [data-testid=add-engagement]`);
    await form.getByLabel('Bắt đầu').fill(localInput(new Date(nextMonday + 2 * 3_600_000)));
    await form.getByLabel('Nội dung').fill('Giao ban tuần');
    await form.getByLabel('Địa điểm').fill('Phòng họp số 1');
    await form
      .getByLabel('Là cuộc giao ban (không bắt buộc)')
      .selectOption({ label: 'Giao ban sáng thứ Hai của UBND thành phố' });
    await form.getByRole('button', { name: 'Thêm vào lịch' }).click();
    const link = head
      .locator('[data-testid=schedule-entry]')
      .filter({ hasText: 'Giao ban tuần' })
      .locator('[data-testid=schedule-briefing]');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`#/briefings/${(briefing.body as { id: string }).id}`);
    expect(app.errors).toEqual([]);
  });
});
