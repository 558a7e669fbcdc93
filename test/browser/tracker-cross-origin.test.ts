// The tracker on a website that is not on Garde's origin, in Debian's Chromium: Garde listens on
// one port, the bank's page is served from another (another origin). A page whose origin is in
// GARDE_CORS_ORIGINS loads the SDK from Garde and its events are stored; any other origin can do
// neither; a flush that fails is retried and stores each event once; leaving the page loses nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordConsent } from '../../src/consent/consent.ts';
import { createKey } from '../../src/keys/store.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { launchChromium } from '../support/browser.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const admin = { actor: 'test', role: 'admin' as const };

/** The bank's page: imports the SDK from Garde's origin and sets window.tracker, or says why not. */
const bankPage = (garde: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Bank</title></head><body><p>Bank page</p>
<script type="module">
  try {
    const { createTracker } = await import('${garde}/sdk/garde-tracker.js');
    window.tracker = createTracker({ garde: '${garde}', flushMs: 60000, retryMs: 200 });
    window.loaded = 'ok';
  } catch (e) {
    window.loaded = 'blocked: ' + e.message;
  }
</script></body></html>`;

/** A static site on 127.0.0.1 and a free port; `garde` is read per request (known later). */
async function site(garde: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(bankPage(garde()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const close = (server: Server | undefined) =>
  new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

describeWhen(CHROMIUM_REQUIRED, 'test/browser/tracker-cross-origin.test.ts')(
  'tracker SDK across origins, in Chromium',
  () => {
    let t: TestApp;
    let browser: Browser;
    let garde = '';
    let bank: Awaited<ReturnType<typeof site>>;
    let stranger: Awaited<ReturnType<typeof site>>;
    beforeAll(async () => {
      bank = await site(() => garde);
      stranger = await site(() => garde);
      t = await testApp('pglite', { corsOrigins: [bank.origin] });
      // The browser's clock is real: let the test clock agree so events are not "from the future".
      t.deps.now = () => new Date();
      garde = await t.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await t?.dispose();
      await close(bank?.server);
      await close(stranger?.server);
    });

    /** A consenting customer of their own, and a tracking session for them. */
    const visitor = async () => {
      const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
      await recordConsent(t.deps, s.id, { purpose: 'web-personalisation', state: 'given' }, admin);
      const { key } = await createKey(
        t.deps.db,
        { role: 'customer', subjectId: s.id, scopes: ['events'], expiresAt: new Date(Date.now() + 600_000) },
        'test',
      );
      return { id: s.id, token: key };
    };
    const stored = async (subjectId: string) =>
      (
        await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE subject_id = $1', [
          subjectId,
        ])
      ).rows[0]?.n ?? 0;
    const open = async (origin: string): Promise<Page> => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'loaded' in window);
      return page;
    };
    const run = (page: Page, script: string) => page.evaluate(`(async () => { ${script} })()`);

    it('a page on an allowed origin loads the SDK from Garde, and its events and withdrawal are recorded', async () => {
      const v = await visitor();
      const page = await open(bank.origin);
      try {
        expect(await page.evaluate('window.loaded')).toBe('ok');
        const delivered = await run(
          page,
          `tracker.identify('${v.token}'); tracker.track('simulation-run', 'pension'); tracker.track('dossier-visited', 'vacances');
           return tracker.flush();`,
        );
        expect(delivered).toBe(true);
        expect(await stored(v.id)).toBe(2);
        // The signals route answers the other origin too (BK-16).
        expect(await run(page, 'return tracker.withdraw();')).toBe(true);
        const last = await t.deps.db.query<{ state: string }>(
          "SELECT state FROM consent_events WHERE subject_id = $1 AND purpose = 'web-personalisation' ORDER BY id DESC LIMIT 1",
          [v.id],
        );
        expect(last.rows[0]?.state).toBe('withdrawn');
      } finally {
        await page.context().close();
      }
    });

    it('a page on an origin not in GARDE_CORS_ORIGINS can neither load the SDK nor send events', async () => {
      const v = await visitor();
      const page = await open(stranger.origin);
      try {
        expect(await page.evaluate('window.loaded')).toMatch(/^blocked: /);
        // Even with a copy of the SDK, its requests are refused at the preflight: nothing arrives.
        const sent = await run(
          page,
          `return fetch('${garde}/v1/events', {
             method: 'POST',
             headers: { authorization: 'Bearer ${v.token}', 'content-type': 'application/json' },
             body: JSON.stringify([{ kind: 'simulation-run', topic: 'pension', occurredAt: new Date().toISOString() }]),
           }).then(() => 'sent', (e) => e.name);`,
        );
        expect(sent).toBe('TypeError');
        expect(await stored(v.id)).toBe(0);
      } finally {
        await page.context().close();
      }
    });

    it.each([
      ['the request is lost', false],
      ['the answer is lost after Garde stored the batch', true],
    ])(
      'a flush that fails (%s) keeps its batch; the retry stores each event once',
      async (_case, arrives) => {
        const v = await visitor();
        const page = await open(bank.origin);
        let attempts = 0;
        await page.route(`${garde}/v1/events`, async (route) => {
          attempts++;
          if (attempts > 1) return route.continue();
          if (arrives) await route.fetch();
          return route.abort('connectionreset');
        });
        try {
          const delivered = await run(
            page,
            `tracker.identify('${v.token}'); tracker.track('simulation-run', 'pension'); tracker.track('simulation-run', 'epargne');
           tracker.track('information-consulted', 'habitation');
           return tracker.flush();`,
          );
          expect(delivered).toBe(false);
          expect(await page.evaluate('tracker.queued')).toBe(3);
          // The SDK retries by itself, after its backoff; flush() then waits for that retry's answer.
          await expect.poll(() => attempts, { timeout: 5000 }).toBe(2);
          expect(await run(page, 'return tracker.flush();')).toBe(true);
          expect(await page.evaluate('[tracker.queued, tracker.dropped]')).toEqual([0, 0]);
          expect(await stored(v.id)).toBe(3);
          expect(attempts).toBe(2);
        } finally {
          await page.context().close();
        }
      },
    );

    it('a page on any origin reads the machine-readable notice (public), but not the notice page or an API route (issue 17, F24)', async () => {
      const page = await open(stranger.origin);
      try {
        const read = (path: string, accept: string) =>
          run(
            page,
            `return fetch('${garde}${path}', { headers: { accept: '${accept}' } })
               .then((r) => r.text()).then((text) => text.startsWith('{') ? JSON.parse(text)['@type'] : 'a page', (e) => e.name);`,
          );
        expect(await read('/notice.jsonld', 'application/ld+json')).toBe('dpv:PrivacyNotice');
        expect(await read('/notice', 'text/html')).toBe('TypeError');
        expect(await read('/v1/policy/purposes', 'application/json')).toBe('TypeError');
      } finally {
        await page.context().close();
      }
    });

    it('leaving the page sends what is queued (a keepalive fetch, with its preflight)', async () => {
      const v = await visitor();
      const page = await open(bank.origin);
      try {
        await run(page, `tracker.identify('${v.token}'); tracker.track('simulation-run', 'pension');`);
        expect(await page.evaluate('tracker.queued')).toBe(1);
        // Never sent before: this is the origin's first request to Garde's events route.
        await page.goto(`${stranger.origin}/`);
        await expect.poll(() => stored(v.id), { timeout: 5000 }).toBe(1);
      } finally {
        await page.context().close();
      }
    });
  },
);
