// The policy in force for staff (issue 15): names in the asked language, straight from the policy,
// so no screen types one; the lint results; the clause traceability as the compliance page holds it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';
import { REASONS } from '../../decide/reasons.ts';
import { parseMatrix } from '../traceability.ts';

type Named = { id: string; name: string };

const page = parseMatrix(readFileSync('docs/compliance-matrix.md', 'utf8'));

type Trace = { clause: string; traced: boolean; enforcedBy: string[]; tests: string[] };

/** The clause as GET /v1/policy/traceability gives it equals its row of the page, read now. */
async function expectTraced(t: TestApp, clause: string) {
  const res = await t.app.inject({ method: 'GET', url: '/v1/policy/traceability', headers: t.as('dpo') });
  expect(res.statusCode).toBe(200);
  const { items } = res.json() as { items: Trace[] };
  const row = items.find((i) => i.clause === clause);
  expect(row).toMatchObject({
    traced: true,
    enforcedBy: page.get(clause)?.enforcedBy,
    tests: page.get(clause)?.tests,
  });
  expect(row?.enforcedBy.length).toBeGreaterThan(0);
  expect(row?.tests.length).toBeGreaterThan(0);
  // Only the clauses this policy cites: the bank's are not the energy company's.
  expect(items.every((i) => i.clause.startsWith(clause.slice(0, 3)))).toBe(true);
}

