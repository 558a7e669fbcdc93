// Issue 17 in Debian's Chromium: the bank's policy in force, a customer consents to proposals;
// the server restarts on a version that shares them with a new recipient and keeps interests
// longer. decide() refuses with consent.outdated; the privacy page says what changed, in the
// policy's words, and the person confirms; decide() allows again, and the confirmation names the
// version of the notice the page showed. axe finds nothing on the screen that asks.
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../src/policy/load.ts';
import type { Policy } from '../../src/policy/schema.ts';
import { policyInForce, recordPolicyInForce } from '../../src/policy-versions/versions.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { bankPolicy } from '../support/bank-policy.ts';
import { servePage } from '../support/page-app.ts';
import { policyVariant } from '../support/policy-variant.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

// Set to a folder to write the screen's screenshots there (en, 1280 and 360 px wide).
const SHOTS = process.env.GARDE_SCREENSHOTS;
const PURPOSE = 'commercial-proposals';

async function widened(again = false): Promise<Policy> {
  const file = await policyVariant(await bankPolicy(), (doc) => {
    doc.policy.version = `${doc.policy.version}-${again ? 'c' : 'b'}`;
    if (again)
      doc.recipients.push({
        id: 'broker',
        name: 'Partner Broker SA',
        kind: 'partner',
        country: 'BE',
        purposes: [PURPOSE],
        categories: ['identification'],
        fields: ['givenName'],
      });
    doc.recipients.push({
      id: 'insurer',
      name: 'Partner Insurance SA',
      kind: 'partner',
      country: 'BE',
      purposes: [PURPOSE],
      categories: ['identification'],
      fields: ['givenName'],
    });
    doc.retention.find((r: { id: string }) => r.id === 'interests-1y').duration = 'P2Y';
  });
  const r = await loadPolicyFile(file);
  if (!r.ok) throw new Error('variant invalid');
  return r.policy;
}

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-outdated-consent.test.ts')(
  'a consent a policy change outdated, on the privacy page',
  () => {
    describe.each(BACKENDS)('in Chromium, on %s', (backend) => {
      const served = servePage(backend);
      const admin = () => ({
        authorization: `Bearer ${served.t.keys.admin}`,
        'content-type': 'application/json',
      });
      const decideFor = async (subjectId: string) => {
        const res = await fetch(`${served.base}/v1/decisions`, {
          method: 'POST',
          headers: admin(),
          body: JSON.stringify({ questions: [{ subjectId, purpose: PURPOSE }] }),
        });
        expect(res.status).toBe(200);
        const a = ((await res.json()) as { answers: { allow: boolean; reasons: { code: string }[] }[] })
          .answers[0];
        return { allow: a?.allow, reasons: a?.reasons.map((r) => r.code) };
      };

      it('decide() refuses consent.outdated after the restart, the page says what changed, and confirming there allows it again', async () => {
        const t = served.t;
        const v1 = t.deps.policy;
        await recordPolicyInForce(t.deps, v1, new Date());
        const person = await createSubject(
          t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Aurélie' } },
          'test',
        );
        const given = await fetch(`${served.base}/v1/subjects/${person.id}/consents`, {
          method: 'POST',
          headers: admin(),
          body: JSON.stringify({ purpose: PURPOSE, state: 'given' }),
        });
        expect(given.status).toBe(201);
        expect(await decideFor(person.id)).toEqual({ allow: true, reasons: ['consent.given'] });

        // The server restarts on the widened policy (as `garde serve` does on start).
        const v2 = await widened();
        // After the consent was recorded, to the millisecond: what came before it is outdated.
        const { recordedAt } = (await given.json()) as { recordedAt: string };
        const at = new Date(Math.max(Date.now(), new Date(recordedAt).getTime() + 1));
        expect((await recordPolicyInForce(t.deps, v2, at)).renewConsent).toContain(PURPOSE);
        t.deps.policy = await policyInForce(t.deps.db, v2, at);
        expect(await decideFor(person.id)).toEqual({ allow: false, reasons: ['consent.outdated'] });

        const posted: unknown[] = [];
        for (const [width, name] of [
          [1280, 'privacy-outdated-en.png'],
          [360, 'privacy-outdated-en-360.png'],
        ] as const) {
          const { context, page } = await served.openPrivacyPage(person.id, {
            locale: 'en-GB',
            viewport: { width, height: 900 },
          });
          page.on('request', (r) => {
            if (r.method() === 'POST' && r.url().endsWith(`/v1/subjects/${person.id}/consents`))
              posted.push(r.postDataJSON());
          });
          const box = page.locator('section.outdated');
          await box.waitFor();
          expect((await box.locator('li').allTextContents()).map((x) => x.trim())).toEqual([
            'A new recipient: Partner Insurance SA',
            'Kept longer: Interests derived by models, 2 years instead of 1 year',
          ]);
          expect(await page.locator(`#choice-${PURPOSE}`).isChecked()).toBe(false);
          expect(await page.locator(`#choice-${PURPOSE}-hint`).textContent()).toMatch(/no longer counts/);
          if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}`, fullPage: true });
          if (width === 360) {
            expect(await axeViolations(page)).toEqual([]);
            // WCAG 2.4.6: each of the two answers is described by the purpose it answers for.
            const confirm = box.getByRole('button', { name: 'Yes, I confirm my consent' });
            const described = await confirm.evaluate((b) =>
              (b.getAttribute('aria-describedby') ?? '')
                .split(' ')
                .map((id) => document.getElementById(id)?.textContent ?? '')
                .join(' '),
            );
            expect(described).toBe(await page.locator(`#purpose-${PURPOSE}`).textContent());
            await confirm.click();
            await expect
              .poll(() => page.locator('[role="status"].choice-status').textContent())
              .toMatch(/consent confirmed at \d{2}:\d{2}/);
            expect(await page.locator('section.outdated').count()).toBe(0);
            expect(await page.locator(`#choice-${PURPOSE}`).isChecked()).toBe(true);
            if (SHOTS)
              await page.screenshot({
                path: `${SHOTS}/privacy-outdated-confirmed-en-360.png`,
                fullPage: true,
              });
          }
          await context.close();
        }
        expect(posted).toEqual([
          expect.objectContaining({ purpose: PURPOSE, state: 'given', noticeVersion: v2.policy.version }),
        ]);
        expect(await decideFor(person.id)).toEqual({ allow: true, reasons: ['consent.given'] });
        expect(v1.policy.version).not.toBe(v2.policy.version);
      });

      it('a choice made on a page opened before the policy widened the purpose is not recorded: the page says what changed and asks again', async () => {
        const t = served.t;
        const person = await createSubject(
          t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01' },
          'test',
        );
        const { context, page } = await served.openPrivacyPage(person.id, {
          locale: 'en-GB',
          viewport: { width: 360, height: 900 },
        });
        const posted: { noticeVersion?: string }[] = [];
        page.on('request', (r) => {
          if (r.method() === 'POST' && r.url().endsWith(`/v1/subjects/${person.id}/consents`))
            posted.push(r.postDataJSON());
        });
        const choice = page.locator(`#choice-${PURPOSE}`);
        await choice.waitFor();
        const shown = t.deps.policy.policy.version;
        // The server restarts on a policy that shares the purpose with one more recipient.
        const v3 = await widened(true);
        const at = new Date();
        expect((await recordPolicyInForce(t.deps, v3, at)).renewConsent).toContain(PURPOSE);
        t.deps.policy = await policyInForce(t.deps.db, v3, at);

        await choice.click();
        const alert = page.locator('section.notice-changed');
        await alert.waitFor();
        expect((await alert.locator('li').allTextContents()).map((x) => x.trim())).toEqual([
          'A new recipient: Partner Broker SA',
        ]);
        await expect.poll(() => choice.isChecked()).toBe(false);
        await expect
          .poll(() => page.locator('footer.foot').textContent())
          .toContain(`version ${v3.policy.version},`);
        expect(await decideFor(person.id)).toEqual({ allow: false, reasons: ['consent.missing'] });
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS)
          await page.screenshot({ path: `${SHOTS}/privacy-notice-changed-en-360.png`, fullPage: true });

        await choice.click();
        await expect
          .poll(() => page.locator('[role="status"].choice-status').textContent())
          .toMatch(/consent given at \d{2}:\d{2}/);
        expect(posted.map((p) => p.noticeVersion)).toEqual([shown, v3.policy.version]);
        expect(await decideFor(person.id)).toEqual({ allow: true, reasons: ['consent.given'] });
        await context.close();
      });
    });
  },
);
