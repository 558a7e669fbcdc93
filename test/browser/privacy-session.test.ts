// The privacy page's first version in Debian's Chromium (issue 14): the host's link opens it as
// the person, signed in by an HttpOnly cookie; its sign-out button works under the page's strict
// CSP (no inline script) and sends the CSRF token; a replayed link opens nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSubject } from '../../src/subjects/subjects.ts';
import { launchChromium } from '../support/browser.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-session.test.ts')(
  'the privacy page in Chromium, signed in',
  () => {
    let t: TestApp;
    let browser: Browser;
    let base: string;
    beforeAll(async () => {
      t = await testApp('pglite');
      t.deps.now = () => new Date();
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await t.dispose();
    });

    it('a link opens the page signed in, once; sign-out, by keyboard, ends the session; the cookie is out of scripts’ reach; axe finds nothing', async () => {
      const person = await createSubject(
        t.deps,
        { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Aurélie' } },
        'test',
      );
      const res = await fetch(`${base}/v1/subjects/${person.id}/privacy-links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.keys.host}` },
      });
      const { url } = (await res.json()) as { url: string };
      const context = await browser.newContext({ locale: 'en' });
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(url);
      expect(new URL(page.url()).pathname).toBe('/privacy/');
      expect(new URL(page.url()).search).toBe('');
      await expect.poll(() => page.textContent('body')).toContain('Aurélie');
      expect(await page.evaluate(() => document.cookie)).toBe('');
      // Signed in, the page does not send the person to open it from their online space.
      await page.waitForSelector('nav.views');
      expect(await page.locator('#own-page').count()).toBe(0);
      // Who is responsible and how to complain is one view away, by its link.
      await page.click('nav.views a[href*="view=about"]');
      await page.waitForSelector('#controller');
      expect(new URL(page.url()).searchParams.get('view')).toBe('about');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
      // A reload keeps the view, and starts the keyboard from the top of the page.
      await page.reload();
      await page.waitForSelector('#controller');
      // Evaluated by the driver: the page's CSP allows no inline script.
      await page.evaluate(AXE);
      const axe = await page.evaluate(() =>
        (window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string }[] }> } }).axe.run(
          { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } },
        ),
      );
      expect(axe.violations.map((v) => v.id)).toEqual([]);
      // By keyboard: the skip link, the languages, then the sign-out button, in that order.
      const stops: string[] = [];
      for (let i = 0; i < 6 && !stops.includes('sign-out'); i++) {
        await page.keyboard.press('Tab');
        stops.push(
          await page.evaluate(() =>
            document.activeElement?.closest('#sign-out')
              ? 'sign-out'
              : (document.activeElement?.textContent ?? ''),
          ),
        );
      }
      expect(stops[0]).toMatch(/skip|contenu|inhoud|Inhalt/i);
      expect(stops.at(-1)).toBe('sign-out');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.textContent('body')).not.toContain('Aurélie');
      expect(await page.locator('#sign-out').count()).toBe(0);
      expect(await page.locator('#own-page').count()).toBe(1);
      const ended = await context.request.get(`${base}/v1/me`);
      expect(ended.status()).toBe(401);
      const replay = await page.goto(url);
      expect(replay?.status()).toBe(410);
      expect(violations).toEqual([]);
      await context.close();
    });
  },
);
