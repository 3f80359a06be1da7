/**
 * `npm run docs:screenshots`: the README's screens, taken from a real run — `npm start`'s
 * system on a fresh embedded PostgreSQL with the demo organisation, in the Chromium the
 * browser tests use — into docs/screenshots/*.png.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { freePort } from '@lt/database';
import demoOrg from '../demo/demo-org.json';
import { launch } from '../test/support/browser';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const PASSWORD = demoOrg.people[0].password;

async function startSystem(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lt-screens-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/scripts/start.js')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', JWT_SECRET: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ctrl-C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}

async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('[data-testid=connection][data-status=online]').waitFor();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const system = await startSystem();
  const browser = await launch();
  try {
    const context = () => browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const shot = async (page: Page, name: string) => {
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(OUT, `${name}.png`) });
      process.stdout.write(`docs/screenshots/${name}.png\n`);
    };

    const signInPage = await (await context()).newPage();
    await signInPage.goto(`${system.url}/`);
    await signInPage.getByLabel('Tên đăng nhập').waitFor();
    await shot(signInPage, 'signin');

    const official = await (await context()).newPage();
    await signIn(official, system.url, 'congchuc1.ahb');
    await official.goto(`${system.url}/#/directives`);
    await official.locator('[data-testid=directive]').first().waitFor();
    await shot(official, 'directive');

    const wardChair = await (await context()).newPage();
    await signIn(wardChair, system.url, 'chutich.ahb');
    await wardChair.goto(`${system.url}/#/tasks`);
    await shot(wardChair, 'tasks');

    const cityChair = await (await context()).newPage();
    await signIn(cityChair, system.url, 'chutich.danang');
    await cityChair.goto(`${system.url}/#/summary`);
    await shot(cityChair, 'dashboard');
  } finally {
    await browser.close();
    await system.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
