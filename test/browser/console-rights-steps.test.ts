// A request's systems in the console, in Debian's Chromium on both databases (issue 16, EN-11):
// an energy company keeps technical notes in a PostgreSQL "CRM" whose address points at a closed
// port, and service history in systems nobody can automate, handled by a customer agent. The DPO
// carries out an erasure and sees, by the policy's names, the CRM failed with its error and the
// agent's task pending, also on the list of systems pending; the agent sees only that task,
// reveals the keys to find the person (audited) and marks it done with a note; the CRM is
// reachable again and "Try again" completes the request without acting twice anywhere. axe finds
// nothing on any screen, at 1280 and 360 px wide.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createSubject } from '../../src/subjects/subjects.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { signInToConsole } from '../support/console-app.ts';
import { servePage } from '../support/page-app.ts';
import { policyVariant } from '../support/policy-variant.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';
import { freshPostgresSystem, type System } from '../support/systems.ts';

const CRM_URL = `GARDE_TEST_STEPS_CRM_URL_${process.pid}`;
// Nothing listens on the discard port: the CRM fails to connect, as a server that is down does.
const CLOSED = 'postgres://postgres@127.0.0.1:9/crm';
const SHOTS = '/tmp/garde-shots';

/** The energy policy, its technical notes also in a CRM, its service systems' tasks for the agent. */
const stepsPolicy = () =>
  policyVariant('policies/energy-services.yaml', (doc) => {
    const manual = doc.datasets.find((d: { id: string }) => d.id === 'service-systems');
    manual.task = { role: 'agent', within: 'P5D' };
    doc.datasets.push({
      id: 'crm',
      description: { fr: 'CRM de service', nl: 'Service-CRM', en: 'Service CRM' },
      kind: 'postgresql',
      connection: { url: CRM_URL },
      tables: [
        {
          name: 'service_notes',
          person: { by: 'email', column: 'email' },
          fields: [{ column: 'technician_note', category: 'technical' }],
        },
      ],
    });
  });

/** What the request's Systems section says of one system. */
const stepOf = (page: Page, dataset: string) =>
  page.locator(`.request-systems li[data-dataset="${dataset}"]`);

/** The page, and the part of it this test is about (`part`), at 1280 and 360 px wide. */
async function shoot(page: Page, name: string, part: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.locator(part).screenshot({ path: `${SHOTS}/${name}-part-1280.png` });
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage: true });
  await page.locator(part).screenshot({ path: `${SHOTS}/${name}-part-360.png` });
  // Nothing wider than the screen at 360 px (WCAG 1.4.10) but the tables' own scrolling boxes:
  // named by tag and class when something is.
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > 360 && !e.parentElement?.closest('.table-scroll'))
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  );
  expect(wide).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
  await page.setViewportSize({ width: 1280, height: 900 });
}

