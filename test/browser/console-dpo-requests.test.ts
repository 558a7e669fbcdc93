// The DPO's requests in the console, in Debian's Chromium on both databases (issue 15, EN-11,
// EN-12): the DPO records a letter asking for erasure on the intake form, sees it in the queue
// by its deadline with the urgency counts, checks the identity on the request's page (the
// document's number is never asked, only the outcome is kept), carries out the erasure, and the
// audit trail holds the erasure under the DPO's key. axe finds nothing on the three screens. The
// intake also records an objection (its kind) and a consent withdrawal (its purpose).
import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { serveConsole } from '../support/console-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

// GARDE_SCREENSHOTS=1 refreshes the README's and docs' pictures; a plain run writes nothing.
const SHOTS = process.env.GARDE_SCREENSHOTS === '1';

for (const backend of BACKENDS) {
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-dpo-requests.test.ts')(
    `the DPO's requests in the console, on ${backend}`,
    () => {
      const served = serveConsole(backend, { subjects: 40, behaviour: false });

      it('the DPO records a letter, verifies it, fulfils an erasure and finds it in the audit trail; axe finds nothing', async () => {
        const person = (
          await served.t.deps.db.query<{ id: string; g: string; f: string; b: string }>(
            `SELECT s.id, i.given_name AS g, i.family_name AS f, i.birth_date::text AS b
               FROM subjects s JOIN identities i ON i.subject_id = s.id
              WHERE i.given_name IS NOT NULL AND i.family_name IS NOT NULL AND i.birth_date IS NOT NULL
              ORDER BY s.id LIMIT 1`,
          )
        ).rows[0];
        expect(person).toBeDefined();
        if (!person) return;
        const { page, close } = await served.openConsole('dpo');
        const base = served.base;

        // Intake: a letter received three days ago.
        await page.goto(`${base}/console/?view=dpo-intake&language=en`);
        await page.waitForSelector('#intake-title');
        const received = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
        await page.getByLabel('Person id (from the customer record)').fill(person.id);
        // The channel by the policy's name for it, not its id.
        await page.getByLabel('Received through').selectOption({ label: 'By letter' });
        await page.getByLabel('Right').selectOption('erasure');
        await page.getByLabel('Date received').fill(received);
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole('button', { name: 'Record the request' }).click();
        const recorded = page.locator('[role="status"] a');
        await recorded.waitFor();
        expect(await recorded.textContent()).toMatch(/^Recorded\. Due /);

        // The queue: sorted by deadline, the counts in the header.
        await page.goto(`${base}/console/?view=dpo-requests&language=en`);
        await page.waitForSelector('table.requests-table tbody tr');
        await expect.poll(() => page.textContent('table.requests-table')).toContain('By letter');
        await expect
          .poll(() => page.locator('.urgency-groups [data-group="on-time"] strong').textContent())
          .toMatch(/^\d+$/);
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS && backend === 'pglite') {
          mkdirSync('docs/screenshots', { recursive: true });
          await page.screenshot({ path: 'docs/screenshots/console-requests-en.png', fullPage: true });
        }

        // The request's page: verify with the document, then fulfil the erasure.
        const id = (
          await served.t.deps.db.query<{ id: string }>(
            "SELECT id FROM rights_requests WHERE subject_id = $1 AND kind = 'erasure' AND channel = 'letter'",
            [person.id],
          )
        ).rows[0]?.id as string;
        await page.goto(`${base}/console/?view=dpo-request&id=${id}&language=en`);
        await page.waitForSelector('#verify-title');
        await expect
          .poll(() => page.locator('.request-facts').textContent())
          .toContain('Received throughBy letter');
        expect(
          await page
            .locator('form.verify input')
            .evaluateAll((ins) => ins.map((i) => i.getAttribute('name'))),
        ).toEqual(['givenName', 'familyName', 'birthDate', 'expiresOn']);
        await page.getByLabel('Given name on the document').fill(person.g);
        await page.getByLabel('Family name on the document').fill(person.f);
        await page.getByLabel('Date of birth on the document').fill(person.b);
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole('button', { name: 'Check' }).click();
        await expect
          .poll(() => page.locator('[data-status]').first().textContent())
          .toBe('Verified, to answer');
        if (SHOTS && backend === 'pglite')
          await page.screenshot({ path: 'docs/screenshots/console-request-en.png', fullPage: true });
        const confirm = page.getByLabel('The person was told this ends their contract');
        if (await confirm.count()) await confirm.check();
        await page.getByRole('button', { name: 'Carry it out' }).click();
        await expect.poll(() => page.locator('[data-status]').first().textContent()).toBe('Answered');
        // What the erasure did, in words: the policy's names and Garde's own, never ids or JSON.
        const outcome = page.locator('.outcome');
        await outcome.waitFor();
        const said = (await outcome.textContent()) ?? '';
        expect(said).toContain('Erased');
        expect(said).toContain('The person’s record');
        expect(said).not.toMatch(/subjectDeleted|legal-obligation|unclassified|preferences|[{}"]/);
        expect(await page.locator('#request-title').textContent()).toMatch(/^Request: Erasure /);
        expect(await axeViolations(page)).toEqual([]);
        if (backend === 'pglite') {
          mkdirSync('/tmp/garde-shots', { recursive: true });
          await page.screenshot({ path: '/tmp/garde-shots/console-request-answered-en.png', fullPage: true });
        }

        // The audit trail holds the erasure under the DPO's key (the audit viewer is another
        // screen's: read through the API here).
        const keyId = (
          await served.t.deps.db.query<{ id: string }>('SELECT id FROM api_keys WHERE prefix = $1', [
            served.t.keys.dpo.split('_')[1],
          ])
        ).rows[0]?.id;
        const audit = await served.t.deps.db.query<{ actor: string }>(
          `SELECT actor FROM (SELECT actor, action FROM audit_pending UNION ALL SELECT actor, action FROM audit_log) a
            WHERE action = 'rights.complete.erasure'`,
        );
        expect(audit.rows.map((a) => a.actor)).toContain(`key:${keyId}`);
        await close();
      });

      it('the intake records an objection with its kind and a consent withdrawal with its purpose, both offered from the policy', async () => {
        const person = (
          await served.t.deps.db.query<{ id: string }>('SELECT id FROM subjects ORDER BY id DESC LIMIT 1')
        ).rows[0]?.id as string;
        const { page, close } = await served.openConsole('dpo');
        const record = async (kind: string, choose: () => Promise<unknown>) => {
          await page.goto(`${served.base}/console/?view=dpo-intake&language=en`);
          await page.waitForSelector('#intake-title');
          await page.getByLabel('Person id (from the customer record)').fill(person);
          // The channel by the policy's name for it, not its id.
          await page.getByLabel('Received through').selectOption({ label: 'By letter' });
          await page.locator('select[name="kind"]').selectOption(kind);
          await choose();
          expect(await axeViolations(page)).toEqual([]);
          await page.getByRole('button', { name: 'Record the request' }).click();
          await page.locator('[role="status"] a').waitFor();
          expect(await page.locator('[role="alert"]').count()).toBe(0);
        };

        const offeredBy = (label: string) =>
          page
            .getByLabel(label)
            .locator('option')
            .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

        // The objection's kinds are the policy's purposes' (GET /v1/policy/purposes `objections`).
        const purposes = (await (await fetch(`${served.base}/v1/policy/purposes?language=en`)).json()) as {
          items: { id: string; needsConsent: boolean; objections: string[] }[];
        };
        const kinds = [...new Set(purposes.items.flatMap((p) => p.objections))];
        await record('objection', async () => {
          expect(await offeredBy('What the person objects to (GDPR Art. 21)')).toEqual(kinds);
          await page.getByLabel('What the person objects to (GDPR Art. 21)').selectOption(kinds[0] as string);
        });
        // The withdrawal's purposes are those that need consent.
        const consented = purposes.items.filter((p) => p.needsConsent).map((p) => p.id);
        await record('withdraw-consent', async () => {
          expect(await offeredBy('Purpose whose consent is withdrawn (GDPR Art. 7(3))')).toEqual(consented);
          await page
            .getByLabel('Purpose whose consent is withdrawn (GDPR Art. 7(3))')
            .selectOption(consented[0] as string);
        });

        const rows = (
          await served.t.deps.db.query<{ kind: string; details: Record<string, unknown> }>(
            `SELECT kind, details FROM rights_requests
              WHERE subject_id = $1 AND kind IN ('objection', 'withdraw-consent') ORDER BY kind`,
            [person],
          )
        ).rows;
        expect(rows.map((r) => [r.kind, r.details.objection ?? r.details.purpose])).toEqual([
          ['objection', kinds[0]],
          ['withdraw-consent', consented[0]],
        ]);
        await close();
      });
    },
  );
}
