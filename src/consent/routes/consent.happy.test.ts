import type { Options } from 'jsonld';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { verifyAudit } from '../../audit/store.ts';

describe.each(BACKENDS)('consent, objections and restrictions on %s', (backend) => {
  let t: TestApp;
  let sid: string;
  beforeAll(async () => {
    t = await testApp(backend);
    sid = t.customerId;
  });
  afterAll(() => t.dispose());

  const post = (
    url: string,
    payload: object,
    role: Parameters<TestApp['as']>[0] = 'customer',
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...t.as(role), 'user-agent': 'Mozilla/5.0 test', ...headers },
      payload,
      remoteAddress: '203.0.113.77',
    });
  const get = (
    url: string,
    role: Parameters<TestApp['as']>[0] = 'customer',
    headers: Record<string, string> = {},
  ) => t.app.inject({ method: 'GET', url, headers: { ...t.as(role), ...headers } });
  const ask = async (question: object) => {
    const res = await post('/v1/decisions', { questions: [{ subjectId: sid, ...question }] }, 'agent', {
      'accept-language': 'en',
    });
    return res.json().answers[0] as { allow: boolean; reasons: { code: string; text: string }[] };
  };
  const codes = (a: { reasons: { code: string }[] }) => a.reasons.map((r) => r.code);

  it('grant -> allowed; withdraw -> the next decision is denied with consent.withdrawn (BK-16)', async () => {
    expect(codes(await ask({ purpose: 'web-personalisation' }))).toEqual(['consent.missing']);
    const given = await post(`/v1/subjects/${sid}/consents`, {
      purpose: 'web-personalisation',
      state: 'given',
    });
    expect(given.statusCode).toBe(201);
    expect(given.json()).toMatchObject({
      state: 'given',
      // The bank's own self-service interface, in its words (consentInterfaces).
      source: 'online-banking',
      noticeVersion: '2026-11',
      userAgent: 'Mozilla/5.0 test',
      ipPrefix: '203.0.113.0/24',
    });
    expect(await ask({ purpose: 'web-personalisation' })).toMatchObject({
      allow: true,
      reasons: [{ code: 'consent.given' }],
    });
    await post(`/v1/subjects/${sid}/consents`, { purpose: 'web-personalisation', state: 'withdrawn' });
    const after = await ask({ purpose: 'web-personalisation' });
    expect(after.allow).toBe(false);
    expect(after.reasons[0]).toEqual({ code: 'consent.withdrawn', text: 'The person withdrew consent' });
  });

  it('keeps the full history with its proof, and exports it as ISO/IEC TS 27560 JSON-LD', async () => {
    const history = (await get(`/v1/subjects/${sid}/consents/history`)).json().items;
    expect(history.map((h: { state: string }) => h.state)).toEqual(['given', 'withdrawn']);
    const receipt = await get(`/v1/subjects/${sid}/consents/receipt`);
    expect(receipt.headers['content-type']).toContain('application/ld+json');
    const doc = receipt.json();
    expect(doc['@context'].dpv).toBe('https://w3id.org/dpv#');
    expect(doc['@type']).toBe('dpv:ConsentReceipt');
    expect(doc['dct:conformsTo']).toContainEqual({
      '@id': 'https://w3id.org/dpv/schema/dpv-27560#receipt-record',
    });
    expect(doc['dpv:hasRecordOfActivity'][0]).toMatchObject({
      '@type': 'dpv:ConsentRecord',
      'dpv:hasConsentStatus': { '@id': 'dpv:ConsentWithdrawn' },
      'dpv:hasIndicationMethod': {
        '@id': 'urn:garde:retail-bank:consent-interface:online-banking',
        'dct:description': { en: 'Online banking' },
      },
      'dpv:isIndicatedBy': { '@id': `urn:garde:subject:${sid}` },
    });
    expect(doc['dpv:hasRecordOfActivity'][0]['dct:hasVersion']).toHaveLength(1);
  });

  it('records the language of the notice the person read, one the policy declares, and the receipt states it', async () => {
    const [language] = t.deps.policy.policy.languages.slice(-1);
    const given = await post(`/v1/subjects/${sid}/consents`, {
      purpose: 'web-personalisation',
      state: 'given',
      noticeLanguage: language,
    });
    expect(given.json()).toMatchObject({ noticeLanguage: language });
    const foreign = await post(`/v1/subjects/${sid}/consents`, {
      purpose: 'web-personalisation',
      state: 'given',
      noticeLanguage: 'xx',
    });
    expect(expectProblem(foreign, 422, 'CONSENT_INVALID').detail).toContain('noticeLanguage must be one of');
    const receipt = (await get(`/v1/subjects/${sid}/consents/receipt`)).json();
    const record = receipt['dpv:hasRecordOfActivity'].find(
      (r: { 'dct:identifier': string }) => r['dct:identifier'] === String(given.json().id),
    );
    expect(record['dpv:hasNotice']).toMatchObject({ 'dct:language': language });
    await post(`/v1/subjects/${sid}/consents`, { purpose: 'web-personalisation', state: 'withdrawn' });
  });

  it('a choice staff wrote down shows the person neither the key nor the workstation; the DPO sees the proof', async () => {
    const taken = await post(
      `/v1/subjects/${sid}/consents`,
      { purpose: 'web-personalisation', state: 'withdrawn', source: 'letter' },
      'agent',
      { 'user-agent': 'BranchDesk/4.2 (WS-0042)' },
    );
    expect(taken.statusCode).toBe(201);
    const entry = (items: { id: number }[]) => items.find((e) => e.id === taken.json().id);
    const mine = entry((await get(`/v1/subjects/${sid}/consents/history?limit=1000`)).json().items);
    expect(mine).toMatchObject({ source: 'letter', actor: 'controller', userAgent: null, ipPrefix: null });
    const receipt = (await get(`/v1/subjects/${sid}/consents/receipt`)).body;
    expect(receipt).not.toContain('BranchDesk');
    const proof = entry((await get(`/v1/subjects/${sid}/consents/history?limit=1000`, 'dpo')).json().items);
    expect(proof).toMatchObject({
      actor: expect.stringMatching(/^key:/),
      userAgent: 'BranchDesk/4.2 (WS-0042)',
    });
  });

  it('the overview lists every consent-based purpose, not-asked included', async () => {
    const items = (await get(`/v1/subjects/${sid}/consents`)).json().items;
    expect(items).toContainEqual({
      purpose: 'web-personalisation',
      channel: '',
      state: 'withdrawn',
      explicit: true,
      recordedAt: expect.any(String),
      source: expect.any(String),
    });
    expect(items).toContainEqual({
      purpose: 'commercial-email',
      channel: '',
      state: 'not-asked',
      explicit: true,
    });
  });

  it('takes per-channel consent only where the policy says so, and only for consent-based purposes', async () => {
    expect(
      (
        await post(`/v1/subjects/${sid}/consents`, {
          purpose: 'commercial-email',
          channel: 'email',
          state: 'given',
        })
      ).statusCode,
    ).toBe(201);
    expectProblem(
      await post(`/v1/subjects/${sid}/consents`, {
        purpose: 'web-personalisation',
        channel: 'email',
        state: 'given',
      }),
      422,
      'CONSENT_INVALID',
    );
    expectProblem(
      await post(`/v1/subjects/${sid}/consents`, { purpose: 'themes', state: 'given' }),
      422,
      'CONSENT_INVALID',
    );
    expectProblem(
      await post(`/v1/subjects/${sid}/consents`, { purpose: 'nonsense', state: 'given' }),
      422,
      'CONSENT_INVALID',
    );
  });

  it('the receipt served expands offline in safe mode; a choice staff took down names no key (BK-16)', async () => {
    const letter = await post(
      `/v1/subjects/${sid}/consents`,
      { purpose: 'commercial-proposals', state: 'given', source: 'letter' },
      'agent',
    );
    const actor = letter.json().actor as string;
    const receipt = await get(`/v1/subjects/${sid}/consents/receipt`, 'dpo');
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).not.toContain(actor);
    expect(receipt.body).not.toContain('key:');
    const offline = async (url: string): Promise<never> => {
      throw new Error(`no fetch: ${url}`);
    };
    const quads = (await jsonld.toRDF(receipt.json(), {
      safe: true,
      documentLoader: offline,
    } as Options.ToRdf)) as {
      subject: { value: string };
      predicate: { value: string };
      object: { value: string };
    }[];
    const record = `urn:garde:consent:${letter.json().id}`;
    const about = (p: string) =>
      quads.filter((q) => q.subject.value === record && q.predicate.value === `https://w3id.org/dpv#${p}`);
    expect(about('isIndicatedBy').map((q) => q.object.value)).toEqual([`urn:garde:subject:${sid}`]);
    expect(about('isImplementedByEntity').map((q) => q.object.value)).toEqual([
      `urn:garde:${t.deps.policy.policy.id}:controller`,
    ]);
    expect(about('hasIndicationMethod').map((q) => q.object.value)).toEqual([
      'urn:garde:retail-bank:consent-interface:letter',
    ]);
  });

  it('each role may claim only its own sources', async () => {
    const letter = await post(
      `/v1/subjects/${sid}/consents`,
      { purpose: 'commercial-proposals', state: 'given', source: 'letter' },
      'agent',
    );
    expect(letter.json()).toMatchObject({ source: 'letter', actor: expect.stringMatching(/^key:/) });
    expectProblem(
      await post(`/v1/subjects/${sid}/consents`, {
        purpose: 'commercial-proposals',
        state: 'given',
        source: 'letter',
      }),
      403,
      'SOURCE_FORBIDDEN',
    );
    expectProblem(
      await post(
        `/v1/subjects/${sid}/consents`,
        { purpose: 'commercial-proposals', state: 'given', source: 'gpc' },
        'dpo',
      ),
      403,
      'SOURCE_FORBIDDEN',
    );
  });

  it('an objection to direct marketing stops proposals on every channel until lifted (EN-11)', async () => {
    const proposal = {
      purpose: 'commercial-proposals',
      action: 'contact',
      channel: 'postal-mail',
      sender: 'bank',
    };
    expect((await ask(proposal)).allow).toBe(true);
    const raised = await post(`/v1/subjects/${sid}/objections`, {
      kind: 'direct-marketing',
      action: 'raise',
    });
    expect(raised.json()).toMatchObject({
      changed: true,
      objections: [{ kind: 'direct-marketing', purpose: null }],
    });
    expect(
      (await post(`/v1/subjects/${sid}/objections`, { kind: 'direct-marketing', action: 'raise' })).json()
        .changed,
    ).toBe(false);
    expect(codes(await ask(proposal))).toContain('objection.marketing');
    expect(codes(await ask({ ...proposal, channel: 'branch' }))).toContain('objection.marketing');
    await post(`/v1/subjects/${sid}/objections`, { kind: 'direct-marketing', action: 'lift' });
    expect((await ask(proposal)).allow).toBe(true);
  });

  it('a restriction allows storage only, and is listed with its reason (EN-11)', async () => {
    const res = await post(
      `/v1/subjects/${sid}/restrictions`,
      { action: 'impose', reason: 'accuracy contested', confirmContractImpact: true },
      'dpo',
    );
    expect(res.json().restrictions).toEqual([
      { purpose: null, reason: 'accuracy contested', since: expect.any(String) },
    ]);
    expect(codes(await ask({ purpose: 'themes' }))).toEqual(['restriction.active']);
    expect((await ask({ purpose: 'themes', action: 'keep' })).allow).toBe(true);
    expect((await get(`/v1/subjects/${sid}/limits`, 'agent')).json().restrictions).toHaveLength(1);
    await post(`/v1/subjects/${sid}/restrictions`, { action: 'lift', reason: 'verified' }, 'dpo');
    expect((await ask({ purpose: 'themes' })).allow).toBe(true);
  });

  it('rejects objections and restrictions naming an unknown purpose', async () => {
    expectProblem(
      await post(`/v1/subjects/${sid}/objections`, { kind: 'profiling', purpose: 'nope', action: 'raise' }),
      422,
      'OBJECTION_INVALID',
    );
    expectProblem(
      await post(`/v1/subjects/${sid}/restrictions`, { purpose: 'nope', action: 'impose', reason: 'x' }),
      422,
      'RESTRICTION_INVALID',
    );
  });

  it('honours Sec-GPC: 1 from the identified customer as a withdrawal, with source gpc', async () => {
    await post(`/v1/subjects/${sid}/consents`, { purpose: 'web-personalisation', state: 'given' });
    await get(`/v1/subjects/${sid}/consents`, 'customer', { 'sec-gpc': '1' });
    const history = (await get(`/v1/subjects/${sid}/consents/history`)).json().items;
    const gpc = history.filter((h: { source: string }) => h.source === 'gpc');
    expect(gpc.map((h: { purpose: string; state: string }) => [h.purpose, h.state])).toEqual(
      expect.arrayContaining([
        ['web-personalisation', 'withdrawn'],
        ['commercial-proposals', 'withdrawn'],
      ]),
    );
    expect(codes(await ask({ purpose: 'web-personalisation' }))).toEqual(['consent.withdrawn']);
    // The signal is recorded once, not on every request.
    await get(`/v1/subjects/${sid}/consents`, 'customer', { 'sec-gpc': '1' });
    expect((await get(`/v1/subjects/${sid}/consents/history`)).json().items).toHaveLength(history.length);
  });

  it('answers unknown subjects and oversized batches clearly', async () => {
    const res = await post(
      '/v1/decisions',
      { questions: [{ subjectId: '00000000-0000-4000-8000-000000000000', purpose: 'themes' }] },
      'marketer',
    );
    expect(res.json().answers[0]).toMatchObject({ allow: false, reasons: [{ code: 'subject.unknown' }] });
    const big = Array.from({ length: 1001 }, () => ({ subjectId: sid, purpose: 'themes' }));
    expectProblem(await post('/v1/decisions', { questions: big }, 'marketer'), 400, 'REQUEST_INVALID');
  });

  it('keeps the ledgers append-only and the audit chain intact', async () => {
    await expect(t.deps.db.query("UPDATE consent_events SET state = 'given'")).rejects.toThrow(/append-only/);
    await expect(t.deps.db.query('DELETE FROM objection_events')).rejects.toThrow(/append-only/);
    expect((await verifyAudit(t.deps.db)).ok).toBe(true);
  });
});