for (const backend of BACKENDS) {
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-rights-steps.test.ts')(
    `a request's systems in the console, on ${backend}`,
    () => {
      const opts: { policy?: string } = {};
      let crm: System | undefined;
      const saved = process.env[CRM_URL];
      // Before servePage's hooks (registered below, run in order): the policy and the CRM.
      beforeAll(async () => {
        opts.policy = await stepsPolicy();
        crm = await freshPostgresSystem();
        await crm.exec(
          'CREATE TABLE service_notes (id serial PRIMARY KEY, email text NOT NULL, technician_note text)',
        );
        process.env[CRM_URL] = CLOSED;
        return async () => {
          await crm?.dispose();
          if (saved === undefined) delete process.env[CRM_URL];
          else process.env[CRM_URL] = saved;
        };
      }, 120_000);
      const served = servePage(backend, opts, 120_000);

      it('the DPO sees the failed system and the agent’s task; the agent marks it done; trying again completes the request; axe finds nothing', async () => {
        const { t, base, browser } = served;
        const email = `noor.${crypto.randomUUID().slice(0, 8)}@example.be`;
        const customerNo = `C-${crypto.randomUUID().slice(0, 8)}`;
        const person = await createSubject(
          t.deps,
          {
            lifecycle: 'former',
            externalRef: customerNo,
            contractEndedOn: '2016-05-01',
            identity: { givenName: 'Noor', familyName: 'Wouters', email },
          },
          'test',
        );
        await crm?.exec('INSERT INTO service_notes (email, technician_note) VALUES ($1, $2), ($1, $3)', [
          email,
          'boiler: pressure low',
          'flue checked',
        ]);
        const recorded = await t.app.inject({
          method: 'POST',
          url: `/v1/subjects/${person.id}/rights-requests`,
          headers: t.as('dpo'),
          payload: { kind: 'erasure', channel: 'portal' },
        });
        expect(recorded.statusCode).toBe(201);
        const id = recorded.json().id as string;

        // The DPO carries it out: Garde's own part is done, the CRM failed, the task waits.
        const dpo = await signInToConsole(browser, base, t.keys.dpo, 'dpo');
        const page = dpo.page;
        await page.goto(`${base}/console/?view=dpo-request&id=${id}&language=en`);
        await page.waitForSelector('#answer-title');
        await page.getByRole('button', { name: 'Carry it out' }).click();
        await stepOf(page, 'crm').waitFor();
        expect(
          await page
            .locator('.request-systems li[data-dataset]')
            .evaluateAll((ls) =>
              ls.map((l) => [l.getAttribute('data-dataset'), l.getAttribute('data-step-status')]),
            ),
        ).toEqual([
          ['garde', 'done'],
          ['service-systems', 'waiting'],
          ['crm', 'failed'],
        ]);
        // By the policy's names, in words.
        expect(await stepOf(page, 'crm').locator('h4').textContent()).toBe('Service CRM');
        expect(await stepOf(page, 'service-systems').locator('h4').textContent()).toBe(
          'Service and maintenance systems',
        );
        const crmStatus = (await stepOf(page, 'crm').locator('.step-status').textContent()) ?? '';
        // The connector's error as it is: what to fix, never the connection URL.
        expect(crmStatus).toMatch(/^Failed: dataset "crm" cannot be reached: .*nothing answers/);
        expect(crmStatus).not.toContain('postgres://');
        expect(await stepOf(page, 'service-systems').locator('.step-status').textContent()).toMatch(
          /^A task for the customer agent, due \d+ \w+ \d{4}$/,
        );
        expect(await stepOf(page, 'service-systems').locator('.task-items').textContent()).toContain(
          'Erase: Use of our products and services, in service and maintenance history',
        );
        expect(await page.getByRole('button', { name: 'Try again' }).getAttribute('aria-describedby')).toBe(
          'retry-hint',
        );
        expect(await page.locator('#retry-hint').textContent()).toContain('never acted on twice');
        expect(await page.locator('[data-status]').first().textContent()).toBe('Verified, to answer');
        expect(await axeViolations(page)).toEqual([]);
        await shoot(page, 'steps-failed', '.request-systems');

        // The systems pending: the failed CRM first, each linking to its request.
        await page.goto(`${base}/console/?view=dpo-systems&language=en`);
        await page.waitForSelector('ol.pending-systems > li');
        const rows = page.locator(`ol.pending-systems > li:has(a[href*="${id}"])`);
        expect(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-dataset')))).toEqual([
          'crm',
          'service-systems',
        ]);
        expect(await page.locator('ol.pending-systems > li').first().getAttribute('data-step-status')).toBe(
          'failed',
        );
        expect(await axeViolations(page)).toEqual([]);
        await shoot(page, 'steps-pending', '.dpo-pending');

        // The agent: only their task, the keys on asking (audited), then done with a note.
        const agent = await signInToConsole(browser, base, t.keys.agent, 'agent');
        const ap = agent.page;
        await ap.goto(`${base}/console/?view=agent-tasks&language=en`);
        const task = ap.locator(`.agent-tasks li[data-request="${id}"]`);
        await task.waitFor();
        expect(await ap.locator(`.agent-tasks li[data-request="${id}"][data-dataset="crm"]`).count()).toBe(0);
        expect(await task.locator('h3').textContent()).toBe('Service and maintenance systems');
        expect(await task.textContent()).toContain('Erasure request, due');
        expect(await task.textContent()).not.toContain(email);
        expect(await axeViolations(ap)).toEqual([]);
        expect(await task.locator('.task-actions > p').first().textContent()).toContain('audit trail');
        await task.getByRole('button', { name: 'Show the keys to find the person' }).click();
        await task.locator('.person-keys').waitFor();
        await expect
          .poll(() => ap.evaluate(() => document.activeElement?.textContent))
          .toBe('To find the person in Service and maintenance systems');
        expect(await task.locator('.person-keys').textContent()).toContain(customerNo);
        expect(await task.locator('.person-keys').textContent()).toContain(email);
        const read = await t.deps.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM (SELECT action FROM audit_pending UNION ALL SELECT action FROM audit_log) a
            WHERE action = 'rights.step.person'`,
        );
        expect(Number(read.rows[0]?.n)).toBe(1);
        expect(await axeViolations(ap)).toEqual([]);
        await shoot(ap, 'steps-agent-keys', '.agent-tasks');
        await task.getByLabel('Note (optional)').fill('ticket SR-1042 closed');
        await task.getByRole('button', { name: 'Mark done' }).click();
        await expect
          .poll(() => ap.locator('#tasks-status').textContent())
          .toBe('Marked done in Service and maintenance systems.');
        expect(await ap.locator(`.agent-tasks li[data-request="${id}"]`).count()).toBe(0);
        expect(await ap.evaluate(() => document.activeElement?.id)).toBe('tasks-title');
        expect(await axeViolations(ap)).toEqual([]);
        await agent.close();

        // The CRM is reachable again; "Try again" runs what is not done, and the request completes.
        process.env[CRM_URL] = crm?.url;
        await page.goto(`${base}/console/?view=dpo-request&id=${id}&language=en`);
        await stepOf(page, 'service-systems').waitFor();
        expect(await stepOf(page, 'service-systems').getAttribute('data-step-status')).toBe('done');
        expect(await stepOf(page, 'service-systems').textContent()).toContain('Note: ticket SR-1042 closed');
        const gardeDone = () =>
          t.deps.db
            .query<{ done_at: Date }>(
              "SELECT done_at FROM rights_request_steps WHERE request_id = $1 AND dataset = 'garde'",
              [id],
            )
            .then((r) => r.rows[0]?.done_at.toISOString());
        const gardeBefore = await gardeDone();
        expect(gardeBefore).toBeDefined();
        await page.getByRole('button', { name: 'Try again' }).click();
        await expect
          .poll(() => page.locator('#systems-status').textContent())
          .toBe('Tried again: every system is done, the request is answered.');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('systems-title');
        expect(await page.locator('[data-status]').first().textContent()).toBe('Answered');
        expect(await stepOf(page, 'crm').getAttribute('data-step-status')).toBe('done');
        expect(await stepOf(page, 'crm').locator('.done-lines').textContent()).toBe(
          'service_notes: 2 rows deleted',
        );
        expect(await stepOf(page, 'crm').locator('.step-attempts').textContent()).toBe('2');
        // Garde's own part was not run again.
        expect(await gardeDone()).toBe(gardeBefore);
        expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
        expect(await crm?.exec('SELECT * FROM service_notes')).toEqual([]);
        // What each system did is worded above, never left to the answer's raw "other details".
        expect(await page.locator('.outcome details').count()).toBe(0);
        expect(await axeViolations(page)).toEqual([]);
        await shoot(page, 'steps-done', '.request-systems');
        // The same in French: the policy's names in French, Garde's words for the rest.
        await page.goto(`${base}/console/?view=dpo-request&id=${id}&language=fr`);
        await stepOf(page, 'crm').waitFor();
        expect(await stepOf(page, 'crm').locator('h4').textContent()).toBe('CRM de service');
        expect(await stepOf(page, 'crm').locator('.done-lines').textContent()).toBe(
          'service_notes : 2 lignes supprimées',
        );
        expect(await axeViolations(page)).toEqual([]);
        await dpo.close();
      });
    },
  );
}
