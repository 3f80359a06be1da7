import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { extract } from 'tar-fs';

const ROOT = join(__dirname, '..', '..');

/** Debian's chromium, the first choice where it is installed; CHROMIUM_PATH overrides. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

interface ChromiumBinary {
  executablePath: string;
  env: Record<string, string>;
  source: string;
}

let found: Promise<ChromiumBinary> | null = null;

/**
 * Which Chromium the browser tests drive: CHROMIUM_PATH, else Debian's, else the one that
 * ships inside the `@sparticuz/chromium` registry package (brotli-compressed in
 * node_modules, inflated into the temp folder on first use; it downloads nothing). The
 * package's own libraries (NSS, expat) are unpacked beside it and given to that process
 * only, so a machine with nothing but Node.js runs the browser tests.
 */
export function chromiumBinary(): Promise<ChromiumBinary> {
  found ??= locate();
  return found;
}

async function locate(): Promise<ChromiumBinary> {
  const override = process.env.CHROMIUM_PATH;
  if (override) return { executablePath: override, env: {}, source: 'CHROMIUM_PATH' };
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (system) return { executablePath: system, env: {}, source: 'Debian chromium' };

  const { default: Chromium } = await import('@sparticuz/chromium');
  const executablePath = await Chromium.executablePath();
  const libs = join(tmpdir(), 'al2023');
  if (!existsSync(join(libs, 'lib', 'libnss3.so'))) {
    const packed = join(dirname(require.resolve('@sparticuz/chromium')), '..', '..', 'bin', 'al2023.tar.br');
    await pipeline(createReadStream(packed), createBrotliDecompress(), extract(libs));
  }
  return {
    executablePath,
    env: { LD_LIBRARY_PATH: join(libs, 'lib'), FONTCONFIG_PATH: join(tmpdir(), 'fonts') },
    source: '@sparticuz/chromium',
  };
}

/** Builds the browser app into a fresh folder, so the test serves what the sources say. */
export function buildWeb(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'lt-web-'));
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.mts',
      '--outDir',
      outDir,
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  return outDir;
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless chromium with no traffic beyond loopback (the flags of the machine notes). */
export async function launch(): Promise<Browser> {
  const binary = await chromiumBinary();
  return chromium.launch({
    executablePath: binary.executablePath,
    env: { ...process.env, ...binary.env },
    args: ARGS,
  });
}

/**
 * A browser with a profile on disk, as a person's own browser is (not incognito, as
 * newContext() is): Chromium denies notifications to incognito windows whatever is granted.
 */
export async function launchProfile(
  userDataDir: string,
  options: { origin: string },
): Promise<BrowserContext> {
  const binary = await chromiumBinary();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: binary.executablePath,
    env: { ...process.env, ...binary.env },
    args: ARGS,
    locale: 'vi-VN',
    viewport: { width: 1280, height: 900 },
  });
  await context.grantPermissions(['notifications'], { origin: options.origin });
  return context;
}

/**
 * Waits until `expression` is true in the page. Not page.waitForFunction: with a string it
 * evaluates through eval inside the page, which the app's Content-Security-Policy refuses.
 */
export async function waitForPage(page: Page, expression: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A fresh browser profile signed in through the sign-in screen as `who`, on `path` of the app
 * at `url`, in Vietnamese. The page's console errors and uncaught errors go into `errors`
 * (a test ends by expecting none); dialogs (confirm) are accepted.
 */
export async function signedInPage(
  browser: Browser,
  url: string,
  who: { username: string },
  path: string,
  options: { errors: string[]; password: string; viewport?: { width: number; height: number } },
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'vi-VN',
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && options.errors.push(`${who.username}: ${m.text()}`));
  page.on('pageerror', (e) => options.errors.push(`${who.username}: ${String(e)}`));
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${url}/`);
  await page.getByLabel('Tên đăng nhập').fill(who.username);
  await page.getByLabel('Mật khẩu').fill(options.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('[data-testid=connection][data-status=online]').waitFor();
  await page.goto(`${url}/#${path}`);
  return page;
}

/** The page's full width: wider than the screen means sideways scrolling (a phone layout that fails). */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
}
