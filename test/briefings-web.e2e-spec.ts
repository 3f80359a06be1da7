import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, launch, signedInPage } from './support/browser';
import { buildOrg, Org, PASSWORD, person, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * The weekly briefing in a real Chromium against the real API: the district chairman opens it,
 * a ward leader reports in the browser, the chairman sees it live, comments, signs a task from
 * the item with the browser's key, closes the briefing (the ward sees the conclusion live) and
 * finds it again without diacritics.
 */
describe('weekly briefing in the browser (e2e, Chromium)', () => {
  let t: TestApp;
  let org: Org;
  let web: string;
  let browser: Browser;
  let chair: SignedIn;
  let w1: SignedIn;
  const errors: string[] = [];
  beforeAll(async () => {
    web = buildWeb();
    t = await startTestApp({ WEB_DIST_DIR: web, REALTIME_POLL_MS: '50' });
    org = await buildOrg(t);
    chair = await person(t, [{ unit: org.d1, role: 'leader' }]);
    w1 = await person(t, [{ unit: org.w1, role: 'leader' }]);
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(web, { recursive: true, force: true });
  });
  const open = (who: SignedIn, path: string): Promise<Page> =>
    signedInPage(browser, t.url, who, path, { errors, password: PASSWORD });
  const localInput = (date: Date) =>
    new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

  it('opens, reports, comments, assigns, closes and searches, live between two browsers', async () => {
    const lead = await open(chair, '/certificate');
    await lead.getByRole('button', { name: 'Tạo khóa và đăng ký chứng thư' }).click();
    await lead
      .locator('[data-testid=certificate]')
      .filter({ hasText: 'Khóa trên máy này' })
      .getByText('Còn hiệu lực')
      .waitFor();
    await lead.goto(`${t.url}/#/briefings`);
    await lead.getByRole('button', { name: 'Mở giao ban tuần' }).click();
    const form = lead.locator('[data-testid=open-briefing]');
    await form.getByLabel('Tiêu đề').fill('Giao ban tuần thử nghiệm');
    await form.getByLabel('Thời gian họp').fill(localInput(new Date(Date.now() + 3 * 3_600_000)));
    await form.getByLabel('Hạn nộp báo cáo').fill(localInput(new Date(Date.now() + 2 * 3_600_000)));
    // Only ward 1 reports this time.
    await form.getByLabel(org.w2.name).uncheck();
    await form.getByRole('button', { name: 'Mở giao ban' }).click();
    await lead.locator('[data-testid=briefing]').waitFor();
    await lead.locator('[data-testid=reporter]').first().waitFor();
    expect(await lead.locator('[data-testid=reporter]').count()).toBe(1);
    const url = lead.url();

    const ward = await open(w1, '/briefings');
    await ward.locator('[data-testid=briefing-card]').first().getByRole('link').click();
    const rf = ward.locator('[data-testid=report-form]');
    await rf.getByLabel('Kết quả tuần trước 1').fill('Hoàn thành tổng vệ sinh môi trường');
    await rf.getByLabel('Kế hoạch tuần này 1').fill('Kiểm tra trật tự xây dựng');
    await rf
      .getByRole('button', { name: /Thêm nội dung/ })
      .nth(2)
      .click();
    await rf.getByLabel('Khó khăn, vướng mắc, đề xuất 1').fill('Tiến độ giải phóng mặt bằng còn chậm');
    await rf.getByRole('button', { name: 'Gửi' }).click();
    await ward.locator('[data-testid=status-on_time]').first().waitFor();

    // The leader sees it live.
    await lead.locator('[data-testid=status-on_time]').first().waitFor({ timeout: 10_000 });
    const item = lead.locator('[data-testid=briefing-item]').filter({ hasText: 'Tiến độ giải phóng' });
    await item.getByLabel('Ý kiến chỉ đạo').fill('Khẩn trương đối thoại với hộ dân');
    await item.getByRole('button', { name: 'Gửi' }).click();
    await item.getByText('Khẩn trương đối thoại với hộ dân').waitFor();
    await ward.getByText('Khẩn trương đối thoại với hộ dân').waitFor({ timeout: 10_000 });
    await item.getByRole('button', { name: 'Giao việc' }).click();
    const af = item.locator('[data-testid=assign-from-item]');
    await af.getByLabel('Hạn xử lý').fill(localInput(new Date(Date.now() + 3 * 86_400_000)));
    await af.getByRole('button', { name: 'Ký và giao việc' }).click();
    await item.getByText('Đã giao việc').waitFor({ timeout: 10_000 });

    const cf = lead.locator('[data-testid=close-briefing]');
    await cf.getByLabel('Kết luận').fill('Kết luận: đẩy nhanh tiến độ');
    await cf.getByRole('button', { name: 'Kết thúc và lưu kết luận' }).click();
    await lead.locator('[data-testid=conclusion]').waitFor();
    await ward.locator('[data-testid=conclusion]').waitFor({ timeout: 10_000 });

    await lead.goto(`${t.url}/#/briefings`);
    await lead.getByLabel(/Tìm trong các cuộc giao ban/).fill('tien do');
    await lead.getByRole('button', { name: 'Tìm', exact: true }).click();
    await lead
      .locator('[data-testid=briefing-hits]')
      .getByText('Tiến độ giải phóng mặt bằng còn chậm')
      .waitFor();
    await lead.getByRole('tab', { name: 'Lưu trữ' }).click();
    await lead.locator('[data-testid=briefing-card]').first().waitFor();
    // The archived briefing opens read-only: no forms left.
    await lead.goto(url);
    await lead.locator('[data-testid=conclusion]').waitFor();
    expect(await lead.locator('form').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);
  it('marks a report revised after the cut-off ("Sửa sau hạn") on the card and in the briefing', async () => {
    const cutoff = Date.now() + 3000;
    const opened = (
      await t
        .http()
        .post('/briefings')
        .set(chair.auth)
        .send({
          unitId: org.d1.id,
          title: 'Giao ban tuần sau — sửa sau hạn',
          meetingAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
          cutoffAt: new Date(cutoff).toISOString(),
        })
        .expect(201)
    ).body as { id: string; reporters: { id: string; unit: { id: string }; user: unknown }[] };
    const reporterId = opened.reporters.find((r) => r.unit.id === org.w1.id && !r.user)!.id;
    const send = (text: string, version?: number) =>
      t
        .http()
        .put(`/briefings/${opened.id}/reporters/${reporterId}/report`)
        .set(w1.auth)
        .send({ ...(version ? { version } : {}), done: [{ text }], plan: [{ text }], issues: [] })
        .expect(200);
    await send('Đang tổng hợp');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutoff + 100 - Date.now())));
    await send('Báo cáo đầy đủ, viết sau hạn', 1);

    const page = await open(w1, '/briefings');
    const card = page.locator('[data-testid=briefing-card]').filter({ hasText: 'sửa sau hạn' });
    await card.locator('[data-testid=revised-after-cutoff]').waitFor();
    await card.getByText('Sửa sau hạn: 1').waitFor();
    await card.getByRole('link').click();
    const reporter = page.locator('[data-testid=reporter]').filter({ hasText: 'Báo cáo đầy đủ' });
    // Still on time (by its first submission), and marked as revised after the cut-off.
    await reporter.locator('[data-testid=status-on_time]').waitFor();
    await reporter.locator('[data-testid=revised-after-cutoff]').getByText('Sửa sau hạn').waitFor();
    expect(errors).toEqual([]);
  }, 60_000);
});
