// One API for every policy; a route serving a part of the policy the controller did not write
// answers a problem that says so, never an empty success or a 500 (issue 13, part 3).
// docs/architecture.md ("One API for every policy") explains the choice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/keys/model.ts';
import type { AnyRoute } from '../../src/platform/http/route.ts';
import { ROUTES } from '../../src/routes.ts';
import { BACKENDS } from '../support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';

const GATED_TAGS = ['themes', 'subscriptions', 'tracking', 'communications'];
// Static files: the SDK, its demo script, and the demo page, which says the policy records nothing.
const STATIC = new Set(['getTrackerScript', 'getTrackerDemoScript', 'getTrackerDemoPage']);
const UUID = '00000000-0000-4000-8000-000000000000';

/** A request the route would otherwise take: a role it admits, its path filled in. */
function requestFor(t: TestApp, def: AnyRoute) {
  const roles = def.roles === 'public' ? [] : def.roles;
  const role: Role = roles.includes('admin') ? 'admin' : (roles[0] as Role);
  const url = def.url
    .replace(':id', def.subjectScoped || def.url.startsWith('/v1/subjects/') ? t.customerId : UUID)
    .replace(':holdingId', UUID)
    .replace(/:[a-zA-Z]+/g, 'anything');
  return {
    method: def.method,
    url,
    headers: t.as(role),
    ...(def.method === 'GET' || def.method === 'DELETE' ? {} : { payload: {} }),
  };
}

describe('routes of parts the policy does not declare', () => {
  it('every themes, subscriptions, tracking and communications route names the part it serves', () => {
    const undeclared = ROUTES.filter(
      (r) => r.tags.some((t) => GATED_TAGS.includes(t)) && !STATIC.has(r.operationId) && !r.feature,
    ).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });
});

describe.each(BACKENDS)('under a policy with none of the optional parts, on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend, { policy: 'test/fixtures/minimal-policy.yaml' });
  });
  afterAll(() => t.dispose());

  const gated = ROUTES.filter((r) => r.feature);
  it.each(gated.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s answers 404 FEATURE_NOT_DECLARED, naming the part',
    async (_name, def) => {
      const res = await t.app.inject(requestFor(t, def));
      const body = expectProblem(res, 404, 'FEATURE_NOT_DECLARED');
      expect(body.detail).toBe(`The policy in force declares no ${def.feature}`);
    },
  );

  it("the instance's OpenAPI document lists no route of a part the policy leaves out", async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const served = (r: AnyRoute) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
    expect(listed).toEqual(expect.arrayContaining(ROUTES.filter((r) => !r.feature).map(served)));
    expect(listed.filter((op) => gated.map(served).includes(op))).toEqual([]);
    expect(doc.tags.map((tag: { name: string }) => tag.name)).not.toContain('themes');
  });

  it('a caller that may not use the route learns nothing more: 401 and 403 come first', async () => {
    const themes = await t.app.inject({ method: 'GET', url: `/v1/subjects/${t.customerId}/themes` });
    expectProblem(themes, 401, 'AUTH_MISSING');
    const campaigns = await t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.as('customer'),
      payload: {},
    });
    expectProblem(campaigns, 403, 'ROLE_FORBIDDEN');
  });
});

describe.each(BACKENDS)('under a policy that declares communications and products only, on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend, { policy: 'test/fixtures/telecom-policy.yaml' });
  });
  afterAll(() => t.dispose());

  it('its declared parts answer; themes, subscriptions and tracking say they are not declared', async () => {
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.as('admin') });
    expect((await get(`/v1/subjects/${t.customerId}/communications`)).statusCode).toBe(200);
    expect((await get(`/v1/subjects/${t.customerId}/offers`)).statusCode).toBe(200);
    for (const part of ['themes', 'subscriptions', 'events', 'interests'])
      expectProblem(await get(`/v1/subjects/${t.customerId}/${part}`), 404, 'FEATURE_NOT_DECLARED');
    const paths = Object.keys((await get('/openapi.json')).json().paths);
    expect(paths).toContain('/v1/subjects/{id}/communications');
    expect(paths.filter((p) => /themes|subscriptions/.test(p))).toEqual([]);
  });
});
