// "Your requests" on the privacy page in Debian's Chromium (issue 14, EN-11, EN-13): the person
// asks for a portable copy, sees it received with its deadline, and once the DPO has answered it
// downloads the zip through the cookie session; asking for erasure shows what it does to the
// contract, in the API's words, before anything is recorded; invalid input gets the GOV.UK error
// summary; axe finds nothing on the list, the form, or the warning.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createSubject } from '../../src/subjects/subjects.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

// Set to a folder to write the screen's screenshots there (fr, 1280 and 360 px wide).
const SHOTS = process.env.GARDE_SCREENSHOTS;

type Request = { id: string; kind: string; status: string; dueAt: string; receivedAt: string };

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-requests.test.ts')(
  'the privacy page’s requests',
  () => {
    describe.each(BACKENDS)('in Chromium, on %s', (backend) => {
      const served = servePage(backend);

      const dpo = () => ({
        authorization: `Bearer ${served.t.keys.dpo}`,
        'content-type': 'application/json',
      });
      const requestsOf = async (subjectId: string) => {
        const res = await fetch(`${served.base}/v1/subjects/${subjectId}/rights-requests`, {
          headers: dpo(),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { items: Request[] }).items;
      };
      const customer = (givenName: string, familyName: string) =>
        createSubject(
          served.t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName, familyName } },
          'test',
        );

      /** The person's requests view, signed in by a one-time link, in `locale`. */
      async function openRequests(subjectId: string, locale = 'en-GB', width = 1024) {
        const { context, page } = await served.openPrivacyPage(subjectId, {
          locale,
          viewport: { width, height: 900 },
        });
        // The view is one entry of the page's navigation.
        await page.locator('nav.views a[href*="view=requests"]').click();
        await page.locator('h2#requests').waitFor();
        return { context, page };
      }

      it('the customer asks for a portable copy, sees it received with its deadline, and once answered downloads a zip holding their data; only their own', async () => {
        const person = await customer('Aurélie', 'Vandenbroucke');
        const other = await customer('Bert', 'Janssens');
        const { context, page } = await openRequests(person.id);
        await expect
          .poll(() => page.locator('.requests-view').textContent())
          .toContain('You have not asked for anything yet');

        await page.getByLabel('A portable copy of my data').check();
        await page.getByRole('button', { name: 'Send the request' }).click();
        await expect
          .poll(() => page.locator('[role="status"]').textContent())
          .toMatch(/We received your request/);

        const [asked] = await requestsOf(person.id);
        expect(asked).toMatchObject({ kind: 'portability', status: 'verified' });
        const item = page.locator('.request').first();
        await expect.poll(() => item.locator('h4').textContent()).toBe('A portable copy of my data');
        const due = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' }).format(
          new Date(asked?.dueAt ?? ''),
        );
        const text = (await item.textContent()) ?? '';
        expect(text).toContain('Being prepared');
        expect(text).toContain(`Answer due by${due}`);
        expect(text).toContain(`download it here, by ${due} at the latest`);
        // Not offered before it is ready.
        expect(await item.locator('a[download]').count()).toBe(0);
        expect(await axeViolations(page)).toEqual([]);

        // The DPO answers the request (portal requests are verified by the login).
        const done = await fetch(`${served.base}/v1/rights-requests/${asked?.id}/fulfilment`, {
          method: 'POST',
          headers: dpo(),
          body: '{}',
        });
        expect(done.status).toBe(200);
        await page.reload();
        const link = page.getByRole('link', { name: 'Download your portable copy (zip)' });
        await link.waitFor();
        expect(await page.locator('.request').first().textContent()).toContain('Done');

        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        expect(download.suggestedFilename()).toBe('personal-data.zip');
        const zip = unzipSync(readFileSync((await download.path()) as string));
        const files = Object.keys(zip);
        expect(files).toContain('manifest.json');
        const everything = files.map((f) => strFromU8(zip[f] as Uint8Array)).join('\n');
        expect(everything).toContain('Vandenbroucke');
        expect(everything).toContain(person.id);
        expect(everything).not.toContain('Janssens');
        // Each download is recorded (EN-11): by its digest, on the privacy page.
        const seen = await (
          await fetch(`${served.base}/v1/rights-requests/${asked?.id}`, { headers: dpo() })
        ).json();
        expect(seen.deliveries).toEqual([expect.objectContaining({ format: 'zip', via: 'privacy-page' })]);

        // The cookie session: a file to save, of its type; never another person's.
        const href = (await link.getAttribute('href')) as string;
        const zipAnswer = await context.request.get(`${served.base}${href}`);
        expect(zipAnswer.headers()['content-type']).toBe('application/zip');
        expect(zipAnswer.headers()['content-disposition']).toBe('attachment; filename="personal-data.zip"');
        const report = await context.request.get(
          `${served.base}/v1/subjects/${person.id}/access-report?format=html`,
        );
        expect(report.headers()['content-type']).toMatch(/^text\/html/);
        expect(report.headers()['content-disposition']).toBe('attachment; filename="access-report.html"');
        // Another person's: as if they did not exist (subject-scoped routes answer 404).
        for (const path of ['export', 'access-report?format=html', 'rights-requests']) {
          const theirs = await context.request.get(`${served.base}/v1/subjects/${other.id}/${path}`);
          expect(theirs.status()).toBe(404);
          expect(theirs.headers()['content-type']).toMatch(/^application\/problem\+json/);
        }
        await context.close();
      });

      it('asking for erasure shows that it ends the contract before anything is recorded; the request exists only once confirmed; axe finds nothing', async () => {
        const person = await customer('Chloé', 'Dubois');
        const { context, page } = await openRequests(person.id);
        await page.getByLabel('Erase my data').check();
        await page.getByRole('button', { name: 'Send the request' }).click();
        const warning = page.locator('.check');
        await warning.waitFor();
        // The words are the API's (the policy's language), shown with what is asked.
        expect(await warning.textContent()).toContain('Erasing your data ends your contract');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('request-check');
        expect(await requestsOf(person.id)).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);

        // Cancelled: still nothing.
        await page.getByRole('button', { name: 'Do not send it' }).click();
        await expect.poll(() => page.locator('[role="status"]').textContent()).toBe('Nothing was sent.');
        expect(await requestsOf(person.id)).toEqual([]);

        await page.getByRole('button', { name: 'Send the request' }).click();
        await page.getByRole('button', { name: 'I understand: send the request' }).click();
        await expect
          .poll(() => page.locator('[role="status"]').textContent())
          .toMatch(/We received your request/);
        const mine = await requestsOf(person.id);
        expect(mine).toMatchObject([{ kind: 'erasure', status: 'verified' }]);
        await expect.poll(() => page.locator('.request h4').first().textContent()).toBe('Erase my data');
        await context.close();
      });

      it('invalid input gets the GOV.UK error summary, linking to the field, and records nothing', async () => {
        const person = await customer('Dirk', 'Peeters');
        const { context, page } = await openRequests(person.id);
        await page.getByRole('button', { name: 'Send the request' }).click();
        const summary = page.locator('.error-summary');
        await summary.waitFor();
        expect(await summary.locator('a').textContent()).toBe('Choose what you ask for');
        await page.getByLabel('Correct my data').check();
        await page.getByRole('button', { name: 'Send the request' }).click();
        await expect
          .poll(() => summary.locator('a').textContent())
          .toBe('Say which details are wrong and what they should be');
        await summary.locator('a').click();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('request-note');
        expect(await page.locator('#request-note').getAttribute('aria-invalid')).toBe('true');
        expect(await axeViolations(page)).toEqual([]);
        expect(await requestsOf(person.id)).toEqual([]);

        await page.locator('#request-note').fill('My family name is spelt Peeters-Claes.');
        await page.getByRole('button', { name: 'Send the request' }).click();
        await expect
          .poll(() => page.locator('[role="status"]').textContent())
          .toMatch(/We received your request/);
        expect(await requestsOf(person.id)).toMatchObject([
          { kind: 'rectification', details: { note: 'My family name is spelt Peeters-Claes.' } },
        ]);
        await context.close();
      });

      it.runIf(SHOTS)(
        'screenshots the requests and the erasure warning in French, 1280 and 360 px wide',
        async () => {
          const person = await customer('Aurélie', 'Vandenbroucke');
          const setup = await openRequests(person.id, 'fr-BE');
          for (const label of ['Une copie portable de mes données', 'Une copie de mes données']) {
            await setup.page.getByLabel(label).check();
            await setup.page.getByRole('button', { name: 'Envoyer la demande' }).click();
            await expect.poll(() => setup.page.locator('[role="status"]').textContent()).toMatch(/reçu/);
          }
          await setup.context.close();
          const [first] = await requestsOf(person.id);
          await fetch(`${served.base}/v1/rights-requests/${first?.id}/fulfilment`, {
            method: 'POST',
            headers: dpo(),
            body: '{}',
          });
          for (const [width, suffix] of [
            [1280, ''],
            [360, '-360'],
          ] as const) {
            const { context, page } = await openRequests(person.id, 'fr-BE', width);
            await page.locator('.request').nth(1).waitFor();
            await page.screenshot({ path: `${SHOTS}/privacy-requests-fr${suffix}.png`, fullPage: true });
            await page.getByLabel('Effacer mes données').check();
            await page.getByRole('button', { name: 'Envoyer la demande' }).click();
            await page.locator('.check').waitFor();
            await page.screenshot({
              path: `${SHOTS}/privacy-requests-fr-erasure${suffix}.png`,
              fullPage: true,
            });
            await context.close();
          }
        },
      );
    });
  },
);
