// Consent per channel on the privacy page, in Debian's Chromium (issue 14, BK-11, BK-16): under
// the bank's policy, whose commercial e-mail consent is given per channel, the person turns off
// only the e-mail switch of that purpose on "Your choices"; from then on a contact check for the
// purpose on e-mail is refused and on post still allowed. Purpose and channels come from the
// policy: the first purpose whose consent is per channel, its e-mail channel and a postal one.
import { describe, expect, it } from 'vitest';
import { consentChannelsOf } from '../../src/decide/compile.ts';
import type { Policy } from '../../src/policy/schema.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const BANK = 'policies/retail-bank.yaml';

/** The first purpose whose consent is per channel, the e-mail channel carrying it, and post. */
function perChannelCase(policy: Policy) {
  const purpose = policy.purposes.find((p) => p.legalBasis === 'consent' && p.consent?.perChannel);
  if (!purpose) throw new Error(`${BANK}: no purpose takes its consent per channel`);
  const channels = policy.communications?.channels ?? [];
  const own = consentChannelsOf(policy, purpose.id) ?? [];
  const byAddress = (address: string) =>
    channels.find((c) => c.address === address && own.includes(c.id)) ??
    channels.find((c) => c.address === address);
  const email = byAddress('email');
  const post = byAddress('postal');
  if (!email || !post || !own.includes(email.id))
    throw new Error(`${BANK}: ${purpose.id} needs an e-mail channel carrying its consent, and a postal one`);
  return { purpose: purpose.id, sender: purpose.senders?.[0], email: email.id, post: post.id, own };
}

type Check = { allow: boolean; reasons: { code: string }[] };

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-channels.test.ts')(
  'consent per channel on the privacy page',
  () => {
    describe.each(BACKENDS)('in Chromium, on %s', (backend) => {
      const served = servePage(backend, { policy: BANK });

      const as = (role: 'admin' | 'agent') => ({
        authorization: `Bearer ${served.t.keys[role]}`,
        'content-type': 'application/json',
      });
      const contactCheck = async (subjectId: string, purpose: string, channel: string, sender?: string) => {
        const q = new URLSearchParams({ purpose, channel, ...(sender ? { sender } : {}) });
        const res = await fetch(`${served.base}/v1/subjects/${subjectId}/contact-check?${q}`, {
          headers: as('agent'),
        });
        expect(res.status).toBe(200);
        return (await res.json()) as Check;
      };

      it('turning off commercial e-mail alone on “Your choices” refuses a contact by e-mail for that purpose and still allows one by post', async () => {
        const c = perChannelCase(served.t.deps.policy);
        const person = await createSubject(
          served.t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Maëlle' } },
          'test',
        );
        // Given once for the purpose on every channel (as at the counter): both contacts allowed.
        const given = await fetch(`${served.base}/v1/subjects/${person.id}/consents`, {
          method: 'POST',
          headers: as('admin'),
          body: JSON.stringify({ purpose: c.purpose, state: 'given' }),
        });
        expect(given.status).toBe(201);
        expect((await contactCheck(person.id, c.purpose, c.email, c.sender)).allow).toBe(true);
        expect((await contactCheck(person.id, c.purpose, c.post, c.sender)).allow).toBe(true);

        // "Your choices" is where the page opens.
        const { context, page } = await served.openPrivacyPage(person.id, {
          locale: 'en-GB',
          viewport: { width: 1024, height: 900 },
        });
        const posted: { csrf: string | undefined; body: unknown }[] = [];
        page.on('request', (r) => {
          if (r.method() === 'POST' && r.url().endsWith(`/v1/subjects/${person.id}/consents`))
            posted.push({ csrf: r.headers()['x-csrf-token'], body: r.postDataJSON() });
        });
        const emailSwitch = page.locator(`#choice-${c.purpose}-${c.email}`);
        await emailSwitch.waitFor();
        expect(await emailSwitch.getAttribute('role')).toBe('switch');
        expect(await emailSwitch.isChecked()).toBe(true);
        // Each channel of the purpose has its own switch; the purpose has no switch for all of them.
        for (const channel of c.own)
          expect(await page.locator(`#choice-${c.purpose}-${channel}`).count()).toBe(1);
        expect(await page.locator(`#choice-${c.purpose}`).count()).toBe(0);

        expect(await axeViolations(page)).toEqual([]);

        await emailSwitch.focus();
        await page.keyboard.press('Space');
        await expect
          .poll(() => page.locator('[role="status"].choice-status').textContent())
          .toMatch(/withdrawn at \d{2}:\d{2}/);
        expect(await emailSwitch.isChecked()).toBe(false);
        const me = (await (await context.request.get(`${served.base}/v1/me`)).json()) as {
          session: { csrfToken: string };
        };
        expect(posted).toEqual([
          {
            csrf: me.session.csrfToken,
            body: expect.objectContaining({ purpose: c.purpose, channel: c.email, state: 'withdrawn' }),
          },
        ]);

        // The e-mail contact is refused for the withdrawal; the post contact still stands.
        const byEmail = await contactCheck(person.id, c.purpose, c.email, c.sender);
        expect(byEmail.allow).toBe(false);
        expect(byEmail.reasons.map((r) => r.code)).toContain('consent.withdrawn');
        const byPost = await contactCheck(person.id, c.purpose, c.post, c.sender);
        expect(byPost.allow).toBe(true);
        expect(byPost.reasons.map((r) => r.code)).toContain('consent.given');
        // Reloaded, the page shows what is stored: the e-mail switch off.
        await page.reload();
        await page.locator(`#choice-${c.purpose}-${c.email}`).waitFor();
        await expect.poll(() => page.locator(`#choice-${c.purpose}-${c.email}`).isChecked()).toBe(false);
        await context.close();
      });
    });
  },
);
