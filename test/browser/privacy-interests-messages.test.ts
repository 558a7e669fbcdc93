// "Your interests" (BK-4) and "Your commercial messages" (BK-7) on the privacy page, in Debian's
// Chromium (issue 14): the person deletes one interest by keyboard and only that one is gone from
// the API; objects to profiling from the same view, which is recorded and stops it; reads the
// commercial message received this month with the monthly limit reached; axe finds nothing.
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../../src/consent/consent.ts';
import { rescore } from '../../src/interests/interests.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { axeViolations } from '../support/axe.ts';
import { BACKENDS } from '../support/backends.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

const DAY = 86_400_000;
const who = { actor: 'test', role: 'admin' as const };
const inEnglish = (v: string | Record<string, string> | undefined) =>
  (typeof v === 'string' ? v : v?.en) ?? 'a description';

describeWhen(CHROMIUM_REQUIRED, 'test/browser/privacy-interests-messages.test.ts')(
  'the privacy page’s interests and commercial messages',
  () => {
    describe.each(BACKENDS)('in Chromium, on %s (retail bank)', (backend) => {
      const served = servePage(backend);
      beforeAll(async () => {
        const start = new Date(Date.now() - 70 * DAY).toISOString().slice(0, 8);
        await served.t.deps.db.query('SELECT garde_ensure_event_partitions($1::date, 4)', [`${start}01`]);
      });

      const admin = () => ({ authorization: `Bearer ${served.t.keys.admin}` });
      const getJson = async <R>(path: string): Promise<R> => {
        const res = await fetch(`${served.base}${path}`, {
          headers: { ...admin(), 'accept-language': 'en' },
        });
        expect(res.status, path).toBe(200);
        return (await res.json()) as R;
      };

      /** A customer with interests in three topics of the policy, each from a different behaviour. */
      async function personWithInterests(): Promise<{ id: string; topics: string[] }> {
        const policy = served.t.deps.policy;
        const person = await createSubject(
          served.t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Aurélie' } },
          'test',
        );
        // BK-16: the consent precedes the behaviour that feeds an interest.
        const earlier = { ...served.t.deps, now: () => new Date(Date.now() - 30 * DAY) };
        await recordConsent(
          earlier,
          person.id,
          { purpose: policy.tracking?.consentPurpose as string, state: 'given' },
          who,
        );
        const planted: { kind: string; topic: string }[] = [];
        for (const kind of policy.tracking?.eventKinds ?? []) {
          const topic = kind.topics?.find((x) => !planted.some((p) => p.topic === x));
          if (topic && planted.length < 3) planted.push({ kind: kind.id, topic });
        }
        for (const [i, e] of planted.entries())
          await served.t.deps.db.query(
            'INSERT INTO events (subject_id, occurred_at, kind, topic) VALUES ($1, $2, $3, $4)',
            [person.id, new Date(Date.now() - (i + 1) * DAY), e.kind, e.topic],
          );
        await rescore(served.t.deps, person.id);
        const listed = await getJson<{ items: { topic: string }[] }>(`/v1/subjects/${person.id}/interests`);
        expect(listed.items.map((x) => x.topic).sort()).toEqual(planted.map((p) => p.topic).sort());
        return { id: person.id, topics: planted.map((p) => p.topic) };
      }

      /** Opens the person's page (single-use link, then a cookie session) at one view, in English. */
      async function openView(
        subjectId: string,
        view: string,
      ): Promise<{ context: BrowserContext; page: Page }> {
        const { context, page } = await served.openPrivacyPage(subjectId, {
          locale: 'en-GB',
          viewport: { width: 1024, height: 900 },
        });
        await page.click(`nav.views a[href*="view=${view}"]`);
        await page.waitForSelector(`section.${view} h2`);
        return { context, page };
      }

      async function expectNoAxeViolations(page: Page) {
        expect(await axeViolations(page)).toEqual([]);
      }

      it('the customer deletes one interest by keyboard: the API no longer lists it, the others stay; axe finds nothing', async () => {
        const person = await personWithInterests();
        const { context, page } = await openView(person.id, 'interests');
        const [gone, ...kept] = person.topics as [string, ...string[]];
        const button = page.locator(`#remove-${gone}`);
        await button.waitFor();
        // Why, in the API's words: which behaviour, and when; and the purpose they serve.
        const why = await page.locator('.interest').first().textContent();
        expect(why).toMatch(/last on \d{4}-\d{2}-\d{2}/);
        expect(await page.locator('section.interests').textContent()).toContain(
          (await getJson<{ purpose: { description: string } }>(`/v1/subjects/${person.id}/interests`)).purpose
            .description,
        );
        await expectNoAxeViolations(page);

        const deletes: (string | undefined)[] = [];
        page.on('request', (r) => {
          if (r.method() === 'DELETE') deletes.push(r.headers()['x-csrf-token']);
        });
        await button.focus();
        await page.keyboard.press('Enter');
        await expect
          .poll(() => page.locator('section.interests [role="status"]').textContent())
          .toMatch(new RegExp(`“${gone}” was deleted at \\d{2}:\\d{2}`));
        expect(await page.locator(`#remove-${gone}`).count()).toBe(0);
        // The focus stays in the list, on the next interest's button.
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toMatch(/^remove-/);

        const me = (await (await context.request.get(`${served.base}/v1/me`)).json()) as {
          session: { csrfToken: string };
        };
        expect(deletes).toEqual([me.session.csrfToken]);
        const after = await getJson<{ items: { topic: string }[] }>(`/v1/subjects/${person.id}/interests`);
        expect(after.items.map((x) => x.topic).sort()).toEqual([...kept].sort());
        // Gone for good: rescoring the same behaviour does not bring it back.
        await rescore(served.t.deps, person.id);
        const again = await getJson<{ items: { topic: string }[] }>(`/v1/subjects/${person.id}/interests`);
        expect(again.items.map((x) => x.topic)).not.toContain(gone);
        await context.close();
      });

      it('objecting to profiling from the interests view is recorded, the interests are gone, and the view says profiling is stopped', async () => {
        const person = await personWithInterests();
        const { context, page } = await openView(person.id, 'interests');
        const object = page.locator('#object-profiling');
        await object.waitFor();
        await object.focus();
        await page.keyboard.press('Enter');
        await expect
          .poll(() => page.locator('section.interests [role="status"]').textContent())
          .toMatch(/objection to profiling was recorded at \d{2}:\d{2}\. Profiling is stopped/);

        const limits = await getJson<{ objections: { kind: string; purpose: string | null }[] }>(
          `/v1/subjects/${person.id}/limits`,
        );
        expect(limits.objections).toContainEqual({ kind: 'profiling', purpose: null });
        const interests = await getJson<{ items: unknown[] }>(`/v1/subjects/${person.id}/interests`);
        expect(interests.items).toEqual([]);

        // Read again from the API, the view says so and no longer offers the objection.
        await page.reload();
        await page.waitForSelector('section.interests .stopped');
        expect(await page.locator('section.interests .stopped').textContent()).toMatch(
          /profiling is stopped/,
        );
        expect(await page.locator('#object-profiling').count()).toBe(0);
        await expectNoAxeViolations(page);
        await context.close();
      });

      it('the messages view lists the commercial message sent this month and says the monthly limit is reached; axe finds nothing', async () => {
        const policy = served.t.deps.policy;
        const cap = policy.communications?.cap;
        expect(cap?.max).toBe(1);
        const person = await createSubject(
          served.t.deps,
          { lifecycle: 'customer', customerSince: '2020-01-01' },
          'test',
        );
        const cls = policy.communications?.messageClasses.find(
          (c) => c.commercial && c.countsTowardCap !== false,
        );
        const purpose = cls?.purposes?.[0] as string;
        await recordConsent(served.t.deps, person.id, { purpose, state: 'given' }, who);
        const channel = policy.communications?.channels.find(
          (c) => !c.requires?.includes('explicit-consent') && !c.requires?.includes('identified-session'),
        );
        const sent = await fetch(`${served.base}/v1/subjects/${person.id}/communications`, {
          method: 'POST',
          headers: { authorization: `Bearer ${served.t.keys.marketer}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            purpose,
            channel: channel?.id,
            messageClass: cls?.id,
            sender: policy.communications?.senders[0],
            contentRef: 'spring-offer',
          }),
        });
        expect(sent.status, await sent.clone().text()).toBe(201);

        const limits = await getJson<{ messages: { cap: { used: number; remaining: number } } }>(
          `/v1/subjects/${person.id}/limits`,
        );
        expect(limits.messages.cap).toMatchObject({ used: 1, remaining: 0 });

        const { context, page } = await openView(person.id, 'messages');
        await page.waitForSelector('section.messages .limit');
        const limit = await page.locator('section.messages .limit').textContent();
        expect(limit).toContain('You have received 1 of at most 1 commercial message this month.');
        expect(limit).toContain('The limit is reached');
        const items = page.locator('section.messages .message');
        expect(await items.count()).toBe(1);
        const row = (await items.first().textContent()) ?? '';
        // In the notice's words: the channel's and the class's descriptions, never their ids.
        expect(row).toContain(inEnglish(channel?.description));
        expect(row).toContain(inEnglish(cls?.description));
        expect(row).not.toContain('spring-offer');
        await expectNoAxeViolations(page);
        await context.close();
      });
    });
  },
);
