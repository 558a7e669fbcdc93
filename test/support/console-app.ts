// The staff console in the browser tests (issue 15). Two ways in, both documented here for every
// console-*.test.ts:
//
//   // One served Garde (demo data) and one Chromium for the whole describe block:
//   const served = serveConsole('pglite');                 // registers beforeAll / afterAll
//   it('...', async () => {
//     const { page, close } = await served.openConsole('dpo');   // signed in, nav visible
//     await page.click('nav.views a[data-view="dpo-overview"]');
//     ...
//     await close();                                        // closes the browser context
//   });
//
//   // Or, for a single test, everything started and stopped by the caller:
//   const { page, cleanup } = await openConsole({ role: 'marketer', backend: 'postgres' });
//   try { ... } finally { await cleanup(); }
//
// The app is testApp's (src/server.ts with the console and its routes) listening on 127.0.0.1 at
// a random port, its clock the real one (as the browser's is), with a demo population seeded
// (src/demo/seed.ts: `subjects` persons; `behaviour` adds consents, browsing, interests). The
// keys are testApp's, one per role (`served.t.keys`); openConsole signs in through the form, as
// a person would, and returns once the role's navigation is visible.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import type { StaffRole } from '../../src/keys/model.ts';
import type { Backend } from './backends.ts';
import { launchChromium } from './browser.ts';
import { type TestApp, testApp } from './http.ts';
import { type ServedPage, servePage } from './page-app.ts';

export type ConsoleLanguage = 'en' | 'fr' | 'nl';

export type DemoData = {
  /** Persons in the demo population (default 300). */
  subjects?: number;
  /** Consents, a year of browsing, interests and an offer model (default true). */
  behaviour?: boolean;
};

export type OpenedConsole = {
  context: BrowserContext;
  page: Page;
  /** Closes the browser context (the session cookie goes with it). */
  close(): Promise<void>;
};

export type ServedConsole = ServedPage & {
  /** The console signed in as `role` in a new browser context, in `language` (default English). */
  openConsole(role: StaffRole, opts?: { language?: ConsoleLanguage }): Promise<OpenedConsole>;
};

/** Registers the describe block's hooks: Garde with demo data and Chromium, stopped after it. */
export function serveConsole(backend: Backend, data: DemoData = {}, hookTimeout = 120_000): ServedConsole {
  const served = servePage(backend, {}, hookTimeout);
  beforeAll(async () => {
    await seedDemo(served.t.deps, data.subjects ?? 300, 'test', { behaviour: data.behaviour ?? true });
  }, hookTimeout);
  return Object.assign(Object.create(served) as ServedPage, {
    openConsole: (role: StaffRole, opts: { language?: ConsoleLanguage } = {}) =>
      signInToConsole(served.browser, served.base, served.t.keys[role], role, opts.language),
  });
}

/** A one-off: Garde with demo data, Chromium, and the console signed in as `role`; cleanup stops all. */
export async function openConsole(opts: {
  role: StaffRole;
  backend: Backend;
  language?: ConsoleLanguage;
  data?: DemoData;
}): Promise<OpenedConsole & { t: TestApp; base: string; browser: Browser; cleanup(): Promise<void> }> {
  const t = await testApp(opts.backend);
  let browser: Browser | undefined;
  try {
    t.deps.now = () => new Date();
    await seedDemo(t.deps, opts.data?.subjects ?? 300, 'test', { behaviour: opts.data?.behaviour ?? true });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    const opened = await signInToConsole(browser, base, t.keys[opts.role], opts.role, opts.language);
    const b = browser;
    return {
      ...opened,
      t,
      base,
      browser: b,
      async cleanup() {
        await b.close();
        await t.dispose();
      },
    };
  } catch (err) {
    await browser?.close();
    await t.dispose();
    throw err;
  }
}

/** Signs in through the console's form with `key`; returns once the role's navigation shows. */
export async function signInToConsole(
  browser: Browser,
  base: string,
  key: string,
  role: StaffRole,
  language: ConsoleLanguage = 'en',
): Promise<OpenedConsole> {
  const context = await browser.newContext({ locale: language });
  const page = await context.newPage();
  await page.goto(`${base}/console/?language=${language}`);
  await page.fill('#key', key);
  await page.click('#sign-in button[type="submit"]');
  await page.waitForSelector('nav.views');
  expect(await page.locator(`nav.views a[data-view="${role}-overview"]`).count()).toBe(1);
  return { context, page, close: () => context.close() };
}
