import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { buildWeb, launch } from './support/browser';
import { buildOrg, PASSWORD, person, postDirective, startTestApp, TestApp } from './support/test-app';

/**
 * The browser's socket outlives its access token: the app refreshes the token before it
 * expires and tells the socket, so the server never closes it (staff keep receiving
 * directives all day without a reconnect). Tokens live 30 s here, the shortest allowed.
 */
describe('browser session across token expiry (e2e, Chromium)', () => {
  let t: TestApp;
  let web: string;
  let browser: Browser;

  beforeAll(async () => {
    web = buildWeb();
    t = await startTestApp({ WEB_DIST_DIR: web, ACCESS_TOKEN_TTL_SECONDS: '30' });
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    delete process.env.ACCESS_TOKEN_TTL_SECONDS;
    rmSync(web, { recursive: true, force: true });
  });

  it('refreshes the token ahead of expiry and keeps the same socket past it', async () => {
    const org = await buildOrg(t);
    const official = await person(t, [{ unit: org.w1, role: 'official' }]);
    const page = await browser.newPage();
    const refreshes: number[] = [];
    page.on('request', (r) => r.url().endsWith('/auth/refresh') && refreshes.push(Date.now()));
    await page.goto(`${t.url}/`);
    await page.getByLabel('Tên đăng nhập').fill(official.username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('[data-testid=connection][data-status=online]').waitFor();
    // From the landing page (what waits for me) to the directive inbox, in the app.
    await page.getByRole('link', { name: 'Chỉ đạo' }).click();
    await page.getByRole('heading', { name: 'Văn bản chỉ đạo nhận được' }).waitFor();
    const signedInAt = Date.now();
    // Every change of the indicator, as the page sees it.
    await page.evaluate(`
      window.statusChanges = [];
      new MutationObserver(() =>
        window.statusChanges.push(document.querySelector('[data-testid=connection]').dataset.status),
      ).observe(document.querySelector('[data-testid=connection]'), { attributes: true });
    `);

    // Past the first token's expiry, with margin for the server's expiry timer.
    await page.waitForTimeout(36_000);
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes[0] - signedInAt).toBeLessThan(30_000);
    expect(await page.evaluate<string[]>('window.statusChanges')).toEqual([]);
    expect(await page.locator('[data-testid=connection]').getAttribute('data-status')).toBe('online');

    // And it still receives live events on that socket.
    const leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
    const subject = `Sau khi làm mới phiên ${Date.now()}`;
    await postDirective(t, leader, {
      issuingUnitId: org.d1.id,
      subject,
      body: 'Kiểm tra nhận trực tiếp.',
      targets: [{ unitId: org.w1.id }],
    }).expect(201);
    await page.locator('[data-testid=directive]').filter({ hasText: subject }).waitFor({ timeout: 10_000 });
  }, 90_000);
});
