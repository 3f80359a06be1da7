import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { buildWeb, launch } from './support/browser';
import {
  buildOrg,
  PASSWORD,
  person,
  postDirective,
  SignedIn,
  startTestApp,
  TestApp,
} from './support/test-app';

/**
 * The headers every response carries (helmet), and what they do in a real Chromium: the app
 * works under its Content-Security-Policy without a single violation, and a page of another
 * origin cannot frame it (clickjacking of the signing and approval buttons).
 */
describe('browser security headers (e2e)', () => {
  let t: TestApp;
  let web: string;
  let browser: Browser;
  let official: SignedIn;
  let leader: SignedIn;
  let org: Awaited<ReturnType<typeof buildOrg>>;

  beforeAll(async () => {
    web = buildWeb();
    t = await startTestApp({ WEB_DIST_DIR: web });
    browser = await launch();
    org = await buildOrg(t);
    official = await person(t, [{ unit: org.w1, role: 'official' }]);
    leader = await person(t, [{ unit: org.d1, role: 'leader' }]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(web, { recursive: true, force: true });
  });

  const policy = (header: string | undefined) =>
    Object.fromEntries(
      (header ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name, values]),
    );

  it.each(['/', '/health', '/directives', '/api/docs-json'])(
    '%s carries the strict headers',
    async (path) => {
      const response = await t.http().get(path);
      const csp = policy(response.headers['content-security-policy']);
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['connect-src']).toEqual(["'self'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['permissions-policy']).toContain('camera=()');
      expect(response.headers['x-powered-by']).toBeUndefined();
      // Plain http: no HSTS (a browser would ignore it, and localhost must stay reachable).
      expect(response.headers['strict-transport-security']).toBeUndefined();
    },
  );

  it('sends HSTS on requests that came over TLS through the proxy', async () => {
    const response = await t.http().get('/health').set('X-Forwarded-Proto', 'https');
    expect(response.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
  });

  it('lets only the API documentation page run its inline start-up script', async () => {
    const docs = await t.http().get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(policy(docs.headers['content-security-policy'])['script-src']).toContain("'unsafe-inline'");
    expect(policy(docs.headers['content-security-policy'])['frame-ancestors']).toEqual(["'none'"]);
  });

  it('runs the app under its policy without a single violation, live socket included', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on(
      'console',
      (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()),
    );
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) =>
        console.error('Refused to load (CSP): ' + e.violatedDirective + ' ' + e.blockedURI));`,
    });
    await page.goto(`${t.url}/`);
    await page.getByLabel('Tên đăng nhập').fill(official.username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('[data-testid=connection][data-status=online]').waitFor();
    // The landing page is "Việc cần xử lý"; the directive inbox is one click away.
    await page
      .getByRole('link', { name: /^Chỉ đạo/ })
      .first()
      .click();
    await page
      .getByRole('heading', { name: /Văn bản chỉ đạo|Chỉ đạo/ })
      .first()
      .waitFor();
    const subject = `Dưới chính sách bảo mật ${Date.now()}`;
    await postDirective(t, leader, {
      issuingUnitId: org.d1.id,
      subject,
      body: 'Kiểm tra nhận trực tiếp.',
      targets: [{ unitId: org.w1.id }],
    }).expect(201);
    await page.locator('[data-testid=directive]').filter({ hasText: subject }).waitFor({ timeout: 10_000 });
    for (const route of ['tasks', 'chat', 'search', 'certificate']) {
      await page.goto(`${t.url}/#/${route}`);
      await page.waitForLoadState('networkidle');
    }
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);

  describe('framed by another site', () => {
    let attacker: Server;
    let attackerUrl: string;
    beforeAll(async () => {
      attacker = createServer((_req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><title>Trang giả mạo</title><iframe id="victim" src="${t.url}/"></iframe>`);
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
      const address = attacker.address() as { port: number };
      // Another origin: "localhost" is not "127.0.0.1" to a browser.
      attackerUrl = `http://localhost:${address.port}/`;
    });
    afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

    it('is refused: the frame never shows the app', async () => {
      const page = await browser.newPage();
      const refusals: string[] = [];
      page.on(
        'console',
        (m) => /frame-ancestors|Refused to (display|frame)/i.test(m.text()) && refusals.push(m.text()),
      );
      await page.goto(attackerUrl);
      await page.waitForTimeout(1000);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      const loadedApp = frame
        ? await frame.evaluate<boolean>("document.querySelector('#root') !== null").catch(() => false)
        : false;
      expect(loadedApp).toBe(false);
      expect(refusals.join('\n')).toMatch(/frame-ancestors|Refused to (display|frame)/i);
      await page.close();
    });
  });
});
