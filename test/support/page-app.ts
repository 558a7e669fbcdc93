// The browser tests' served app: Garde listening on 127.0.0.1 (its clock the real one, as the
// browser's is) and Debian's Chromium, opened before the describe block's tests and closed after
// them (the browser first, then the app); and the privacy page opened as the person, signed in.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Backend } from './backends.ts';
import { launchChromium } from './browser.ts';
import { type TestApp, testApp } from './http.ts';

export type ServedPage = {
  /** The app under test. */
  readonly t: TestApp;
  /** Where it listens, e.g. http://127.0.0.1:40123. */
  readonly base: string;
  readonly browser: Browser;
  /** openPrivacyPage on this app, with its host's key. */
  openPrivacyPage(
    subjectId: string,
    contextOptions?: BrowserContextOptions,
  ): ReturnType<typeof openPrivacyPage>;
};

/**
 * Registers the beforeAll/afterAll of the current describe block that serve the app and launch
 * Chromium; what they open is read through the returned object's getters, in tests and later hooks.
 */
export function servePage(
  backend: Backend,
  opts: Parameters<typeof testApp>[1] = {},
  hookTimeout?: number,
): ServedPage {
  let t: TestApp | undefined;
  let base: string | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await testApp(backend, opts);
    t.deps.now = () => new Date();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, hookTimeout);
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
  });
  const opened = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`servePage: no ${name} before its beforeAll has run`);
    return value;
  };
  const served: ServedPage = {
    get t() {
      return opened(t, 'app');
    },
    get base() {
      return opened(base, 'address');
    },
    get browser() {
      return opened(browser, 'browser');
    },
    openPrivacyPage: (subjectId, contextOptions) =>
      openPrivacyPage(served.browser, served.base, served.t.keys.host, subjectId, contextOptions),
  };
  return served;
}

/** The person's privacy page, signed in by a single-use link the host asks for with its key. */
export async function openPrivacyPage(
  browser: Browser,
  base: string,
  hostKey: string,
  subjectId: string,
  contextOptions: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const link = await fetch(`${base}/v1/subjects/${subjectId}/privacy-links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hostKey}` },
  });
  expect(link.status).toBe(201);
  const { url } = (await link.json()) as { url: string };
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page };
}
