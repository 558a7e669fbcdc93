// The console's shell in Debian's Chromium (issue 15, "Signing in"), on both databases: a member
// of staff signs in with their key; the navigation lists exactly their role's screens (the route x
// role matrix, proven in the browser); another role's screen, opened by its address, is refused;
// sign-out and a session ended on the server both bring the sign-in form back, and the API is 401
// afterwards; a change without the CSRF token is refused; axe finds nothing on the sign-in form or
// the overview; the strict CSP holds (no violation reported).
import { expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '../../src/keys/model.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { serveConsole } from '../support/console-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

type Registry = {
  VIEWS: readonly { id: string; roles: readonly StaffRole[]; listed?: false; title: { en: string } }[];
};
// The console's own registry, read as the browser reads it (its view modules are not loaded).
const REGISTRY_MODULE: string = '../../web/console/src/views.ts';
const { VIEWS } = (await import(REGISTRY_MODULE)) as Registry;
// The navigation lists a role's screens but those marked `listed: false` (a screen of one thing,
// opened from another screen's links).
const idsOf = (role: StaffRole) =>
  VIEWS.filter((v) => v.roles.includes(role) && v.listed !== false).map((v) => v.id);

for (const backend of BACKENDS) {
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-shell.test.ts')(
    `the console's shell in Chromium, on ${backend}`,
    () => {
      const served = serveConsole(backend, { subjects: 50, behaviour: false });

      it.each(STAFF_ROLES)(
        'signed in with a %s key, the navigation shows exactly the role’s screens, and every other role’s screen is refused by address',
        async (role) => {
          const { page, close } = await served.openConsole(role);
          const shown = await page
            .locator('nav.views a')
            .evaluateAll((as) => as.map((a) => a.getAttribute('data-view')));
          expect(shown).toEqual(idsOf(role));
          // Signing in put the focus on the first screen's heading.
          expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
          const others = VIEWS.filter((v) => !v.roles.includes(role));
          expect(others.length).toBeGreaterThan(0);
          for (const view of others) {
            await page.goto(`${served.base}/console/?view=${view.id}`);
            await page.waitForSelector('#refused');
            expect(await page.textContent('h1')).toBe('This screen is not for your role');
            expect(await page.locator('nav.views a[aria-current="page"]').count()).toBe(0);
          }
          // An unlisted screen of the role still opens by its address (the links of another screen).
          for (const view of VIEWS.filter((v) => v.roles.includes(role) && v.listed === false)) {
            await page.goto(`${served.base}/console/?view=${view.id}&language=en`);
            await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, view.title.en);
            expect(await page.locator('#refused').count()).toBe(0);
          }
          await close();
        },
      );

      it('the overview says who is signed in, as what and until when; moving by the navigation focuses the heading; axe finds nothing; no CSP violation', async () => {
        const violations: string[] = [];
        const { page, close } = await served.openConsole('dpo');
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
        });
        const keyId = (
          await served.t.deps.db.query<{ id: string }>('SELECT id FROM api_keys WHERE prefix = $1', [
            served.t.keys.dpo.split('_')[1],
          ])
        ).rows[0]?.id;
        await page.waitForSelector('#who');
        const text = await page.textContent('main');
        expect(text).toContain('data protection officer');
        expect(text).toContain(`key:${keyId}`);
        expect(await page.locator('main time[datetime]').count()).toBe(1);
        expect(await axeViolations(page)).toEqual([]);
        await page.click('nav.views a[data-view="dpo-overview"]');
        expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
        expect(new URL(page.url()).searchParams.get('view')).toBe('dpo-overview');
        // In French, by the language picker: the shell's words change, the view stays.
        await page.click('nav[aria-label="Language"] a[lang="fr"]');
        await expect.poll(() => page.textContent('h1')).toBe('Vue d’ensemble');
        expect(await page.getAttribute('html', 'lang')).toBe('fr');
        expect(violations).toEqual([]);
        await close();
      });

      it('the sign-in form: labelled password field, an error summary linked to it for a bad or a customer’s key; axe finds nothing', async () => {
        const context = await served.browser.newContext({ locale: 'en' });
        const page = await context.newPage();
        await page.goto(`${served.base}/console/`);
        await page.waitForSelector('#sign-in');
        expect(await page.getAttribute('#key', 'type')).toBe('password');
        expect(await page.textContent('label[for="key"]')).toBe('API key');
        expect(await axeViolations(page)).toEqual([]);
        await page.click('#sign-in button[type="submit"]');
        await page.waitForSelector('.error-summary a[href="#key"]');
        expect(await page.textContent('.error-summary')).toContain('Enter your API key');
        await page.fill('#key', `garde_000000000000_${'A'.repeat(43)}`);
        await page.click('#sign-in button[type="submit"]');
        await expect.poll(() => page.textContent('.error-summary')).toContain('not valid');
        await page.fill('#key', served.t.keys.customer);
        await page.click('#sign-in button[type="submit"]');
        await expect.poll(() => page.textContent('.error-summary')).toContain('does not open the console');
        // The field is emptied after each try: the key stays nowhere on the page.
        expect(await page.inputValue('#key')).toBe('');
        expect(await axeViolations(page)).toEqual([]);
        await context.close();
      });

      it('a change without the CSRF token is refused; sign-out ends the session, and the API is 401 afterwards', async () => {
        const { page, context, close } = await served.openConsole('marketer');
        const withoutToken = await page.evaluate(async () => {
          const res = await fetch('/v1/console/sign-out', { method: 'POST' });
          return { status: res.status, code: ((await res.json()) as { code: string }).code };
        });
        expect(withoutToken).toEqual({ status: 403, code: 'CSRF_TOKEN_INVALID' });
        expect((await context.request.get(`${served.base}/v1/console/me`)).status()).toBe(200);
        expect(await page.evaluate(() => document.cookie)).toBe('');
        await page.click('#sign-out button');
        await page.waitForSelector('#sign-in');
        expect(await page.textContent('main [role="status"]')).toBe('You are signed out.');
        expect((await context.request.get(`${served.base}/v1/console/me`)).status()).toBe(401);
        await close();
      });

      it('a session ended on the server sends the console back to the sign-in form with a message', async () => {
        const { page, close } = await served.openConsole('agent');
        await served.t.deps.db.query('UPDATE console_sessions SET ended_at = now() WHERE ended_at IS NULL');
        await page.click('nav.views a[data-view="agent-overview"]');
        await page.waitForSelector('#sign-in');
        expect(await page.textContent('main [role="status"]')).toBe(
          'Your session has ended. Sign in again to go on.',
        );
        expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
        await close();
      });
    },
  );
}
