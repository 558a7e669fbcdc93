// BK-13 (issue 15, "The agent"): branch and contact-center staff see the accounts the customer
// linked to themes, the themes and the offers, never the raw behaviour, the interests or the
// scores. The agent's whole day on the API: find the customer, read themes and offers, check
// before a contact, log it (counted as its class says, BK-7), and be refused the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../../src/consent/consent.ts';
import { updateSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS } from '../support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';

describe.each(BACKENDS)(
  'BK-13: an agent sees themes, linked accounts and offers, never behaviour, interests or scores (%s)',
  (backend) => {
    let t: TestApp;
    let sid: string;
    let agentActor: string;
    beforeAll(async () => {
      t = await testApp(backend);
      sid = t.customerId;
      await updateSubject(
        t.deps,
        sid,
        {
          externalRef: 'C-4242',
          identity: { givenName: 'Zoë', familyName: 'Vandermeulen', birthDate: '1984-04-04' },
        },
        'test',
      );
      const h = await t.deps.db.query<{ id: string }>(
        `INSERT INTO holdings (subject_id, product_code, account_ref, held_since)
       VALUES ($1, 'savings-account', 'BE68 5390 0754 7034', '2021-01-01') RETURNING id`,
        [sid],
      );
      const linked = await t.app.inject({
        method: 'PUT',
        url: `/v1/subjects/${sid}/themes/vacances/holdings/${h.rows[0]?.id}`,
        headers: t.as('customer'),
      });
      expect(linked.statusCode).toBe(200);
      await recordConsent(
        t.deps,
        sid,
        { purpose: 'commercial-proposals', state: 'given' },
        { actor: 'test', role: 'admin' },
      );
      const key = await t.deps.db.query<{ id: string }>("SELECT id FROM api_keys WHERE role = 'agent'");
      agentActor = `key:${key.rows[0]?.id}`;
    });
    afterAll(() => t.dispose());

    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.as('agent') });
    const log = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${sid}/contacts`,
        headers: t.as('agent'),
        payload: body,
      });
    const proposal = {
      purpose: 'commercial-proposals',
      messageClass: 'commercial',
      channel: 'branch',
      sender: 'bank',
    };

    it('finds the customer by name, as the person says it', async () => {
      const res = await get('/v1/subject-search?q=vandermeulen%20zoe');
      expect(res.json().items).toEqual([
        {
          id: sid,
          customerNumber: 'C-4242',
          displayName: 'Zoë Vandermeulen',
          matchedBy: 'name',
          possibleDuplicates: [],
        },
      ]);
    });

    it('sees the accounts the customer linked to themes, and the offers without a score or an interest', async () => {
      const themes = (await get(`/v1/subjects/${sid}/themes`)).json();
      expect(themes.items).toEqual([
        expect.objectContaining({ theme: 'vacances', accountRef: 'BE68 5390 0754 7034' }),
      ]);
      const offers = await get(`/v1/subjects/${sid}/offers`);
      expect(offers.statusCode).toBe(200);
      // Ranked by the model or by take-up over all customers; never this person's score.
      for (const o of offers.json().offers) expect(o.score).toBeNull();
      expect(offers.body).not.toMatch(/"interests"|"occurredAt"/);
    });

    it('is refused the events, the interests and the full identity record (403)', async () => {
      for (const url of [
        `/v1/subjects/${sid}/events`,
        `/v1/subjects/${sid}/interests`,
        `/v1/subjects/${sid}`,
        '/v1/subjects',
      ])
        expectProblem(await get(url), 403, 'ROLE_FORBIDDEN');
    });

    it('checks before a contact, in words, then logs it: the commercial contact takes the month’s slot (BK-7)', async () => {
      const before = await get(
        `/v1/subjects/${sid}/contact-check?purpose=commercial-proposals&channel=branch&sender=bank`,
      );
      expect(before.json()).toMatchObject({ allow: true, cap: { used: 0, max: 1 } });
      const logged = await log({ ...proposal, outcome: 'declined' });
      expect(logged.statusCode, logged.body).toBe(201);
      expect(logged.json()).toMatchObject({
        counted: true,
        commercial: true,
        contentRef: 'contact:declined',
        actor: agentActor,
      });
      const after = (
        await get(
          `/v1/subjects/${sid}/contact-check?purpose=commercial-proposals&channel=contact-center&sender=bank`,
        )
      ).json();
      expect(after.allow).toBe(false);
      expect(after.reasons).toEqual([{ code: 'cap.reached', text: expect.stringMatching(/\w+ \w+/) }]);
      expectProblem(
        await log({ ...proposal, channel: 'contact-center', outcome: 'accepted' }),
        409,
        'CAP_REACHED',
      );
      // A service contact is not a commercial message: its class does not count.
      const service = await log({
        purpose: 'operational-messages',
        messageClass: 'operational',
        sender: 'bank',
        channel: 'branch',
        outcome: 'informed',
      });
      expect(service.json()).toMatchObject({ counted: false, commercial: false });
      const audit = await t.deps.db.query<{ actor: string }>(
        "SELECT actor FROM audit_pending WHERE action = 'communication.send' AND subject_id = $1",
        [sid],
      );
      expect(audit.rows.map((r) => r.actor)).toEqual([agentActor, agentActor]);
    });

    it('logs only contacts made in person or by phone, with an outcome code', async () => {
      expectProblem(
        await log({ ...proposal, channel: 'email', outcome: 'accepted' }),
        422,
        'CONTACT_CHANNEL_NOT_SPOKEN',
      );
      expectProblem(
        await log({ ...proposal, outcome: 'he said he would think about it' }),
        400,
        'REQUEST_INVALID',
      );
      const options = (await get('/v1/contact-options?language=en')).json();
      expect(options.channels.map((c: { id: string }) => c.id).sort()).toEqual([
        'branch',
        'contact-center',
        'phone',
      ]);
      expect(options.messageClasses.find((c: { id: string }) => c.id === 'commercial')).toMatchObject({
        countsTowardCap: true,
      });
      expect(options.outcomes).toContain('declined');
    });
  },
);
