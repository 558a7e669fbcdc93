// Offers under a policy unlike the examples (test/fixtures/telecom-policy.yaml): its first
// direct-marketing purpose takes consent per channel, its second one consent for all channels.
// Every fitting purpose is judged, each with its own consent semantics (issue 13, part 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { recordConsent } from '../../consent/consent.ts';
import { createSubject } from '../../subjects/subjects.ts';

const who = { actor: 'test', role: 'admin' as const };
type Answer = {
  offers: { product: string; purpose: string }[];
  excluded: { product: string; reasons: { code: string }[] }[];
};

describe.each(BACKENDS)(
  'offers under a policy whose first marketing purpose is per channel, on %s',
  (backend) => {
    let t: TestApp;
    const person = async (consents: { purpose: string; channel?: string }[]) => {
      const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
      for (const c of consents) await recordConsent(t.deps, s.id, { ...c, state: 'given' }, who);
      return s.id;
    };
    const offers = async (id: string, query = '') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${id}/offers${query}`,
        headers: t.as('agent'),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Answer;
    };
    const offered = (a: Answer) => a.offers.map((o) => [o.product, o.purpose]);

    beforeAll(async () => {
      t = await testApp(backend, { policy: 'test/fixtures/telecom-policy.yaml' });
    });
    afterAll(() => t.dispose());

    it('a person who consented only to the later, all-channel purpose is offered under it', async () => {
      const id = await person([{ purpose: 'offers' }]);
      expect(offered(await offers(id))).toEqual([
        ['fibre-home', 'offers'],
        ['roaming-pass', 'offers'],
      ]);
    });

    it('a consent given on one channel holds for offers made there, or anywhere when no channel is named', async () => {
      const id = await person([{ purpose: 'mobile-offers', channel: 'sms' }]);
      expect(offered(await offers(id)).map(([, purpose]) => purpose)).toEqual([
        'mobile-offers',
        'mobile-offers',
      ]);
      expect(offered(await offers(id, '?channel=sms')).map(([, purpose]) => purpose)).toEqual([
        'mobile-offers',
        'mobile-offers',
      ]);
      // At the door the text-message consent does not count, and nothing else was given.
      const atDoor = await offers(id, '?channel=doorstep');
      expect(atDoor.offers).toEqual([]);
      expect(atDoor.excluded.map((e) => e.reasons.map((r) => r.code))).toEqual([
        ['consent.missing'],
        ['consent.missing'],
      ]);
    });

    it('with no consent at all, each product names the reasons of every fitting purpose once', async () => {
      const id = await person([]);
      const a = await offers(id);
      expect(a.offers).toEqual([]);
      expect(a.excluded).toEqual([
        { product: 'fibre-home', reasons: [expect.objectContaining({ code: 'consent.missing' })] },
        { product: 'roaming-pass', reasons: [expect.objectContaining({ code: 'consent.missing' })] },
      ]);
    });

    it('a channel the policy does not declare is refused with a problem', async () => {
      const id = await person([]);
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${id}/offers?channel=carrier-pigeon`,
        headers: t.as('agent'),
      });
      expectProblem(res, 422, 'INTEREST_INVALID');
    });
  },
);