describe.each(BACKENDS)('the policy in force for staff on %s', (backend) => {
  let bank: TestApp;
  beforeAll(async () => {
    bank = await testApp(backend);
  });
  afterAll(() => bank.dispose());

  it('names purposes, channels, message classes, senders, recipients and retention rules in the asked language, from the policy', async () => {
    for (const [language, channel, klass, banking] of [
      ['fr', 'Courrier', 'Proposition commerciale', 'Banque en ligne'],
      ['nl', 'Post', 'Commercieel voorstel', 'Online bankieren'],
      ['en', 'Postal mail', 'Commercial proposal', 'Online banking'],
    ] as const) {
      const res = await bank.app.inject({
        method: 'GET',
        url: `/v1/policy?language=${language}`,
        headers: bank.as('marketer'),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-language']).toBe(language);
      const p = res.json();
      expect(p.language).toBe(language);
      expect(p.channels.find((c: Named) => c.id === 'postal-mail').name).toBe(channel);
      expect(p.rightsChannels.map((c: Named) => c.id)).toEqual(
        bank.deps.policy.rights.channels.map((c) => c.id),
      );
      expect(p.rightsChannels.find((c: Named) => c.id === 'online-banking').name).toBe(banking);
      expect(p.messageClasses.find((c: Named) => c.id === 'commercial')).toMatchObject({
        name: klass,
        countsTowardCap: true,
      });
      expect(p.messageClasses.find((c: Named) => c.id === 'subscribed').countsTowardCap).toBe(false);
      expect(p.purposes.map((x: Named) => x.id)).toEqual(bank.deps.policy.purposes.map((x) => x.id));
      expect(p.senders.map((s: Named) => s.id)).toEqual(bank.deps.policy.communications?.senders);
      // A sender is named as the controller's entity it is (BK-14), never shown as its id.
      expect(p.senders.find((s: Named) => s.id === 'bank-lease').name).toBe('Exemple Lease SA');
      expect(p.recipients.find((r: Named) => r.id === 'contact-center').name).toBe('Contact Center');
      expect(p.consentInterfaces.find((x: Named) => x.id === 'letter').name).not.toBe('letter');
      expect(p.cap).toMatchObject({ max: 1, window: 'calendar-month' });
    }
    const agent = await bank.app.inject({
      method: 'GET',
      url: '/v1/policy',
      headers: { ...bank.as('agent'), 'accept-language': 'nl-BE' },
    });
    expect(agent.json().language).toBe('nl');
  });

  it('names a rights channel the policy names by id only by its id', async () => {
    const telecom = await testApp(backend, { policy: 'test/fixtures/telecom-policy.yaml' });
    try {
      for (const [url, role] of [
        ['/v1/policy', 'dpo'],
        ['/v1/policy/controller', 'dpo'],
      ] as const) {
        const res = await telecom.app.inject({ method: 'GET', url, headers: telecom.as(role) });
        expect(res.statusCode).toBe(200);
        expect(res.json().rightsChannels).toMatchObject([{ id: 'app', name: 'app' }]);
      }
    } finally {
      await telecom.dispose();
    }
  });

  it('names the rights channels of the public notice in the asked language', async () => {
    const res = await bank.app.inject({ method: 'GET', url: '/v1/policy/controller?language=nl' });
    expect(res.statusCode).toBe(200);
    expect(res.json().rightsChannels.map((c: Named) => [c.id, c.name])).toEqual([
      ['online-banking', 'Online bankieren'],
      ['email', 'Per e-mail'],
      ['letter', 'Per brief'],
    ]);
  });

  it('words every reason code decide() gives, so a suppression is never shown as its code', async () => {
    const res = await bank.app.inject({
      method: 'GET',
      url: '/v1/policy?language=fr',
      headers: bank.as('marketer'),
    });
    const reasons = (res.json() as { reasons: Named[] }).reasons;
    expect(reasons.map((r) => r.id)).toEqual(Object.keys(REASONS));
    expect(reasons.find((r) => r.id === 'consent.missing')?.name).toBe(
      'La personne n’a pas donné son consentement',
    );
    for (const r of reasons) expect(r.name).not.toBe(r.id);
  });

  it('traces BK-16 to its policy keys, modules and tests, exactly as docs/compliance-matrix.md reads now', async () => {
    await expectTraced(bank, 'BK-16');
  });

  describe('under the energy policy', () => {
    let energy: TestApp;
    beforeAll(async () => {
      energy = await testApp(backend, { policy: 'policies/energy-services.yaml' });
    });
    afterAll(() => energy.dispose());

    it('states the retention rules as the notice does: a period in words, or that none is stated, and which are legal obligations (EN-10)', async () => {
      const p = (
        await energy.app.inject({ method: 'GET', url: '/v1/policy?language=en', headers: energy.as('dpo') })
      ).json();
      expect(p.cap).toBeNull();
      const rules = new Map(p.retention.map((r: { id: string }) => [r.id, r]));
      expect(rules.get('billing-10y')).toMatchObject({
        duration: 'P10Y',
        clock: 'invoice-date',
        legalObligation: true,
        category: 'contract-billing',
      });
      expect((rules.get('billing-10y') as { durationText: string }).durationText).toMatch(/10/);
      expect(rules.get('technical-needed')).toMatchObject({
        duration: null,
        legalObligation: false,
        durationText: 'No longer than needed for the purposes they were collected for',
      });
    });

    it("names the controller's other systems in the asked language, and the role a manual one's tasks are for (issue 16)", async () => {
      for (const [language, name] of [
        ['en', 'Service and maintenance systems'],
        ['fr', "Systèmes de service et d'entretien"],
      ] as const) {
        const res = await energy.app.inject({
          method: 'GET',
          url: `/v1/policy?language=${language}`,
          headers: energy.as('agent'),
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().datasets).toEqual([
          { id: 'service-systems', name, kind: 'manual', taskRole: 'dpo' },
        ]);
      }
    });

    it('gives the lint results of the policy in force: what check refuses (none, it is in force) and what the notice leaves unsaid', async () => {
      const res = await energy.app.inject({
        method: 'GET',
        url: '/v1/policy/lint',
        headers: energy.as('dpo'),
      });
      expect(res.statusCode).toBe(200);
      const lint = res.json();
      expect(lint.findings).toEqual([]);
      expect(lint.warnings).toEqual([]);
      expect(lint.noPeriod).toEqual(['technical-needed', 'usage-needed']);
      expect(Array.isArray(lint.notStated)).toBe(true);
      expect(lint.policy.id).toBe(energy.deps.policy.policy.id);
    });

    it('traces EN-10 to its policy keys, modules and tests, exactly as docs/compliance-matrix.md reads now', async () => {
      await expectTraced(energy, 'EN-10');
    });
  });
});
