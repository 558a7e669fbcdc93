// Issue 13: texts and labels in any language the policy declares. A policy that speaks German
// gets Garde's German words everywhere a person or staff reads them; a policy that speaks
// Italian, which Garde does not, supplies its own words and they are used; a language nobody
// asked for falls back on the policy's first.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createSubject } from '../../src/subjects/subjects.ts';
import { DE } from '../../src/words/de.ts';
import { EN } from '../../src/words/en.ts';
import { BACKENDS } from '../support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';
import { fulfilEverywhere } from '../support/tasks.ts';

const SOURCE = 'policies/energy-services.yaml';
const folder = mkdtempSync(join(tmpdir(), 'garde-languages-'));

/** The energy company's policy, speaking `languages` only: each translated text becomes `make(english)`. */
function policyIn(
  name: string,
  languages: string[],
  make: (english: string) => Record<string, string>,
  extra: Record<string, unknown> = {},
): string {
  const doc = parse(readFileSync(SOURCE, 'utf8'));
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    if (typeof o.en === 'string' && Object.keys(o).every((k) => /^[a-z]{2}$/.test(k))) return make(o.en);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, walk(v)]));
  };
  const out = walk(doc) as Record<string, Record<string, unknown>>;
  out.policy = { ...out.policy, languages, ...((extra.policy as object) ?? {}) };
  const file = join(folder, `${name}.yaml`);
  writeFileSync(file, stringify({ ...out, ...extra, policy: out.policy }));
  return file;
}

async function customerIn(t: TestApp, language: string | null): Promise<string> {
  const s = await createSubject(
    t.deps,
    { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName: 'Anna', language } },
    'test',
  );
  return s.id;
}

/** A prospect who gave no consent: the policy's consent purpose is refused with consent.missing. */
async function prospectIn(t: TestApp, language: string | null): Promise<string> {
  const s = await createSubject(
    t.deps,
    {
      lifecycle: 'prospect',
      lastContactAt: '2026-06-01T00:00:00Z',
      identity: { givenName: 'Luca', language },
    },
    'test',
  );
  return s.id;
}

