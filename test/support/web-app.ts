import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, launch, signedInPage } from './browser';
import { PASSWORD, startTestApp, TestApp } from './test-app';

export interface WebTestApp<S> {
  t: TestApp;
  browser: Browser;
  /** What `seed` made: the org and the people of the test. */
  seeded: S;
  /** The pages' console errors and uncaught exceptions; a test ends by expecting none. */
  errors: string[];
}

/**
 * A browser test's set-up, once per file: the web app built from the sources, the API serving
 * it over real HTTP and sockets, `seed` (the org and people), and Chromium; all torn down
 * after. `open` signs someone in on a page of their own, at `width` pixels (390: a phone).
 */
export function webTestApp<S>(seed: (t: TestApp) => Promise<S>): {
  app: WebTestApp<S>;
  open: (who: { username: string }, path: string, width?: number) => Promise<Page>;
} {
  const app = { errors: [] as string[] } as WebTestApp<S>;
  let web: string | undefined;
  beforeAll(async () => {
    web = buildWeb();
    app.t = await startTestApp({ WEB_DIST_DIR: web, REALTIME_POLL_MS: '50' });
    app.seeded = await seed(app.t);
    app.browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await app.browser?.close();
    await app.t?.close();
    if (web) rmSync(web, { recursive: true, force: true });
  });
  const open = (who: { username: string }, path: string, width = 1280) =>
    signedInPage(app.browser, app.t.url, who, path, {
      errors: app.errors,
      password: PASSWORD,
      viewport: { width, height: 900 },
    });
  return { app, open };
}
