// What the privacy page's history and objections views read and change (issue 14): the ledger
// newest first, the receipt as a file, the current answer's time and source, and a change that
// would end a customer's contract held until confirmed (EN-13).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { createSubject } from '../../subjects/subjects.ts';

describe.each(BACKENDS)('the privacy page reads and changes on %s', (backend) => {
  let t: TestApp;
  let sid: string;
  beforeAll(async () => {
    t = await testApp(backend);
    sid = t.customerId;
  });
  afterAll(() => t.dispose());

  const post = (url: string, payload: object, role: Parameters<TestApp['as']>[0] = 'customer') =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...t.as(role), 'accept-language': 'fr' },
      payload,
    });
  const get = (url: string, role: Parameters<TestApp['as']>[0] = 'customer') =>
    t.app.inject({ method: 'GET', url, headers: t.as(role) });
  /** A consent purpose that takes one answer for all channels. */
  const purposeWide = () =>
    t.deps.policy.purposes.find((p) => p.legalBasis === 'consent' && !p.consent?.perChannel)?.id as string;

  it('the history walks newest first, page by page, each record once', async () => {
    const s = await createSubject(t.deps, { lifecycle: 'prospect' }, 'test');
    const purpose = purposeWide();
    for (const state of ['given', 'withdrawn', 'given', 'refused', 'withdrawn'])
      expect((await post(`/v1/subjects/${s.id}/consents`, { purpose, state }, 'dpo')).statusCode).toBe(201);
    const seen: { id: number; state: string }[] = [];
    let after: string | null = null;
    do {
      const q: string = `order=newest-first&limit=2${after ? `&after=${after}` : ''}`;
      const page = (await get(`/v1/subjects/${s.id}/consents/history?${q}`, 'dpo')).json();
      seen.push(...page.items);
      after = page.next;
    } while (after);
    expect(seen.map((e) => e.state)).toEqual(['withdrawn', 'refused', 'given', 'withdrawn', 'given']);
    const ids = seen.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const oldest = (await get(`/v1/subjects/${s.id}/consents/history`, 'dpo')).json().items;
    expect(oldest.map((e: { id: number }) => e.id)).toEqual([...ids].reverse());
  });

  it('a cursor of one order is refused by the other', async () => {
    await post(`/v1/subjects/${sid}/consents`, { purpose: purposeWide(), state: 'given' });
    await post(`/v1/subjects/${sid}/consents`, { purpose: purposeWide(), state: 'withdrawn' });
    const page = (await get(`/v1/subjects/${sid}/consents/history?order=newest-first&limit=1`)).json();
    expectProblem(
      await get(`/v1/subjects/${sid}/consents/history?limit=1&after=${page.next}`),
      400,
      'CURSOR_INVALID',
    );
  });

  it('the consent receipt comes as a file to keep', async () => {
    const res = await get(`/v1/subjects/${sid}/consents/receipt`);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="consent-receipt-\d{4}-\d{2}-\d{2}\.jsonld"$/,
    );
    expect(res.json()['@type']).toBe('dpv:ConsentReceipt');
  });

  it('the overview says when the current answer was recorded and through what', async () => {
    await post(`/v1/subjects/${sid}/consents`, { purpose: purposeWide(), state: 'withdrawn' });
    const items = (await get(`/v1/subjects/${sid}/consents`)).json().items as {
      purpose: string;
      state: string;
      recordedAt?: string;
      source?: string;
    }[];
    const answered = items.filter((i) => i.state !== 'not-asked');
    expect(answered.length).toBeGreaterThan(0);
    for (const i of answered)
      expect(i).toMatchObject({ recordedAt: expect.any(String), source: 'online-banking' });
    for (const i of items.filter((x) => x.state === 'not-asked')) expect(i.recordedAt).toBeUndefined();
  });

  it("a restriction of everything waits for the customer's confirmation, told in their language (EN-13)", async () => {
    const refused = await post(`/v1/subjects/${sid}/restrictions`, { action: 'impose', reason: 'accuracy' });
    expectProblem(refused, 409, 'CONTRACT_IMPACT_UNCONFIRMED');
    expect(refused.json()).toMatchObject({ contractImpact: expect.any(String), language: 'fr' });
    expect((await get(`/v1/subjects/${sid}/limits`)).json().restrictions).toEqual([]);
    const done = await post(`/v1/subjects/${sid}/restrictions`, {
      action: 'impose',
      reason: 'accuracy',
      confirmContractImpact: true,
    });
    expect(done.json()).toMatchObject({
      changed: true,
      restrictions: [{ purpose: null, reason: 'accuracy' }],
    });
    // Lifting never ends a contract: no confirmation.
    const lifted = await post(`/v1/subjects/${sid}/restrictions`, { action: 'lift', reason: 'asked' });
    expect(lifted.json()).toMatchObject({ changed: true, restrictions: [] });
  });

  it('an objection to all legitimate interest waits for confirmation; one to direct marketing does not (EN-13)', async () => {
    expectProblem(
      await post(`/v1/subjects/${sid}/objections`, { kind: 'legitimate-interest', action: 'raise' }),
      409,
      'CONTRACT_IMPACT_UNCONFIRMED',
    );
    expect((await get(`/v1/subjects/${sid}/limits`)).json().objections).toEqual([]);
    const marketing = await post(`/v1/subjects/${sid}/objections`, {
      kind: 'direct-marketing',
      action: 'raise',
    });
    expect(marketing.json()).toMatchObject({ changed: true });
    await post(`/v1/subjects/${sid}/objections`, { kind: 'direct-marketing', action: 'lift' });
  });

  it('an objection or a restriction answers when Garde recorded it, and no time when it changed nothing', async () => {
    const now = t.deps.now().toISOString();
    const raised = await post(`/v1/subjects/${sid}/objections`, { kind: 'profiling', action: 'raise' });
    expect(raised.json()).toMatchObject({ changed: true, recordedAt: now });
    const again = await post(`/v1/subjects/${sid}/objections`, { kind: 'profiling', action: 'raise' });
    expect(again.json()).toMatchObject({ changed: false, recordedAt: null });
    const lifted = await post(`/v1/subjects/${sid}/objections`, { kind: 'profiling', action: 'lift' });
    expect(lifted.json()).toMatchObject({ changed: true, recordedAt: now });
    const unrestricted = await post(`/v1/subjects/${sid}/restrictions`, {
      action: 'lift',
      reason: 'none held',
    });
    expect(unrestricted.json()).toMatchObject({ changed: false, recordedAt: null });
  });

  it('a prospect has no contract to end: no confirmation asked', async () => {
    const p = await createSubject(t.deps, { lifecycle: 'prospect' }, 'test');
    const res = await post(`/v1/subjects/${p.id}/restrictions`, { action: 'impose', reason: 'x' }, 'dpo');
    expect(res.statusCode).toBe(200);
  });

  it('published purposes name the objections that stop each', async () => {
    const items = (await get('/v1/policy/purposes')).json().items as { id: string; objections: string[] }[];
    for (const p of t.deps.policy.purposes) {
      const kinds = items.find((i) => i.id === p.id)?.objections ?? [];
      expect(kinds.includes('direct-marketing')).toBe(Boolean(p.directMarketing));
      expect(kinds.includes('legitimate-interest')).toBe(p.legalBasis === 'legitimate-interest');
    }
  });

  it('the notice publishes its consent interfaces in the asked language', async () => {
    const notice = (await get('/v1/policy/controller?language=fr')).json();
    expect(notice.consentInterfaces.map((x: { id: string }) => x.id)).toEqual(
      (t.deps.policy.consentInterfaces ?? []).map((x) => x.id),
    );
  });
});