describe.each(BACKENDS)('a policy that speaks German, on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    const file = policyIn('german', ['de'], (en) => ({ de: `${en} (DE)` }));
    t = await testApp(backend, { policy: file });
  });
  afterAll(() => t.dispose());

  it('produces a German access report, page and data alike, and says so (Content-Language)', async () => {
    const sid = await customerIn(t, null);
    const json = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/access-report`,
      headers: t.as('dpo'),
    });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-language']).toBe('de');
    expect(json.json().language).toBe('de');
    const page = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/access-report?format=html`,
      headers: t.as('dpo'),
    });
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain(`<title>${DE['report.title']}</title>`);
    expect(page.body).toContain('Ihre personenbezogenen Daten bei');
    expect(page.body).toContain(DE['report.rights']);
    // The policy's codes as German labels, its durations in German words.
    expect(page.body).toContain(`(${DE['legalBasis.contract']})`);
    expect(page.body).toContain('1 Monat');
    expect(page.body).not.toMatch(/Your personal data|Why we use it|P1M/);
  });

  it('gives the decision point’s reasons in German', async () => {
    const sid = await prospectIn(t, 'de');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/decisions',
      headers: { ...t.as('agent'), 'accept-language': 'de-DE' },
      payload: { questions: [{ subjectId: sid, purpose: 'marketing-email-prospects' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('de');
    const [answer] = res.json().answers;
    expect(answer.allow).toBe(false);
    for (const r of answer.reasons) expect(r.text).toBe(DE[`reason.${r.code}` as keyof typeof DE]);
  });

  it('warns in German that erasure ends the contract (EN-13)', async () => {
    const sid = await customerIn(t, 'de');
    const r = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${sid}/rights-requests`,
      headers: t.as('dpo'),
      payload: { kind: 'erasure', channel: 'portal' },
    });
    expect(r.statusCode).toBe(201);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/v1/rights-requests/${r.json().id}/fulfilment`,
      headers: t.as('dpo'),
      payload: {},
    });
    const problem = expectProblem(refused, 409, 'ERASURE_ENDS_CONTRACT');
    expect(problem).toMatchObject({ contractImpact: DE['rights.erasureEndsContract'], language: 'de' });
  });

  it('answers a language the policy does not declare in its first one (ja -> de)', async () => {
    const sid = await customerIn(t, 'ja');
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/access-report?language=ja`,
      headers: { ...t.as('dpo'), 'accept-language': 'ja, en;q=0.8' },
    });
    expect(res.headers['content-language']).toBe('de');
    expect(res.json().language).toBe('de');
  });
});

describe.each(BACKENDS)('a policy that speaks Italian and English, with its own words, on %s', (backend) => {
  let t: TestApp;
  const ITALIAN = {
    'report.title': 'I tuoi dati personali',
    'report.heldBy': 'I tuoi dati personali presso {controller}',
    'rights.erasureEndsContract': 'La cancellazione dei tuoi dati pone fine al contratto.',
    'reason.consent.missing': 'La persona non ha dato il consenso',
    'erasure.keptLegal': 'Conservati per obbligo di legge: {duration} da {clock}',
  };
  beforeAll(async () => {
    const file = policyIn('italian', ['it', 'en'], (en) => ({ it: `${en} (IT)`, en }), {
      // Garde's other words read in English, as the policy declares; and one English word of its own.
      policy: { fallbacks: { it: 'en' } },
      texts: { it: ITALIAN, en: { 'report.title': 'Your data, as we hold it' } },
    });
    t = await testApp(backend, { policy: file });
  });
  afterAll(() => t.dispose());

  it('uses the words the policy supplies, and its declared fallback for the rest', async () => {
    const sid = await customerIn(t, 'it');
    const page = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/access-report?format=html`,
      headers: t.as('dpo'),
    });
    expect(page.headers['content-language']).toBe('it');
    expect(page.body).toContain('<html lang="it">');
    expect(page.body).toContain('<title>I tuoi dati personali</title>');
    expect(page.body).toContain('<h1>I tuoi dati personali presso ');
    expect(page.body).toContain(EN['report.howLong']);
    expect(page.body).toContain('(IT)');
    const r = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${sid}/rights-requests`,
      headers: t.as('dpo'),
      payload: { kind: 'erasure', channel: 'portal' },
    });
    const refused = await t.app.inject({
      method: 'POST',
      url: `/v1/rights-requests/${r.json().id}/fulfilment`,
      headers: t.as('dpo'),
      payload: {},
    });
    expect(expectProblem(refused, 409, 'ERASURE_ENDS_CONTRACT')).toMatchObject({
      contractImpact: ITALIAN['rights.erasureEndsContract'],
      language: 'it',
    });
  });

  it('tells the person, in their language, why an erasure keeps data under a legal obligation (Art. 17(3)(b), 12(4))', async () => {
    const sid = await customerIn(t, 'en');
    const r = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${sid}/rights-requests`,
      headers: t.as('dpo'),
      payload: { kind: 'erasure', channel: 'portal' },
    });
    const done = await fulfilEverywhere(t, r.json().id, { confirmContractEnd: true });
    expect(done.statusCode).toBe(200);
    expect(done.headers['content-language']).toBe('en');
    // English, the person's language, though the policy's first language has words of its own.
    expect(done.json().outcome.kept).toContainEqual(
      expect.objectContaining({
        category: 'identification',
        reason: 'Kept under a legal obligation: 10 years from the end of the contract',
      }),
    );
  });

  it('overrides a built-in word where the policy gives its own', async () => {
    const sid = await customerIn(t, 'en');
    const page = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/access-report?format=html`,
      headers: t.as('dpo'),
    });
    expect(page.headers['content-language']).toBe('en');
    expect(page.body).toContain('<title>Your data, as we hold it</title>');
  });

  it('gives staff reasons in the language they ask for, the policy’s first when they ask for none', async () => {
    const sid = await prospectIn(t, 'en');
    const ask = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/decisions',
        headers: { ...t.as('agent'), ...headers },
        payload: { questions: [{ subjectId: sid, purpose: 'marketing-email-prospects' }] },
      });
    const none = await ask({});
    expect(none.headers['content-language']).toBe('it');
    expect(none.json().answers[0].reasons[0]).toEqual({
      code: 'consent.missing',
      text: ITALIAN['reason.consent.missing'],
    });
    const english = await ask({ 'accept-language': 'fr;q=0.9, en-GB;q=0.8, *;q=0.1' });
    expect(english.headers['content-language']).toBe('en');
    expect(english.json().answers[0].reasons[0].text).toBe(EN['reason.consent.missing']);
  });
});
