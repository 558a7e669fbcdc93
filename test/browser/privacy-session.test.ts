// The privacy page's first version in Debian's Chromium (issue 14): the host's link opens it as
// the person, signed in by an HttpOnly cookie; its sign-out button works under the page's strict
// CSP (no inline script) and sends the CSRF token; a replayed link opens nothing.
import { expect, it } from 'vitest';
import { createSubject } from '../../src/subjects/subjects.ts';
import { axeViolations } from '../support/axe.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-session.test.ts')(
  'the privacy page in Chromium, signed in',
  () => {
    const served = servePage('pglite');

    it('a link opens the page signed in, once; sign-out, by keyboard, ends the session; the cookie is out of scripts’ reach; axe finds nothing', async () => {
      const person = await createSubject(
        served.t.deps,
        { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Aurélie' } },
        'test',
      );
      const res = await fetch(`${served.base}/v1/subjects/${person.id}/privacy-links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${served.t.keys.host}` },
      });
      const { url } = (await res.json()) as { url: string };
      const context = await served.browser.newContext({ locale: 'en' });
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
      expect(await axeViolations(page)).toEqual([]);
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
      const ended = await context.request.get(`${served.base}/v1/me`);
      expect(ended.status()).toBe(401);
      const replay = await page.goto(url);
      expect(replay?.status()).toBe(410);
      expect(violations).toEqual([]);
      await context.close();
    });
  },
);
