// The whole privacy page by keyboard only, in Debian's Chromium (issue 14, WCAG 2.2 AA): from the
// link the host hands over, every view the policy offers is reached from the navigation with Tab
// and Enter; each puts the focus on its heading, keeps its place in the address and the back
// button, shows every focused control with a visible indicator, reflows at 360 px without
// sideways scrolling, and axe finds no violation on it at either width. With GARDE_SCREENSHOTS set to a folder, it
// also writes each view's screenshot there (French, 1280 and 360 px wide).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';
import { richSubject } from '../support/rich-subject.ts';

const SHOTS = process.env.GARDE_SCREENSHOTS;

/** Presses Tab until the focus is on the navigation link of `view`; the stops on the way. */
async function tabTo(page: Page, view: string): Promise<number> {
  for (let i = 1; i <= 200; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const a = document.activeElement;
      return a instanceof HTMLAnchorElement && a.closest('nav.views')
        ? new URL(a.href).searchParams.get('view')
        : null;
    });
    if (here === view) return i;
  }
  throw new Error(`the link to ${view} is not reachable by Tab`);
}

/** Tabs through every control of the view; each must show a focus indicator. The controls seen. */
async function tabThroughView(page: Page): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      if (!a || a === document.body) return { done: true, name: '', visible: true };
      if (!a.closest('main')) return { done: true, name: '', visible: true };
      const style = getComputedStyle(a);
      const ring =
        (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== 'none' ||
        // A native checkbox or radio draws Chromium's own focus ring.
        (a instanceof HTMLInputElement && ['checkbox', 'radio'].includes(a.type));
      const box = a.getBoundingClientRect();
      return {
        done: false,
        name: `${a.tagName.toLowerCase()}#${a.id || a.textContent?.trim().slice(0, 30)}`,
        visible: ring && box.width > 0 && box.height > 0,
      };
    });
    if (stop.done) break;
    expect(stop.visible, `${stop.name} shows where the focus is`).toBe(true);
    seen.push(stop.name);
  }
  return seen;
}

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-journey.test.ts')(
  'the privacy page by keyboard',
  () => {
    describe.each(BACKENDS)('in Chromium, on %s', (backend) => {
      const served = servePage(backend, {}, 120_000);

      it('every view is reached by Tab and Enter from the navigation, takes the focus to its heading, shows each focused control, reflows at 360 px, and axe finds nothing at 1280 or 360 px', async () => {
        const person = await richSubject(served.t.deps, {
          lifecycle: 'customer',
          events: 20,
          everywhere: true,
        });
        const link = await fetch(`${served.base}/v1/subjects/${person.id}/privacy-links`, {
          method: 'POST',
          headers: { authorization: `Bearer ${served.t.keys.host}` },
        });
        expect(link.status).toBe(201);
        const { url } = (await link.json()) as { url: string };
        const context = await served.browser.newContext({
          locale: 'fr-BE',
          viewport: { width: 1280, height: 900 },
        });
        const page = await context.newPage();
        const csp: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
        });
        await page.goto(url);
        await page.waitForSelector('nav.views');
        const views = await page.$$eval('nav.views a', (as) =>
          as.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('view') as string),
        );
        // What the policy declares decides the views; the bank's declares them all.
        expect(views[0]).toBe('choices');
        expect(views.at(-1)).toBe('about');
        expect(views).toEqual(
          expect.arrayContaining(['interests', 'messages', 'subscriptions', 'themes', 'requests']),
        );
        const visited: string[] = [];
        for (const view of views) {
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.focus('body');
          await tabTo(page, view);
          await page.keyboard.press('Enter');
          await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe(view);
          // The focus is on the view's heading, so a screen reader announces where the person is.
          await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
          await expect.poll(() => page.locator('main').textContent()).not.toMatch(/Chargement…/);
          expect(await page.title()).toContain(
            (await page.evaluate(() => document.activeElement?.textContent?.trim())) as string,
          );
          expect(await axeViolations(page), `axe on ${view}`).toEqual([]);
          const controls = await tabThroughView(page);
          // Read-only views (the messages, who we are) have no controls of their own.
          if (['choices', 'requests'].includes(view)) expect(controls.length, view).toBeGreaterThan(0);
          await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          await page.setViewportSize({ width: 360, height: 800 });
          const sideways = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(sideways, `${view} reflows at 360 px`).toBeLessThanOrEqual(0);
          // At this width what would scroll does (a wide list, a long reference): axe looks again.
          expect(await axeViolations(page), `axe on ${view} at 360 px`).toEqual([]);
          if (SHOTS)
            await page.screenshot({ path: join(SHOTS, `privacy-${view}-fr-360.png`), fullPage: true });
          await page.setViewportSize({ width: 1280, height: 900 });
          if (SHOTS) await page.screenshot({ path: join(SHOTS, `privacy-${view}-fr.png`), fullPage: true });
          visited.push(view);
        }
        expect(visited).toEqual(views);
        // The back button returns to the view before, with the focus on its heading.
        await page.goBack();
        await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe(views.at(-2));
        await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
        expect(csp).toEqual([]);
        await context.close();
      }, 240_000);
    });
  },
);
