// Every message class on every channel, on every path (issue 11 item 11; BK-8, BK-9): a
// campaign's preview and send, a single send, a contact check and a question to the decision
// point answer with a decision (allowed, or refused with reasons), never a server error; and
// the four agree on what is allowed. Both example policies.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';
import { recordConsent } from '../../consent/consent.ts';
import type { Policy } from '../../policy/schema.ts';
import { createSubject } from '../../subjects/subjects.ts';
import { changeSubscription } from '../../subscriptions/subscriptions.ts';

const who = { actor: 'test', role: 'admin' as const };

/** Every class with each of its purposes, on every channel, as a sender of that purpose would send it. */
function messages(policy: Policy) {
  const comms = policy.communications;
  return (comms?.messageClasses ?? []).flatMap((cls) =>
    (cls.purposes ?? []).flatMap((purposeId) => {
      const purpose = policy.purposes.find((p) => p.id === purposeId);
      return (comms?.channels ?? []).map((ch) => ({
        purpose: purposeId,
        channel: ch.id,
        messageClass: cls.id,
        sender: purpose?.senders?.[0] ?? comms?.senders[0],
        ...(cls.requiresSubscription ? { subscription: policy.subscriptions?.[0]?.id } : {}),
      }));
    }),
  );
}

describe.each(BACKENDS)('every message class on every channel, %s', (backend) => {
  describe.each([
    ['policies/retail-bank.yaml', 'customer'],
    ['policies/energy-services.yaml', 'prospect'],
  ] as const)('%s', (policyFile, lifecycle) => {
    let t: TestApp;
    let dir: string;
    let sid: string;
    beforeAll(async () => {
      t = await testApp(backend, { policy: policyFile });
      dir = await mkdtemp(join(tmpdir(), 'garde-classes-'));
      t.deps.config.dataDir = dir;
      sid = (
        await createSubject(
          t.deps,
          {
            lifecycle,
            customerSince: lifecycle === 'customer' ? '2020-01-01' : null,
            lastContactAt: lifecycle === 'prospect' ? '2026-06-01T00:00:00Z' : null,
            identity: { givenName: 'Alex', familyName: 'Martin', email: 'alex@example.test' },
          },
          'test',
        )
      ).id;
      for (const p of t.deps.policy.purposes.filter((x) => x.legalBasis === 'consent'))
        await recordConsent(t.deps, sid, { purpose: p.id, state: 'given' }, who);
      for (const s of t.deps.policy.subscriptions ?? [])
        await changeSubscription(t.deps, sid, { topic: s.id, action: 'subscribe' }, who);
    });
    afterAll(async () => {
      await t.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    it('preview, send, contact check and decisions answer every class x channel, and agree', async () => {
      const all = messages(t.deps.policy);
      // Every channel and every class is tried, however few the policy declares.
      const comms = t.deps.policy.communications;
      expect(new Set(all.map((m) => m.channel))).toEqual(new Set(comms?.channels.map((c) => c.id)));
      expect(new Set(all.map((m) => m.messageClass))).toEqual(
        new Set(comms?.messageClasses.map((c) => c.id)),
      );
      expect(all.length).toBeGreaterThanOrEqual(10);
      for (const m of all) {
        const label = `${m.messageClass}/${m.purpose} on ${m.channel}`;
        const q = new URLSearchParams(Object.entries(m).filter((e): e is [string, string] => !!e[1]));
        const check = await t.app.inject({
          method: 'GET',
          url: `/v1/subjects/${sid}/contact-check?${q}`,
          headers: t.as('agent'),
        });
        expect(check.statusCode, label).toBe(200);
        const asked = await t.app.inject({
          method: 'POST',
          url: '/v1/decisions',
          headers: t.as('agent'),
          payload: { questions: [{ subjectId: sid, action: 'contact', ...m }] },
        });
        expect(asked.statusCode, label).toBe(200);
        // The decision point and the contact check agree (the cap aside: decisions do not count).
        const answer = asked.json().answers[0] as { allow: boolean };
        const checked = check.json() as { allow: boolean; reasons: { code: string }[] };
        const capOnly = checked.reasons.every((r) => r.code === 'cap.reached');
        expect(answer.allow, label).toBe(checked.allow || (!checked.allow && capOnly));

        const campaign = await t.app.inject({
          method: 'POST',
          url: '/v1/campaigns',
          headers: t.as('marketer'),
          payload: { name: label, contentRef: 'c', audience: {}, ...m },
        });
        expect([201, 422], label).toContain(campaign.statusCode);
        if (campaign.statusCode === 201) {
          const id = campaign.json().id;
          const preview = await t.app.inject({
            method: 'GET',
            url: `/v1/campaigns/${id}/preview`,
            headers: t.as('marketer'),
          });
          expect(preview.statusCode, label).toBe(200);
          const sent = await t.app.inject({
            method: 'POST',
            url: `/v1/campaigns/${id}/send`,
            headers: t.as('marketer'),
          });
          expect(sent.statusCode, label).toBe(200);
          expect(sent.json().sent, label).toBe(preview.json().eligible);
        }
        const single = await t.app.inject({
          method: 'POST',
          url: `/v1/subjects/${sid}/communications`,
          headers: t.as('marketer'),
          payload: { contentRef: 'one', ...m },
        });
        expect([201, 409, 422], label).toContain(single.statusCode);
      }
    });

    it('a legally required message is allowed by the decision point as by the send route (BK-9)', async () => {
      const legal = t.deps.policy.communications?.messageClasses.find(
        (c) => !c.commercial && c.id === 'legal',
      );
      const purpose = legal?.purposes?.[0] as string;
      const fresh = (
        await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')
      ).id;
      const m = {
        purpose,
        channel: 'email',
        messageClass: 'legal',
        sender: t.deps.policy.communications?.senders[0],
      };
      const asked = await t.app.inject({
        method: 'POST',
        url: '/v1/decisions',
        headers: t.as('agent'),
        payload: { questions: [{ subjectId: fresh, action: 'contact', ...m }] },
      });
      expect(asked.json().answers[0]).toMatchObject({ allow: true });
      const sent = await t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${fresh}/communications`,
        headers: t.as('marketer'),
        payload: { contentRef: 'terms-2027', ...m },
      });
      expect(sent.statusCode).toBe(201);
    });
  });
});
