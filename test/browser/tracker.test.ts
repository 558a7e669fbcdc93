// The tracker SDK in Debian's Chromium, on Garde's own origin: nothing leaves the page before
// identify(), after a withdrawal, or under Global Privacy Control (BK-1, BK-16). Across origins:
// tracker-cross-origin.test.ts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordConsent } from '../../src/consent/consent.ts';
import { selfService } from '../../src/consent/model.ts';
import { createKey } from '../../src/keys/store.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { launchChromium } from '../support/browser.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

describeWhen(CHROMIUM_REQUIRED, 'test/browser/tracker.test.ts')('tracker SDK in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    t = await testApp('pglite');
    // The browser's clock is real: let the test clock agree so events are not "from the future".
    t.deps.now = () => new Date();
    await recordConsent(
      t.deps,
      t.customerId,
      { purpose: 'web-personalisation', state: 'given' },
      { actor: 'test', role: 'admin' },
    );
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t.dispose();
  });

  const session = async (subjectId = t.customerId) =>
    (
      await createKey(
        t.deps.db,
        { role: 'customer', subjectId, scopes: ['events'], expiresAt: new Date(Date.now() + 600_000) },
        'test',
      )
    ).key;
  /** A consenting customer of their own, for tests that change the person's choices. */
  const consenting = async () => {
    const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
    await recordConsent(t.deps, s.id, { purpose: 'web-personalisation', state: 'given' }, admin);
    return s.id;
  };
  const lastConsent = async (subjectId: string) =>
    (
      await t.deps.db.query<{ state: string; source: string }>(
        "SELECT state, source FROM consent_events WHERE subject_id = $1 AND purpose = 'web-personalisation' ORDER BY id DESC LIMIT 1",
        [subjectId],
      )
    ).rows[0];
  const stored = async () =>
    (await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]?.n ?? 0;

  async function open(gpc = false): Promise<{ page: Page; sent: () => number }> {
    const context = await browser.newContext();
    if (gpc)
      await context.addInitScript(() =>
        Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
      );
    const page = await context.newPage();
    let sent = 0;
    page.on('request', (r) => {
      if (r.url().includes('/v1/events')) sent++;
    });
    await page.goto(`${base}/demo/tracker`);
    await page.waitForFunction(() => 'tracker' in window);
    return { page, sent: () => sent };
  }
  const run = (page: Page, script: string) => page.evaluate(`(async () => { ${script} })()`);
  const admin = { actor: 'test', role: 'admin' as const };

  it('sends nothing before identify(), then sends after it', async () => {
    const { page, sent } = await open();
    const before = await stored();
    await run(page, "tracker.track('simulation-run', 'pension'); await tracker.flush();");
    expect(sent()).toBe(0);
    await run(
      page,
      `tracker.identify('${await session()}'); tracker.track('simulation-run', 'pension'); await tracker.flush();`,
    );
    expect(sent()).toBe(1);
    expect(await stored()).toBe(before + 1);
    await page.context().close();
  });

  it('sends nothing after a withdrawal, and the withdrawal is recorded on the server (BK-16)', async () => {
    const id = await consenting();
    const { page, sent } = await open();
    const recorded = await run(
      page,
      `tracker.identify('${await session(id)}'); tracker.track('dossier-visited', 'vacances'); const r = await tracker.withdraw(); tracker.track('simulation-run', 'pension'); await tracker.flush(); return r;`,
    );
    expect(recorded).toBe(true);
    expect(sent()).toBe(0);
    expect(await lastConsent(id)).toEqual({ state: 'withdrawn', source: selfService(t.deps.policy) });
    await page.context().close();
  });

  it('the demo page records its withdraw button on the server', async () => {
    const id = await consenting();
    const { page } = await open();
    await page.fill('#token', await session(id));
    await page.click('#identify');
    await page.click('#withdraw');
    await expect.poll(() => page.textContent('#status')).toContain('recorded');
    expect(await lastConsent(id)).toEqual({ state: 'withdrawn', source: selfService(t.deps.policy) });
    await page.context().close();
  });

  it('sends what is queued (a keepalive fetch, the token in a header) when the page is hidden', async () => {
    const { page } = await open();
    const before = await stored();
    const sent: { url: string; auth: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/events')) sent.push({ url: r.url(), auth: r.headers().authorization });
    });
    const token = await session();
    await run(
      page,
      `tracker.identify('${token}'); tracker.track('information-consulted', 'habitation');
       Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
       document.dispatchEvent(new Event('visibilitychange'));`,
    );
    await expect.poll(stored, { timeout: 5000 }).toBe(before + 1);
    expect(sent).toEqual([{ url: `${base}/v1/events`, auth: `Bearer ${token}` }]);
    await page.context().close();
  });

  it('honours Global Privacy Control: no behaviour is sent, and the server records the signal (BK-16)', async () => {
    const id = await consenting();
    const { page, sent } = await open(true);
    const recorded = await run(
      page,
      `const r = await tracker.identify('${await session(id)}'); tracker.track('simulation-run', 'pension'); await tracker.flush(); return r;`,
    );
    expect(recorded).toBe(true);
    expect(sent()).toBe(0);
    expect(await lastConsent(id)).toEqual({ state: 'withdrawn', source: 'gpc' });
    await page.context().close();
  });

  it('stops by itself once the server says consent was withdrawn elsewhere', async () => {
    await recordConsent(
      t.deps,
      t.customerId,
      { purpose: 'web-personalisation', state: 'withdrawn' },
      { actor: 'test', role: 'admin' },
    );
    const { page, sent } = await open();
    await run(
      page,
      `tracker.identify('${await session()}'); tracker.track('simulation-run', 'pension'); await tracker.flush();`,
    );
    expect(sent()).toBe(1);
    await run(page, "tracker.track('simulation-run', 'pension'); await tracker.flush();");
    expect(sent()).toBe(1);
    expect(await page.evaluate('tracker.active')).toBe(false);
    await page.context().close();
  });
});
