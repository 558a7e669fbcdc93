// "Your choices" on the privacy page in Debian's Chromium (issue 14, BK-16): the person withdraws
// the tracking consent purpose with its switch, by keyboard; the change is sent at once with the
// CSRF token, recorded from the policy's self-service interface with the notice version, and the
// next event posted for them is dropped; axe finds no violation on the screen with the switches.
import { describe, expect, it } from 'vitest';
import { selfService } from '../../src/consent/model.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

// Set to a folder to write the screen's screenshots there (fr, 1024 and 360 px wide).
const SHOTS = process.env.GARDE_SCREENSHOTS;

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-choices.test.ts')('the privacy page’s choices', () => {
  describe.each(BACKENDS)('in Chromium, on %s', (backend) => {
    const served = servePage(backend);

    const admin = () => ({
      authorization: `Bearer ${served.t.keys.admin}`,
      'content-type': 'application/json',
    });

    /** Posts one event of the policy's first kind for `subjectId` with a session key; the answer. */
    async function postEvent(subjectId: string) {
      const session = await fetch(`${served.base}/v1/subjects/${subjectId}/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${served.t.keys.admin}` },
      });
      expect(session.status).toBe(201);
      const { token } = (await session.json()) as { token: string };
      const kind = served.t.deps.policy.tracking?.eventKinds[0];
      const res = await fetch(`${served.base}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify([
          { kind: kind?.id, topic: kind?.topics?.[0], occurredAt: new Date().toISOString() },
        ]),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { accepted: number; dropped: Record<string, number> };
    }

    it('withdrawing the tracking consent with its switch (Space) is recorded at once with the CSRF token, says when, and the next event is dropped; axe finds nothing', async () => {
      const policy = served.t.deps.policy;
      const purpose = policy.tracking?.consentPurpose as string;
      const person = await createSubject(
        served.t.deps,
        { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Aurélie' } },
        'test',
      );
      const given = await fetch(`${served.base}/v1/subjects/${person.id}/consents`, {
        method: 'POST',
        headers: admin(),
        body: JSON.stringify({ purpose, state: 'given' }),
      });
      expect(given.status).toBe(201);
      expect((await postEvent(person.id)).accepted).toBe(1);

      const { context, page } = await served.openPrivacyPage(person.id, {
        locale: 'en-GB',
        viewport: { width: 1024, height: 900 },
      });
      const posted: { csrf: string | undefined; body: unknown }[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith(`/v1/subjects/${person.id}/consents`))
          posted.push({ csrf: r.headers()['x-csrf-token'], body: r.postDataJSON() });
      });
      const toggle = page.locator(`#choice-${purpose}`);
      await toggle.waitFor();
      expect(await toggle.getAttribute('role')).toBe('switch');
      expect(await toggle.isChecked()).toBe(true);
      // The switch has a visible label of its own.
      expect((await page.locator(`label[for="choice-${purpose}"]`).textContent())?.trim()).toMatch(/\S/);

      expect(await axeViolations(page)).toEqual([]);

      await toggle.focus();
      await page.keyboard.press('Space');
      await expect
        .poll(() => page.locator('[role="status"].choice-status').textContent())
        .toMatch(/withdrawn at \d{2}:\d{2}/);
      expect(await toggle.isChecked()).toBe(false);
      // The switch keeps the focus: the next change is a keypress away.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`choice-${purpose}`);
      expect(await page.locator('[aria-live="polite"].choice-status').count()).toBe(1);

      const me = (await (await context.request.get(`${served.base}/v1/me`)).json()) as {
        session: { csrfToken: string };
      };
      expect(posted).toEqual([
        { csrf: me.session.csrfToken, body: expect.objectContaining({ purpose, state: 'withdrawn' }) },
      ]);

      const history = await fetch(`${served.base}/v1/subjects/${person.id}/consents/history`, {
        headers: admin(),
      });
      const { items } = (await history.json()) as {
        items: { state: string; source: string; noticeVersion: string }[];
      };
      expect(items.find((x) => x.state === 'withdrawn')).toMatchObject({
        source: selfService(policy),
        noticeVersion: policy.policy.version,
      });
      const after = await postEvent(person.id);
      expect(after.accepted).toBe(0);
      expect(Object.keys(after.dropped).join()).toMatch(/consent/);
      await context.close();
    });

    it('a change that cannot be recorded shows an error summary linking to the switch, which returns to its stored state', async () => {
      const purpose = served.t.deps.policy.tracking?.consentPurpose as string;
      const person = await createSubject(
        served.t.deps,
        { lifecycle: 'customer', customerSince: '2020-01-01' },
        'test',
      );
      const { context, page } = await served.openPrivacyPage(person.id, {
        locale: 'en-GB',
      });
      await page.route(`**/v1/subjects/${person.id}/consents`, (route) =>
        route.request().method() === 'POST' ? route.abort() : route.continue(),
      );
      const toggle = page.locator(`#choice-${purpose}`);
      await toggle.waitFor();
      expect(await toggle.isChecked()).toBe(false);
      await toggle.focus();
      await page.keyboard.press('Space');
      const summary = page.locator('[role="alert"].error-summary');
      await summary.waitFor();
      expect(await summary.locator('h2').count()).toBe(1);
      expect(await summary.locator(`a[href="#choice-${purpose}"]`).count()).toBe(1);
      await expect.poll(() => toggle.isChecked()).toBe(false);
      await context.close();
    });

    it.runIf(SHOTS)('screenshots the choices in French, 1024 and 360 px wide', async () => {
      const person = await createSubject(
        served.t.deps,
        { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Aurélie' } },
        'test',
      );
      for (const [width, name] of [
        [1024, 'privacy-choices-fr.png'],
        [360, 'privacy-choices-fr-360.png'],
      ] as const) {
        const { context, page } = await served.openPrivacyPage(person.id, {
          locale: 'fr-BE',
          viewport: { width, height: 900 },
        });
        await page.locator('.purpose').first().waitFor();
        await page.screenshot({ path: `${SHOTS}/${name}`, fullPage: true });
        await context.close();
      }
    });
  });
});
