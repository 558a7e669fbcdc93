// The agent's journey in the console (issue 15, "The agent"; BK-13, BK-12, BK-7), in Debian's
// Chromium on both databases: the agent finds a customer of the demo population by name (typed
// without accents, family name first), opens their card, sees the accounts they linked to themes
// and the offers allowed (no score, no interest), checks before a contact and reads the decision
// in words, logs the contact (the ledger records it under the agent), and is refused the
// customer's events and interests by the API (403 on the console's own session); axe finds
// nothing on the results or on the card.
import { expect, it } from 'vitest';
import { localized } from '../../src/words/words.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { serveConsole } from '../support/console-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

// Set to a folder to write the screenshots there (console-agent-en.png: the card after a contact
// was checked and logged; console-agent-search-en.png: the results).
const SHOTS = process.env.GARDE_SCREENSHOTS;

/** Lower case, accents gone: as an agent types a name heard on the phone. */
const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

for (const backend of BACKENDS) {
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-agent.test.ts')(
    `the agent's console in Chromium, on ${backend}`,
    () => {
      const served = serveConsole(backend, { subjects: 120, behaviour: true });

      /** A customer who agreed to proposals and holds a product, with one holding linked to a theme. */
      async function customerWithThemes() {
        const db = served.t.deps.db;
        const who = await db.query<{ id: string; given: string; family: string; holding: string }>(
          `SELECT s.id, i.given_name AS given, i.family_name AS family, min(h.id::text) AS holding
             FROM subjects s JOIN identities i ON i.subject_id = s.id JOIN holdings h ON h.subject_id = s.id
             JOIN consents c ON c.subject_id = s.id AND c.purpose = 'commercial-proposals' AND c.state = 'given'
            WHERE s.lifecycle = 'customer' AND i.given_name IS NOT NULL AND i.family_name IS NOT NULL
            GROUP BY s.id, i.given_name, i.family_name ORDER BY s.id LIMIT 1`,
        );
        const person = who.rows[0];
        if (!person) throw new Error('the demo population has no consenting customer with a holding');
        const theme = served.t.deps.policy.themes?.[0];
        await db.query(
          `INSERT INTO theme_links (subject_id, theme, holding_id, linked_at) VALUES ($1, $2, $3, now())
           ON CONFLICT DO NOTHING`,
          [person.id, theme?.id, person.holding],
        );
        const account = await db.query<{ account_ref: string }>(
          'SELECT account_ref FROM holdings WHERE id = $1',
          [person.holding],
        );
        return {
          ...person,
          themeName: theme ? localized(served.t.deps.policy, theme.name, 'en') : '',
          account: account.rows[0]?.account_ref as string,
        };
      }

      it('the agent finds a customer by name, sees their themes and offers without scores, checks and logs a contact, and is refused their events; axe finds nothing', async () => {
        const person = await customerWithThemes();
        const { page, close } = await served.openConsole('agent');
        try {
          await page.click('nav.views a[data-view="agent-customers"]');
          await page.waitForSelector('#customer-query');
          await page.fill('#customer-query', plain(`${person.family} ${person.given}`));
          await page.click('search form button[type="submit"]');
          const row = page.locator(`tr[data-subject="${person.id}"]`);
          await row.waitFor();
          expect(await page.locator('#results-count').textContent()).toMatch(/customers? shown/);
          expect(await axeViolations(page)).toEqual([]);
          if (SHOTS) await page.screenshot({ path: `${SHOTS}/console-agent-search-en.png`, fullPage: true });

          await row.locator('th button').click();
          await page.waitForSelector('#themes-heading');
          const themes = page.locator('section[aria-labelledby="themes-heading"] table');
          await themes.waitFor();
          expect(await themes.textContent()).toContain(person.themeName);
          expect(await themes.textContent()).toContain(person.account);
          await page.locator('section[aria-labelledby="offers-heading"] :is(ol.offers, p)').first().waitFor();
          // Offers without a score: no figure between 0 and 1, no "score" anywhere in the section.
          const offers = (await page.textContent('section[aria-labelledby="offers-heading"]')) ?? '';
          expect(offers).not.toMatch(/score|\b0[.,]\d+/i);

          // Check before the contact: the decision and its reasons, in words.
          await page.waitForSelector('#contact-check select#contact-channel');
          await page.click('#contact-check button[type="submit"]');
          const decision = page.locator('#contact-decision :is(.notice, .refused)');
          await decision.waitFor();
          expect(await decision.textContent()).toMatch(/Allowed: you may|Not allowed: do not/);
          expect(await axeViolations(page)).toEqual([]);

          // Log it: the ledger records it under the agent, as a code.
          await page.selectOption('#contact-outcome', 'declined');
          await page.click('#contact-log button[type="submit"]');
          const logged = page.locator('#contact-logged :is(.notice, .refused)');
          await logged.waitFor();
          const ledger = await served.t.deps.db.query<{ content_ref: string; actor: string }>(
            'SELECT content_ref, actor FROM communications WHERE subject_id = $1',
            [person.id],
          );
          const agentKey = await served.t.deps.db.query<{ id: string }>(
            "SELECT id FROM api_keys WHERE role = 'agent' AND prefix = $1",
            [served.t.keys.agent.split('_')[1]],
          );
          if ((await logged.getAttribute('class')) === 'notice') {
            expect(await logged.textContent()).toMatch(/Contact logged at/);
            expect(ledger.rows).toContainEqual({
              content_ref: 'contact:declined',
              actor: `key:${agentKey.rows[0]?.id}`,
            });
          } else {
            // Refused by the policy (the month's slot already taken): nothing was written.
            expect(ledger.rows.map((r) => r.content_ref)).not.toContain('contact:declined');
          }

          if (SHOTS) {
            await page.setViewportSize({ width: 1024, height: 900 });
            await page.screenshot({ path: `${SHOTS}/console-agent-en.png`, fullPage: true });
          }

          // The agent's own session is refused what BK-13 keeps from agents.
          for (const path of ['events', 'interests']) {
            const res = await page.request.get(`${served.base}/v1/subjects/${person.id}/${path}`);
            expect(res.status(), path).toBe(403);
            expect((await res.json()).code).toBe('ROLE_FORBIDDEN');
          }
        } finally {
          await close();
        }
      });

      it('a search with no match says so, and a query too short is explained at the field', async () => {
        const { page, close } = await served.openConsole('agent', { language: 'fr' });
        try {
          await page.goto(`${served.base}/console/?view=agent-customers&language=fr`);
          await page.waitForSelector('#customer-query');
          await page.click('search form button[type="submit"]');
          await page.waitForSelector('.error-summary');
          expect(await page.textContent('.error-summary')).toContain('Saisissez un numéro de client');
          await page.fill('#customer-query', 'zzzqqqxxx');
          await page.click('search form button[type="submit"]');
          await page.waitForSelector('#results-count');
          expect(await page.textContent('#results-count')).toContain('Aucun client ne correspond');
          expect(await axeViolations(page)).toEqual([]);
        } finally {
          await close();
        }
      });
    },
  );
}
