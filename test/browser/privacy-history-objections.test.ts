// "History of your choices" and "Objections and restriction" on the privacy page in Debian's
// Chromium (issue 14, BK-16, EN-11, EN-13): an objection raised by keyboard stops a marketing
// contact at once and its withdrawal allows it again; a choice made on the Choices view shows in
// the history with its time, how it was recorded and the notice version, and the consent receipt
// downloads as a file naming it; a restriction of all processing is held until the person
// confirms Garde's warning; axe finds no violation on either view.
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { selfService } from '../../src/consent/model.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-history-objections.test.ts')(
  'the privacy page’s history, objections and restriction',
  () => {
    describe.each(BACKENDS)('in Chromium, on %s', (backend) => {
      const served = servePage(backend);
      const contexts: BrowserContext[] = [];
      // Runs before the served page's own afterAll closes the browser.
      afterAll(async () => {
        for (const c of contexts) await c.close();
      });

      const as = (role: 'admin' | 'agent' | 'host') => ({
        authorization: `Bearer ${served.t.keys[role]}`,
        'content-type': 'application/json',
      });

      /** A new customer, signed in on a page at `view` (the page's first view when absent). */
      async function signedIn(view?: string, width = 1024) {
        const person = await createSubject(
          served.t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Aurélie' } },
          'test',
        );
        const { context, page } = await served.openPrivacyPage(person.id, {
          locale: 'en-GB',
          viewport: { width, height: 900 },
          acceptDownloads: true,
        });
        contexts.push(context);
        await page.locator('nav.views').waitFor();
        if (view) await page.locator(`nav.views a[href*="view=${view}"]`).click();
        return { id: person.id, page };
      }

      const limits = async (id: string) =>
        (await (await fetch(`${served.base}/v1/subjects/${id}/limits`, { headers: as('admin') })).json()) as {
          objections: { kind: string; purpose: string | null }[];
          restrictions: { purpose: string | null; reason: string }[];
        };

      it('the customer objects to direct marketing by keyboard: a marketing contact is refused at once, and allowed again once the objection is withdrawn; axe finds nothing', async () => {
        // The retail bank's direct-marketing purpose, by post, from the bank itself.
        const contact = 'purpose=commercial-proposals&channel=postal-mail&sender=bank';
        const { id, page } = await signedIn('objections');
        const given = await fetch(`${served.base}/v1/subjects/${id}/consents`, {
          method: 'POST',
          headers: as('admin'),
          body: JSON.stringify({ purpose: 'commercial-proposals', state: 'given' }),
        });
        expect(given.status).toBe(201);
        const check = async () =>
          (await (
            await fetch(`${served.base}/v1/subjects/${id}/contact-check?${contact}`, { headers: as('agent') })
          ).json()) as { allow: boolean; reasons: { code: string }[] };
        expect((await check()).allow).toBe(true);

        const button = page.locator('#objection-direct-marketing');
        await button.waitFor();
        expect(await page.locator('#state-direct-marketing').textContent()).toMatch(/do not object/);
        expect(await axeViolations(page)).toEqual([]);

        await button.focus();
        await page.keyboard.press('Enter');
        await expect
          .poll(() => page.locator('.view-status').textContent())
          .toMatch(/object to direct marketing/);
        expect(await page.locator('#state-direct-marketing').textContent()).toMatch(/You object/);
        expect((await limits(id)).objections).toEqual([{ kind: 'direct-marketing', purpose: null }]);
        const refused = await check();
        expect(refused.allow).toBe(false);
        expect(refused.reasons.map((r) => r.code)).toContain('objection.marketing');

        // The same button, still focused, now withdraws the objection.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('objection-direct-marketing');
        expect(await button.textContent()).toMatch(/Withdraw/);
        await page.keyboard.press('Enter');
        await expect
          .poll(() => page.locator('.view-status').textContent())
          .toMatch(/no longer object to direct marketing/);
        expect((await limits(id)).objections).toEqual([]);
        expect((await check()).allow).toBe(true);
      });

      it('a choice made on the Choices view shows in the history with its time, how it was recorded and the notice version, and the consent receipt downloads naming it; axe finds nothing', async () => {
        const policy = served.t.deps.policy;
        const purpose = policy.tracking?.consentPurpose as string;
        const { id, page } = await signedIn();
        const toggle = page.locator(`#choice-${purpose}`);
        await toggle.waitFor();
        const hint = page.locator(`#choice-${purpose}-hint`);
        expect(await hint.textContent()).toMatch(/Not asked yet/);
        await toggle.focus();
        await page.keyboard.press('Space');
        await expect.poll(() => page.locator('.choice-status').textContent()).toMatch(/given at/);
        await page.keyboard.press('Space');
        await expect.poll(() => page.locator('.choice-status').textContent()).toMatch(/withdrawn at/);
        // Unchecked either way; the hint tells "withdrawn" from "never asked".
        expect(await hint.textContent()).toMatch(/^Withdrawn on \d{1,2} \w+ \d{4}\.$/);

        await page.locator('nav.views a[href*="view=history"]').click();
        const entries = page.locator('ol.history > li');
        await expect.poll(() => entries.count()).toBe(2);
        const api = (await (
          await fetch(`${served.base}/v1/subjects/${id}/consents/history`, { headers: as('admin') })
        ).json()) as { items: { id: number; state: string; recordedAt: string; noticeVersion: string }[] };
        const latest = api.items.at(-1);
        expect(latest?.state).toBe('withdrawn');
        // Newest first: the withdrawal, then the consent.
        const first = entries.first();
        expect(await first.getAttribute('data-event')).toBe(String(latest?.id));
        expect(await first.locator('h3').textContent()).toMatch(/^Consent withdrawn: /);
        expect(await first.locator('time').getAttribute('datetime')).toBe(latest?.recordedAt);
        expect(await first.locator('time').textContent()).toMatch(/\d{4}.*\d{2}:\d{2}/);
        const notice = (await (await fetch(`${served.base}/v1/policy/controller?language=en`)).json()) as {
          consentInterfaces: { id: string; description: string }[];
        };
        const described = notice.consentInterfaces.find((x) => x.id === selfService(policy));
        expect(await first.textContent()).toContain(`by you, through ${described?.description}`);
        expect(await first.textContent()).toContain(`version ${policy.policy.version}, in English`);
        expect(await entries.nth(1).locator('h3').textContent()).toMatch(/^Consent given: /);
        expect(await page.locator('[role="status"].view-status').textContent()).toMatch(
          /latest choice was recorded/,
        );
        expect(await axeViolations(page)).toEqual([]);

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('#consent-receipt').click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^consent-receipt-\d{4}-\d{2}-\d{2}\.jsonld$/);
        const receipt = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
          '@type': string;
          'dpv:hasRecordOfActivity': {
            'dct:identifier': string;
            'dpv:hasConsentStatus': { '@id': string };
          }[];
        };
        expect(receipt['@type']).toBe('dpv:ConsentReceipt');
        const record = receipt['dpv:hasRecordOfActivity'].find(
          (r) => r['dct:identifier'] === String(latest?.id),
        );
        expect(record?.['dpv:hasConsentStatus']).toEqual({ '@id': 'dpv:ConsentWithdrawn' });
      });

      it('a restriction of all processing is held until the customer confirms the warning, and only then recorded; axe finds nothing', async () => {
        const { id, page } = await signedIn('objections');
        const button = page.locator('#restriction');
        await button.waitFor();
        // No reason chosen: the error summary says so and links to the choices.
        await button.click();
        const summary = page.locator('[role="alert"].error-summary');
        await summary.waitFor();
        expect(await summary.locator('a[href="#ground-groundA"]').count()).toBe(1);

        await page.locator('#ground-groundA').check();
        await button.click();
        const warning = page.locator('#restriction-warning');
        await warning.waitFor();
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('restriction-warning');
        expect(await page.locator('.warning-panel').textContent()).toMatch(/contract/);
        expect((await limits(id)).restrictions).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);

        await page.locator('#restriction-confirm').click();
        await expect
          .poll(() => page.locator('#state-restriction').textContent())
          .toMatch(/is restricted since/);
        expect((await limits(id)).restrictions).toEqual([
          {
            purpose: null,
            reason: 'I contest the accuracy of my data, while you check it.',
            since: expect.any(String),
          },
        ]);
        expect(await page.locator('.warning-panel').count()).toBe(0);
      });

      it('cancelling the warning changes nothing', async () => {
        const { id, page } = await signedIn('objections');
        await page.locator('#ground-groundC').waitFor();
        await page.locator('#ground-groundC').check();
        await page.locator('#restriction').click();
        await page.locator('#restriction-cancel').click();
        await expect.poll(() => page.locator('.view-status').textContent()).toMatch(/Nothing was changed/);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('restriction');
        expect((await limits(id)).restrictions).toEqual([]);
      });
    });
  },
);
