import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/support/http.ts';

describe.each([
  ['policies/retail-bank.yaml', ['themes', 'subscriptions', 'tracking', 'communications', 'products']],
  ['policies/energy-services.yaml', ['communications', 'products']],
])('the published notice under %s', (policy, declared) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite', { policy });
  });
  afterAll(() => t.dispose());

  it('names the optional features the policy declares, and no other, so the privacy page offers only those views', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/policy/controller' });
    expect(res.statusCode).toBe(200);
    expect(res.json().features).toEqual(declared);
  });
});
