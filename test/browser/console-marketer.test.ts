// The marketer's screens in Debian's Chromium (issue 15, "The marketer"; BK-7 at most one
// commercial message a month, BK-13 need to know), on both databases: the marketer opens a
// campaign, sees how many it leaves out and why (a chart and its table), who already has the
// month's message and from which campaign, and the people left out by subject id and reason,
// never who they are; sends it as a job and watches it finish; downloads its batch for the
// processor the policy names (EN-8, BK-15); then finds the month's report changed. axe finds
// nothing on either screen.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { BANK_PROPOSAL } from '../support/campaigns.ts';
import { serveConsole } from '../support/console-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const SHOTS = process.env.GARDE_SCREENSHOTS === '1';
const offer = BANK_PROPOSAL;

for (const backend of BACKENDS) {
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-marketer.test.ts')(
    `the marketer's screens in Chromium, on ${backend}`,
    () => {
      const served = serveConsole(backend, { subjects: 120, behaviour: true });

      const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
        const res = await served.t.app.inject({ method, url, headers: served.t.as('marketer'), payload });
        expect(res.statusCode, res.body).toBeLessThan(300);
        return res.json();
      };

      it('the marketer previews a campaign, sees who is left out and why, sends it, and finds the month’s report changed; axe finds nothing', async () => {
        // Some customers got the month's message from a campaign of higher priority.
        const product = (
          await served.t.deps.db.query<{ code: string }>(
            'SELECT product_code AS code FROM holdings GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1',
          )
        ).rows[0]?.code as string;
        const first = await api('POST', '/v1/campaigns', {
          name: 'Spring offer',
          contentRef: 'spring',
          priority: 80,
          audience: { holdings: [product] },
          ...offer,
        });
        await api('POST', `/v1/campaigns/${first.id}/send`);
        const second = await api('POST', '/v1/campaigns', {
          name: 'Autumn offer',
          contentRef: 'autumn',
          priority: 20,
          audience: {},
          ...offer,
        });
        const preview = await api('GET', `/v1/campaigns/${second.id}/preview`);
        expect(preview.arbitration.takenBy[0]).toMatchObject({ name: 'Spring offer', priority: 80 });
        expect(preview.eligible).toBeGreaterThan(0);
        const window = new Date().toISOString().slice(0, 7);
        const before = await api('GET', `/v1/reports/communications?window=${window}`);

        const { page, close } = await served.openConsole('marketer');
        await page.goto(`${served.base}/console/?view=campaigns`);
        await page.click('ul.campaign-list button:text-is("Autumn offer")');
        await page.waitForSelector('#detail-heading');
        // Opened: its heading says it is a preview and takes the focus; its facts are named.
        expect(await page.textContent('#detail-heading')).toBe('Preview of “Autumn offer”');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('detail-heading');
        const policyNames = await api('GET', '/v1/policy?language=en');
        const facts = (await page.textContent('section.campaign dl.facts')) ?? '';
        expect(facts).toContain(
          policyNames.channels.find((c: { id: string }) => c.id === offer.channel).name,
        );
        expect(facts).toContain(
          policyNames.messageClasses.find((c: { id: string }) => c.id === offer.messageClass).name,
        );
        await page.waitForSelector('table:has(caption:text("People left out"))');
        const detail = (await page.textContent('section.campaign')) ?? '';
        // The chart's table: each reason in words (the policy's, GET /v1/policy), never its code,
        // with its count, as the preview counts them.
        const words = (await api('GET', '/v1/policy?language=en')).reasons as { id: string; name: string }[];
        for (const [reason, n] of Object.entries(preview.suppressed as Record<string, number>)) {
          const said = words.find((w) => w.id === reason)?.name ?? reason;
          expect(said).not.toBe(reason);
          expect(
            await page.locator(`figure.chart tr:has(th:text-is("${said}")) td`).first().textContent(),
          ).toBe(String(n));
        }
        const worded = (await page.textContent('section.campaign')) ?? '';
        for (const code of Object.keys(preview.suppressed)) expect(worded).not.toContain(code);
        expect(detail).toContain('Slot taken by campaign “Spring offer” (priority 80)');
        // Subject ids and reasons, never who they are.
        const named = await served.t.deps.db.query<{ given_name: string; family_name: string }>(
          'SELECT given_name, family_name FROM identities WHERE given_name IS NOT NULL LIMIT 50',
        );
        for (const n of named.rows) expect(detail).not.toContain(`${n.given_name} ${n.family_name}`);
        expect(await page.locator('section.campaign tbody code').count()).toBeGreaterThan(0);
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS)
          await page.screenshot({ path: 'docs/screenshots/console-campaign-en.png', fullPage: true });
        // At 360 px the preview reflows (WCAG 1.4.10): its tables scroll in their own box, not the page.
        await page.setViewportSize({ width: 360, height: 800 });
        // The chart's container follows the new width a frame later (recharts' ResizeObserver).
        await expect
          .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
          .toBeLessThanOrEqual(360);
        if (SHOTS) await page.screenshot({ path: '/tmp/garde-campaign-360.png', fullPage: true });
        await page.setViewportSize({ width: 1280, height: 720 });

        // A refused send is said in words, with the policy's reasons, never its code, and throws nothing.
        const errors: Error[] = [];
        page.on('pageerror', (e) => errors.push(e));
        const consentWords = words.find((w) => w.id === 'consent.missing')?.name as string;
        await page.route('**/v1/campaigns/*/send', (route) =>
          route.fulfill({
            status: 422,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'refused',
              status: 422,
              code: 'CAMPAIGN_INVALID',
              detail: 'consent missing',
              reasons: [{ code: 'consent.missing', text: 'consent missing' }],
            }),
          }),
        );
        await page.click('section.campaign button:text("Send the campaign")');
        await page.click('section.campaign button:text("Yes, send it now")');
        await page.waitForSelector('section.campaign [role="alert"] .refused');
        const refusal = (await page.textContent('section.campaign [role="alert"]')) ?? '';
        expect(refusal).toContain('The policy in force does not allow this campaign.');
        expect(refusal).toContain(consentWords);
        expect(refusal).not.toMatch(/CAMPAIGN_INVALID|consent\.missing/);
        expect(errors).toEqual([]);
        await page.unroute('**/v1/campaigns/*/send');

        // The send asks first, saying how many will receive it; then it is sent.
        await page.click('section.campaign button:text("Send the campaign")');
        expect(await page.textContent('#send-confirm')).toBe(
          `Send “Autumn offer” now? ${preview.eligible.toLocaleString('en')} people will receive it. This cannot be undone.`,
        );
        expect(await axeViolations(page)).toEqual([]);
        await page.click('section.campaign button:text("Yes, send it now")');
        await page.waitForSelector('section.campaign [role="status"]', { timeout: 30_000 });
        expect(await page.textContent('#detail-heading')).toBe('“Autumn offer”, sent');
        expect(await page.textContent('section.campaign [role="status"]')).toContain(
          `Sent to ${preview.eligible} people`,
        );
        // EN-8, BK-15: the batch is offered for the processor the policy names, by its name, and
        // saved through the console's client with the session's cookie: the declared fields only.
        const mailing = served.t.deps.policy.recipients.find(
          (r) =>
            r.id ===
            served.t.deps.policy.communications?.channels.find((c) => c.id === offer.channel)?.batch
              ?.recipient,
        );
        expect(mailing?.kind).toBe('processor');
        expect(await page.textContent('section.campaign .batch')).toContain(String(mailing?.name));
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click('section.campaign button:text("Download the batch for the processor")'),
        ]);
        expect(download.suggestedFilename()).toBe(`${second.id}-${offer.channel}-${mailing?.id}.csv`);
        const csv = (await readFile((await download.path()) as string, 'utf8')).replace(/^\uFEFF/, '');
        const [header, row] = csv.trim().split(/\r?\n/);
        expect(header).toBe('subject_id,given_name,family_name,street,postal_code,city,country,content_ref');
        expect(row).toMatch(/^[0-9a-f-]{36},.+,autumn$/);
        // Not a byte more of the person: no e-mail address, phone number or birth date.
        expect(csv).not.toMatch(/@|\+32|birth/i);
        await page.waitForSelector('section.campaign .batch [aria-live]:has-text("Downloaded")');
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS) await page.screenshot({ path: '/tmp/garde-campaign-batch.png', fullPage: true });

        const after = await api('GET', `/v1/reports/communications?window=${window}`);
        expect(after.contacted.once).toBe(before.contacted.once + preview.eligible);
        expect(after.contacted.once).toBeGreaterThan(before.contacted.once);

        await page.goto(`${served.base}/console/?view=communications-report`);
        await page.waitForSelector('[data-testid="target"]');
        expect(await page.textContent('[data-testid="target"]')).toContain('Met');
        expect(
          await page.locator('figure.chart').first().locator('tr:has(th:text-is("One")) td').textContent(),
        ).toBe(String(after.contacted.once));
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS) await page.screenshot({ path: 'docs/screenshots/console-report-en.png', fullPage: true });

        // BK-7: a campaign the send job put back to draft says why, in the list and on its page.
        const stopped = await api('POST', '/v1/campaigns', {
          name: 'Stopped offer',
          contentRef: 'stopped',
          audience: {},
          ...offer,
        });
        const why = { code: 'CAMPAIGN_INVALID', message: 'the policy in force declares no channel "fax"' };
        await served.t.deps.db.query('UPDATE campaigns SET send_failure = $2 WHERE id = $1', [
          stopped.id,
          JSON.stringify({ ...why, at: new Date().toISOString() }),
        ]);
        await page.goto(`${served.base}/console/?view=campaigns`);
        await page.waitForSelector('li[data-campaign="Stopped offer"] [data-testid="list-send-failure"]');
        const listed = (await page.textContent('li[data-campaign="Stopped offer"]')) ?? '';
        expect(listed).toContain('The policy in force does not allow this campaign.');
        expect(listed).not.toContain('CAMPAIGN_INVALID');
        await page.click('ul.campaign-list button:text-is("Stopped offer")');
        await page.waitForSelector('[data-testid="send-failure"]');
        const stoppedWhy = (await page.textContent('[data-testid="send-failure"]')) ?? '';
        // An older entry without reasons: the problem in words, then the server's sentence.
        expect(stoppedWhy).toContain('The policy in force does not allow this campaign.');
        expect(stoppedWhy).toContain(why.message);
        expect(stoppedWhy).not.toContain('CAMPAIGN_INVALID');
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS) await page.screenshot({ path: '/tmp/garde-campaign-stopped.png', fullPage: true });
        await close();
      });
    },
  );
}
