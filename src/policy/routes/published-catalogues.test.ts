import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { localized } from '../../words/words.ts';

describe('GET /v1/policy/subscriptions, /v1/policy/themes and /v1/policy/products', () => {
  let t: TestApp;
  let energy: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
    energy = await testApp('pglite', { policy: 'policies/energy-services.yaml' });
  }, 180_000);
  afterAll(async () => {
    await t.dispose();
    await energy.dispose();
  });
  const get = (app: TestApp, url: string) => app.app.inject({ method: 'GET', url });

  it('publishes to anyone each subscription the policy offers, its kind and its description in the asked language (BK-8)', async () => {
    const res = await get(t, '/v1/policy/subscriptions?language=nl');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('nl');
    const policy = t.deps.policy;
    expect(res.json().items).toEqual(
      (policy.subscriptions ?? []).map((s) => ({
        id: s.id,
        kind: s.kind,
        description: localized(policy, s.description, 'nl'),
      })),
    );
  });

  it('publishes the themes by name, and the purposes that use theme links, from the category that stores them (BK-6)', async () => {
    const body = (await get(t, '/v1/policy/themes?language=fr')).json();
    const policy = t.deps.policy;
    expect(body.items).toEqual(
      (policy.themes ?? []).map((x) => ({ id: x.id, name: localized(policy, x.name, 'fr') })),
    );
    const using = policy.purposes.filter((p) => p.categories.includes('themes'));
    expect(using.length).toBeGreaterThan(0);
    expect(body.usedFor).toEqual(
      using.map((p) => ({
        purpose: p.id,
        description: localized(policy, p.description, 'fr'),
        needsConsent: p.legalBasis === 'consent',
      })),
    );
  });

  it('publishes the name of each product, and nothing else of it', async () => {
    const body = (await get(t, '/v1/policy/products?language=en')).json();
    const policy = t.deps.policy;
    expect(body.items).toEqual(
      (policy.products ?? []).map((p) => ({ id: p.id, name: localized(policy, p.name, 'en') })),
    );
  });

  it('under a policy without subscriptions or themes, those catalogues answer 404 FEATURE_NOT_DECLARED', async () => {
    expectProblem(await get(energy, '/v1/policy/subscriptions'), 404, 'FEATURE_NOT_DECLARED');
    expectProblem(await get(energy, '/v1/policy/themes'), 404, 'FEATURE_NOT_DECLARED');
  });

  it('refuses a malformed language with a 400 problem', async () => {
    for (const url of ['/v1/policy/subscriptions', '/v1/policy/themes', '/v1/policy/products'])
      expect((await get(t, `${url}?language=french`)).statusCode).toBe(400);
  });
});
