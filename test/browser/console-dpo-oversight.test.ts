// The DPO's oversight screens in Debian's Chromium (issue 15, "The DPO"), on both databases:
// the DPO filters the audit trail by a person, verifies the chain and finds the export; runs the
// retention dry run and reads its chart and table, then a run to its end; opens a person's
// consent proof and downloads the receipt; sees the legal holds and the policy in force with its
// lint results and traceability. axe finds nothing on any of them; the strict CSP holds.
import { expect, it } from 'vitest';
import { withOutdatedConsents } from '../../src/decide/compile.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { BANK_PROPOSAL } from '../support/campaigns.ts';
import { serveConsole } from '../support/console-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const SHOTS = process.env.GARDE_SCREENSHOTS === '1';

for (const backend of BACKENDS) {
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-dpo-oversight.test.ts')(
    `the DPO's oversight screens in Chromium, on ${backend}`,
    () => {
      const served = serveConsole(backend, { subjects: 60, behaviour: true });
      const open = async (view: string) => {
        const opened = await served.openConsole('dpo');
        const violations: string[] = [];
        opened.page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
        });
        await opened.page.click(`nav.views a[data-view="${view}"]`);
        return { ...opened, violations };
      };
      /** A person of the demo population with choices on the consent ledger. */
      const someone = async () =>
        (
          await served.t.deps.db.query<{ subject_id: string }>(
            'SELECT subject_id FROM consent_events GROUP BY subject_id ORDER BY count(*) DESC, subject_id LIMIT 1',
          )
        ).rows[0]?.subject_id as string;

      it('the DPO filters the audit trail by a person, verifies the chain, and finds the export of what is filtered; axe finds nothing', async () => {
        const person = await someone();
        // Staff took down two of the person's choices: the trail has them, under the staff key.
        for (const state of ['withdrawn', 'given'])
          await served.t.app.inject({
            method: 'POST',
            url: `/v1/subjects/${person}/consents`,
            headers: served.t.as('dpo'),
            payload: {
              purpose: served.t.deps.policy.purposes.find((p) => p.legalBasis === 'consent')?.id,
              state,
            },
          });
        const { page, close, violations } = await open('dpo-audit');
        await page.waitForSelector('#audit-table');
        await page.fill('#audit-person', person);
        await page.click('#audit-filter button[type="submit"]');
        await expect.poll(() => page.textContent('#audit-table')).toContain('consent.');
        await expect
          .poll(async () =>
            page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent ?? '')),
          )
          .toSatisfy((rows: string[]) => rows.length > 0 && rows.every((r) => r.includes(person)));
        // Each action in words, its code under them for whoever filters by it.
        const actions = await page
          .locator('#audit-table tbody td:nth-child(4)')
          .evaluateAll((cells) =>
            cells.map((c) => [c.firstChild?.textContent, c.querySelector('code')?.textContent]),
          );
        expect(actions).toContainEqual(['Consent withdrawn', 'consent.withdrawn']);
        expect(actions).toContainEqual(['Consent given', 'consent.given']);
        expect(await page.locator('#audit-action-list option[value="consent.withdrawn"]').textContent()).toBe(
          'Consent withdrawn',
        );
        expect(await page.getAttribute('#export-csv', 'href')).toContain(`person=${person}`);
        await page.click('#verify-chain');
        await expect
          .poll(() => page.textContent('#verify-result'))
          .toMatch(/The chain is intact: [\d,]+ entries checked/);
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS) await page.screenshot({ path: 'docs/screenshots/console-audit-en.png', fullPage: true });
        // The DPO's reading is in the trail, under their key, with the person's id.
        const read = await served.t.deps.db.query(
          "SELECT 1 FROM audit_pending WHERE action = 'audit.read' AND subject_id = $1 UNION ALL SELECT 1 FROM audit_log WHERE action = 'audit.read' AND subject_id = $1",
          [person],
        );
        expect(read.rows.length).toBeGreaterThan(0);
        expect(violations).toEqual([]);
        await close();
      });

      it('the DPO runs the retention dry run and reads it as a chart followed by its table, then runs it to the end with a progress bar; axe finds nothing', async () => {
        // Behaviour older than its year, and nothing else of the demo past its time: the dry run
        // counts it, the run removes it.
        const q = (sql: string) => served.t.deps.db.query(sql);
        await q(
          "SELECT garde_ensure_event_partitions((date_trunc('month', now()) - interval '16 months')::date, 17)",
        );
        await q(
          `INSERT INTO events (subject_id, occurred_at, kind, topic)
           SELECT id, now() - interval '400 days', 'page-view', 'old' FROM subjects ORDER BY id LIMIT 40`,
        );
        const { page, close, violations } = await open('dpo-retention');
        await page.click('#count');
        await page.waitForSelector('#retention-chart svg');
        const rules = await page.locator('#retention-table tbody tr').count();
        expect(rules).toBe(served.t.deps.policy.retention.length);
        expect(await page.textContent('#counted')).toMatch(/Counted at .*: [\d,]+ rows in all/);
        const counted = Number(
          (await page.textContent('#counted'))?.match(/: ([\d,]+) rows/)?.[1]?.replace(/,/g, ''),
        );
        expect(counted).toBeGreaterThanOrEqual(40);
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS)
          await page.screenshot({ path: 'docs/screenshots/console-retention-en.png', fullPage: true });
        await page.click('#start-run');
        await expect
          .poll(() => page.textContent('#run-status'), { timeout: 60_000 })
          .toMatch(/Done: [\d,]+ rows removed/);
        const max = await page.getAttribute('#run-progress', 'max');
        expect(await page.getAttribute('#run-progress', 'value')).toBe(max);
        expect((await q("SELECT 1 FROM events WHERE topic = 'old'")).rows).toEqual([]);
        expect(violations).toEqual([]);
        await close();
      });

      it('the DPO opens a person’s consent proof: every choice with its interface by name and its notice version, and the receipt downloads; axe finds nothing', async () => {
        const person = await someone();
        // Issue 17: a consent given before a policy change widened its purpose is marked.
        const running = served.t.deps.policy;
        const purpose = running.purposes.find((p) => p.legalBasis === 'consent' && !p.consent?.perChannel)
          ?.id as string;
        await served.t.app.inject({
          method: 'POST',
          url: `/v1/subjects/${person}/consents`,
          headers: served.t.as('dpo'),
          payload: { purpose, state: 'given' },
        });
        served.t.deps.policy = withOutdatedConsents(
          running,
          new Map([[purpose, [{ from: null, to: Date.now() + 60_000 }]]]),
        );
        const { page, close, violations } = await open('dpo-consent-proof');
        await page.fill('#proof-person', person);
        await page.click('#proof-form button[type="submit"]');
        await page.waitForSelector('#proof-table');
        const choices = await served.t.deps.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM consent_events WHERE subject_id = $1',
          [person],
        );
        const shown = await page.locator('#proof-table tbody tr').count();
        expect(shown).toBe(Math.min(choices.rows[0]?.n ?? 0, 25));
        expect(await page.textContent('#proof-table tbody')).toContain(served.t.deps.policy.policy.version);
        await expect
          .poll(() => page.locator('#proof-table tbody tr').first().locator('.outdated-marker').textContent())
          .toMatch(/^No longer counts: given before the policy widened this purpose/);
        expect(await page.locator('#proof-table .outdated-marker').count()).toBe(1);
        served.t.deps.policy = running;
        const download = page.waitForEvent('download');
        await page.click('#receipt-download');
        expect((await download).suggestedFilename()).toMatch(/^consent-receipt-\d{4}-\d{2}-\d{2}\.jsonld$/);
        expect(await axeViolations(page)).toEqual([]);
        expect(violations).toEqual([]);
        await close();
      });

      it('the legal holds and the policy in force, with its lint results and clause traceability; axe finds nothing', async () => {
        const { page, close, violations } = await open('dpo-legal-holds');
        const person = await someone();
        await page.fill('#hold-person', person);
        await page.fill('#hold-reason', 'Dispute before the court');
        await page.click('#hold-form button[type="submit"]');
        await expect.poll(() => page.textContent('#holds-table')).toContain(person);
        expect(await axeViolations(page)).toEqual([]);
        await page.click('nav.views a[data-view="dpo-policy"]');
        await page.waitForSelector('#lint-results');
        await page.waitForSelector('#traceability details');
        expect(await page.textContent('#lint-results')).toContain('Policy check refuses nothing');
        expect(await axeViolations(page)).toEqual([]);
        expect(violations).toEqual([]);
        await close();
      });

      it('the DPO reads the campaigns without changing them, hands over a sent one’s batch, and the audit trail names the campaign and processor; axe finds nothing', async () => {
        const marketer = served.t.as('marketer');
        const made = (
          await served.t.app.inject({
            method: 'POST',
            url: '/v1/campaigns',
            headers: marketer,
            payload: { name: 'Winter offer', contentRef: 'winter', audience: {}, ...BANK_PROPOSAL },
          })
        ).json();
        await served.t.app.inject({
          method: 'POST',
          url: `/v1/campaigns/${made.id}/send`,
          headers: marketer,
        });
        const { page, close, violations } = await open('dpo-campaigns');
        await page.click('ul.campaign-list button:text-is("Winter offer")');
        await page.waitForSelector('section.campaign [role="status"]');
        // Read-only: no builder, no send; the batch is theirs to hand over.
        expect(await page.locator('#builder-heading').count()).toBe(0);
        expect(await page.locator('section.campaign button:text("Send the campaign")').count()).toBe(0);
        expect(await page.textContent('#detail-heading')).toBe('“Winter offer”, sent');
        expect(
          await page.locator('section.campaign button:text("Download the batch for the processor")').count(),
        ).toBe(1);
        expect(await axeViolations(page)).toEqual([]);
        // Handing it over is a disclosure the trail names: which campaign, for which processor.
        const download = page.waitForEvent('download');
        await page.click('section.campaign button:text("Download the batch for the processor")');
        await download;
        await page.click('nav.views a[data-view="dpo-audit"]');
        await page.waitForSelector('#audit-table');
        await page.fill('#audit-action', 'campaign.batch.disclose');
        await page.click('#audit-filter button[type="submit"]');
        await expect.poll(() => page.textContent('#audit-table tbody')).toContain(`campaign: ${made.id}`);
        expect(await page.textContent('#audit-table tbody')).toContain('recipient: mailing-processor');
        expect(violations).toEqual([]);
        await close();
      });

      it('the policy in force reads in Dutch: the cap, the channels’ batches, what the notice leaves unsaid and the documents it publishes', async () => {
        const { page, close } = await served.openConsole('dpo', { language: 'nl' });
        await page.goto(`${served.base}/console/?view=dpo-policy&lang=nl`);
        await page.waitForSelector('#lint-results');
        const text = (await page.textContent('main')) ?? '';
        expect(text).toContain('hoogstens 1 geteld bericht per kalendermaand');
        expect(text).toContain('het bestand gaat naar');
        expect(text).not.toMatch(/how long these|calendar-month|\(target\)/);
        expect(await axeViolations(page)).toEqual([]);
        // Issue 17: the documents the policy publishes, the register downloaded with the DPO's session.
        expect(await page.textContent('#policy-published')).toBe('Gepubliceerd uit dit beleid');
        const links = await page.$$eval('section[aria-labelledby="policy-published"] a', (as) =>
          as.map((a) => a.getAttribute('href') ?? ''),
        );
        expect(links).toContain('/notice.jsonld');
        const workbook = links.find((l) => l.startsWith('/v1/register?format=xlsx')) as string;
        const answer = await page.evaluate(async (href) => {
          const r = await fetch(href);
          return {
            status: r.status,
            type: r.headers.get('content-type'),
            bytes: (await r.arrayBuffer()).byteLength,
          };
        }, workbook);
        expect(answer.status).toBe(200);
        expect(answer.type).toContain('spreadsheetml');
        expect(answer.bytes).toBeGreaterThan(1000);
        await close();
      });
    },
  );
}
