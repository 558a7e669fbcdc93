// "Your subscriptions" (BK-8) and "Your themes" (BK-6) on the privacy page in Debian's Chromium
// (issue 14): the person unsubscribes by keyboard and the API shows it, their consents untouched;
// they link a holding to a theme and unlink it, and the API shows each; a policy without
// subscriptions or themes offers neither view; axe finds nothing on either view.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubject } from '../../src/subjects/subjects.ts';
import { localized } from '../../src/words/words.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { launchChromium } from '../support/browser.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { openPrivacyPage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

/** The person's page, signed in by the host's single-use link, in English. */
async function openPage(browser: Browser, app: TestApp, base: string, subjectId: string) {
  const opened = await openPrivacyPage(browser, base, app.keys.host, subjectId, {
    locale: 'en-GB',
    viewport: { width: 1024, height: 900 },
  });
  await opened.page.waitForSelector('nav.views');
  return opened;
}

const offeredViews = (page: Page) =>
  page
    .locator('nav.views a')
    .evaluateAll((links) =>
      links.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('view')),
    );

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-subscriptions-themes.test.ts')(
  'the privacy page’s subscriptions and themes',
  () => {
    describe.each(BACKENDS)('in Chromium, on %s', (backend) => {
      let t: TestApp;
      let energy: TestApp;
      let browser: Browser;
      let base: string;
      let energyBase: string;
      beforeAll(async () => {
        t = await testApp(backend);
        t.deps.now = () => new Date();
        base = await t.app.listen({ port: 0, host: '127.0.0.1' });
        energy = await testApp(backend, { policy: 'policies/energy-services.yaml' });
        energyBase = await energy.app.listen({ port: 0, host: '127.0.0.1' });
        browser = await launchChromium();
      }, 240_000);
      afterAll(async () => {
        await browser?.close();
        await t?.dispose();
        await energy?.dispose();
      });

      const admin = (app: TestApp) => ({
        authorization: `Bearer ${app.keys.admin}`,
        'content-type': 'application/json',
      });
      const api = async <B>(path: string, init: RequestInit = {}): Promise<B> => {
        const res = await fetch(`${base}${path}`, { ...init, headers: admin(t) });
        expect(res.ok, `${init.method ?? 'GET'} ${path}: ${res.status}`).toBe(true);
        return (await res.json()) as B;
      };

      it('the customer unsubscribes from one subscription by keyboard: the API shows it unsubscribed, the others kept, their consents unchanged; the page says when; axe finds nothing (BK-8)', async () => {
        const policy = t.deps.policy;
        const [gone, kept] = (policy.subscriptions ?? []).map((s) => s.id) as [string, string];
        const person = await createSubject(
          t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01' },
          'test',
        );
        const path = `/v1/subjects/${person.id}`;
        for (const topic of [gone, kept])
          await api(`${path}/subscriptions`, {
            method: 'POST',
            body: JSON.stringify({ topic, action: 'subscribe' }),
          });
        for (const p of policy.purposes.filter((x) => x.legalBasis === 'consent' && !x.consent?.perChannel))
          await api(`${path}/consents`, {
            method: 'POST',
            body: JSON.stringify({ purpose: p.id, state: 'given' }),
          });
        const consentsBefore = await api<{ items: unknown[] }>(`${path}/consents`);

        const { context, page } = await openPage(browser, t, base, person.id);
        expect(await offeredViews(page)).toEqual(expect.arrayContaining(['subscriptions', 'themes']));
        const posted: { csrf: string | undefined; body: unknown }[] = [];
        page.on('request', (r) => {
          if (r.method() === 'POST' && r.url().endsWith(`${path}/subscriptions`))
            posted.push({ csrf: r.headers()['x-csrf-token'], body: r.postDataJSON() });
        });
        await page.click('nav.views a[href*="view=subscriptions"]');
        const toggle = page.locator(`#subscription-${gone}`);
        await toggle.waitFor();
        await expect.poll(() => toggle.isChecked()).toBe(true);
        expect(await page.locator(`#subscription-${kept}`).isChecked()).toBe(true);
        // Named from the policy in the page's language, with a visible label of its own.
        const description = localized(policy, policy.subscriptions?.[0]?.description ?? '', 'en');
        expect(await page.getByRole('switch', { name: description }).count()).toBe(1);
        expect(await page.locator('h2').first().textContent()).toBe('Your subscriptions');
        expect(await page.textContent('section.choices')).toContain('not consent to marketing');
        expect(await axeViolations(page)).toEqual([]);

        await toggle.focus();
        await page.keyboard.press('Space');
        await expect
          .poll(() => page.locator('[role="status"].choice-status').textContent())
          .toMatch(new RegExp(`^${description}: unsubscription recorded at \\d{2}:\\d{2}\\.$`));
        expect(await toggle.isChecked()).toBe(false);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe(`subscription-${gone}`);

        const me = (await (await context.request.get(`${base}/v1/me`)).json()) as {
          session: { csrfToken: string };
        };
        expect(posted).toEqual([
          { csrf: me.session.csrfToken, body: { topic: gone, action: 'unsubscribe' } },
        ]);
        const after = await api<{ items: { topic: string }[] }>(`${path}/subscriptions`);
        expect(after.items.map((s) => s.topic)).toEqual([kept]);
        expect(await api<{ items: unknown[] }>(`${path}/consents`)).toEqual(consentsBefore);
        await context.close();
      });

      it('the customer links a holding to a theme by keyboard and listThemes shows the link, then unlinks it and it is gone; the holding shows its product name and only the end of its reference; axe finds nothing (BK-6)', async () => {
        const policy = t.deps.policy;
        const product = policy.products?.[0];
        const theme = policy.themes?.[0];
        if (!product || !theme) throw new Error('the bank policy has products and themes');
        const person = await createSubject(
          t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01' },
          'test',
        );
        const reference = 'BE71 0961 2345 6769';
        const inserted = await t.deps.db.query<{ id: string }>(
          "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, $2, $3, '2021-01-01') RETURNING id",
          [person.id, product.id, reference],
        );
        const holdingId = inserted.rows[0]?.id as string;
        const path = `/v1/subjects/${person.id}`;

        const { context, page } = await openPage(browser, t, base, person.id);
        await page.click('nav.views a[href*="view=themes"]');
        const box = page.locator(`#theme-0-${theme.id}`);
        await box.waitFor();
        expect(await box.isChecked()).toBe(false);
        const legend = await page.locator('fieldset.holding legend').textContent();
        expect(legend).toContain(localized(policy, product.name, 'en'));
        expect(legend).toContain('6769');
        const body = (await page.textContent('main')) ?? '';
        expect(body).not.toContain(reference);
        expect(body).not.toContain(holdingId);
        expect(await page.content()).not.toContain(holdingId);
        // What theme links are used for, from the policy's purposes.
        expect(await page.locator('section.choices ul li').count()).toBeGreaterThan(0);
        expect(await page.getByRole('checkbox', { name: localized(policy, theme.name, 'en') }).count()).toBe(
          1,
        );
        expect(await axeViolations(page)).toEqual([]);

        const status = page.locator('[role="status"].choice-status');
        await box.focus();
        await page.keyboard.press('Space');
        await expect.poll(() => status.textContent()).toMatch(/added to “.+” at \d{2}:\d{2}\.$/);
        expect(await box.isChecked()).toBe(true);
        const linked = await api<{ items: { theme: string; holdingId: string }[] }>(`${path}/themes`);
        expect(linked.items.map((l) => [l.theme, l.holdingId])).toEqual([[theme.id, holdingId]]);

        await page.keyboard.press('Space');
        await expect.poll(() => status.textContent()).toMatch(/removed from “.+”\.$/);
        expect(await box.isChecked()).toBe(false);
        expect((await api<{ items: unknown[] }>(`${path}/themes`)).items).toEqual([]);
        await context.close();
      });

      it('under a policy without subscriptions or themes (energy), the page offers neither view, even when asked for one', async () => {
        expect(energy.deps.policy.subscriptions ?? []).toEqual([]);
        expect(energy.deps.policy.themes ?? []).toEqual([]);
        const person = await createSubject(
          energy.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01' },
          'test',
        );
        const { context, page } = await openPage(browser, energy, energyBase, person.id);
        const views = await offeredViews(page);
        expect(views).toContain('choices');
        expect(views).not.toContain('subscriptions');
        expect(views).not.toContain('themes');
        for (const asked of ['subscriptions', 'themes']) {
          await page.goto(`${energyBase}/privacy/?view=${asked}`);
          await page.waitForSelector('nav.views');
          await expect
            .poll(() => page.locator('nav.views a[aria-current="page"]').getAttribute('href'))
            .toContain('view=choices');
          expect(await page.locator(`#${asked}`).count()).toBe(0);
        }
        await context.close();
      });
    });
  },
);
