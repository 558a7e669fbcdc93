// Least privilege, walked over every route Garde serves: no key -> 401, a wrong key -> 401,
// every role not listed -> 403, before any body is looked at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, STAFF_ROLES } from '../../src/keys/model.ts';
import { ROUTES } from '../../src/routes.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const urlOf = (url: string, id = SAMPLE_ID) =>
  url
    .replaceAll(':id', id)
    .replaceAll(':holdingId', SAMPLE_ID)
    .replaceAll(':requestId', SAMPLE_ID)
    .replaceAll(':theme', 'vacances');
const protectedRoutes = ROUTES.filter((r) => r.roles !== 'public');

describe('route x role matrix', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(() => t.dispose());

  it("every route declares its roles; only health, readiness, the GPC statement, the privacy notice and its machine-readable form, the notice's controller and contacts, its purposes, subscriptions, themes and product names, the tracker files, the problem types, the privacy link's landing and the console's sign-in are public", () => {
    expect(
      ROUTES.filter((r) => r.roles === 'public')
        .map((r) => r.url)
        .sort(),
    ).toEqual([
      '/.well-known/gpc.json',
      '/demo/tracker',
      '/health',
      '/notice',
      // The machine-readable notice (Art. 12(7)): as public as the notice.
      '/notice.jsonld',
      '/privacy/session',
      '/problems',
      '/problems/:slug',
      '/ready',
      '/sdk/demo.js',
      '/sdk/garde-tracker.js',
      '/v1/console/oidc/callback',
      '/v1/console/oidc/start',
      '/v1/console/sessions',
      '/v1/console/sign-in',
      // A system's callback: believed only when signed with the dataset's secret (Standard Webhooks).
      '/v1/datasets/:dataset/callbacks',
      '/v1/policy/controller',
      '/v1/policy/products',
      '/v1/policy/purposes',
      '/v1/policy/subscriptions',
      '/v1/policy/themes',
    ]);
    for (const r of protectedRoutes) expect((r.roles as string[]).length).toBeGreaterThan(0);
  });

  for (const r of protectedRoutes) {
    const refused = ROLES.filter((role) => !(r.roles as readonly string[]).includes(role));
    it(`${r.method} ${r.url}: 401 without a key or with a wrong one, 403 for ${refused.join(', ') || 'no role'}`, async () => {
      const payload = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      expectProblem(
        await t.app.inject({ method: r.method, url: urlOf(r.url), payload }),
        401,
        'AUTH_MISSING',
      );
      const bogus = { authorization: `Bearer garde_000000000000_${'A'.repeat(43)}` };
      expectProblem(
        await t.app.inject({ method: r.method, url: urlOf(r.url), headers: bogus, payload }),
        401,
        'AUTH_INVALID',
      );
      for (const role of refused) {
        const res = await t.app.inject({ method: r.method, url: urlOf(r.url), headers: t.as(role), payload });
        expectProblem(res, 403, 'ROLE_FORBIDDEN');
      }
    });
  }

  for (const r of protectedRoutes.filter((x) => (x.roles as readonly string[]).includes('customer'))) {
    it(`${r.method} ${r.url}: a customer key reaches only its own subject`, async () => {
      if (!r.url.includes(':id')) return;
      expect(r.subjectScoped).toBe(true);
      const payload = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      const other = await t.app.inject({
        method: r.method,
        url: urlOf(r.url),
        headers: t.as('customer'),
        payload,
      });
      expectProblem(other, 404, 'SUBJECT_NOT_FOUND');
      const own = await t.app.inject({
        method: r.method,
        url: urlOf(r.url, t.customerId),
        headers: t.as('customer'),
        payload,
      });
      expect(own.statusCode).not.toBe(401);
      expect(own.statusCode).not.toBe(403);
      if (String(own.headers['content-type']).includes('json'))
        expect(own.json().code).not.toBe('SUBJECT_NOT_FOUND');
      else expect(own.statusCode).toBe(200);
    });
  }

  it('BK-13: an agent reaches the customer search, themes, offers, the contact check and the contact log, never events, interests or the full identity record', () => {
    const agent = protectedRoutes
      .filter((r) => (r.roles as readonly string[]).includes('agent'))
      .map((r) => `${r.method} ${r.url}`);
    expect(agent).toEqual(
      expect.arrayContaining([
        'GET /v1/subject-search',
        'GET /v1/subjects/:id/themes',
        'GET /v1/subjects/:id/holdings',
        'GET /v1/subjects/:id/offers',
        'GET /v1/subjects/:id/contact-check',
        'GET /v1/contact-options',
        'POST /v1/subjects/:id/contacts',
      ]),
    );
    for (const refused of [
      'GET /v1/subjects/:id/events',
      'GET /v1/subjects/:id/interests',
      'DELETE /v1/subjects/:id/interests/:topic',
      'GET /v1/subjects/:id',
      'GET /v1/subjects',
    ])
      expect(agent).not.toContain(refused);
  });

  it('an agent is refused events and interests by the running server (403), and may search', async () => {
    for (const url of [`/v1/subjects/${t.customerId}/events`, `/v1/subjects/${t.customerId}/interests`])
      expectProblem(
        await t.app.inject({ method: 'GET', url, headers: t.as('agent') }),
        403,
        'ROLE_FORBIDDEN',
      );
    const search = await t.app.inject({
      method: 'GET',
      url: '/v1/subject-search?q=nobody',
      headers: t.as('agent'),
    });
    expect(search.statusCode).toBe(200);
  });

  // Issue 15: a console session is its role, no more. Signed in once per staff role, walked over
  // every route: each route its role is not listed on is 403, a change with its CSRF token too.
  for (const role of STAFF_ROLES) {
    it(`a ${role}'s console session is refused every route the ${role} role is not listed on`, async () => {
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/v1/console/sessions',
        headers: { 'sec-fetch-site': 'same-origin' },
        payload: { key: t.keys[role] },
      });
      const cookie = String(signIn.headers['set-cookie']).split(';')[0] as string;
      const headers = { cookie, 'x-csrf-token': signIn.json().csrfToken, 'sec-fetch-site': 'same-origin' };
      for (const r of protectedRoutes.filter((x) => !(x.roles as readonly string[]).includes(role))) {
        const payload = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
        const res = await t.app.inject({ method: r.method, url: urlOf(r.url), headers, payload });
        expect([r.url, res.statusCode, res.json().code]).toEqual([r.url, 403, 'ROLE_FORBIDDEN']);
      }
    });
  }

  it('a revoked key is refused from the next request on', async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/keys',
        headers: t.as('admin'),
        payload: { role: 'dpo' },
      })
    ).json();
    const h = { authorization: `Bearer ${created.key}` };
    expect((await t.app.inject({ method: 'GET', url: '/v1/subjects', headers: h })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/v1/keys/${created.info.id}`, headers: t.as('admin') }))
        .statusCode,
    ).toBe(204);
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/v1/subjects', headers: h }),
      401,
      'AUTH_INVALID',
    );
  });

  it('stores only hashes of keys', async () => {
    const rows = await t.deps.db.query<{ hash: Uint8Array; prefix: string }>(
      'SELECT hash, prefix FROM api_keys',
    );
    for (const key of Object.values(t.keys)) {
      expect(rows.rows.some((r) => Buffer.from(r.hash).toString('latin1').includes(key))).toBe(false);
    }
    const listed = (await t.app.inject({ method: 'GET', url: '/v1/keys', headers: t.as('admin') })).body;
    for (const key of Object.values(t.keys)) expect(listed).not.toContain(key);
  });

  it('rate-limits per key with a problem+json 429', async () => {
    const limited = await testApp('pglite', { rateLimitPerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++)
        codes.push(
          (await limited.app.inject({ method: 'GET', url: '/v1/subjects', headers: limited.as('dpo') }))
            .statusCode,
        );
      expect(codes).toEqual([200, 200, 200, 429]);
      const res = await limited.app.inject({
        method: 'GET',
        url: '/v1/subjects',
        headers: limited.as('dpo'),
      });
      expectProblem(res, 429, 'RATE_LIMITED');
    } finally {
      await limited.dispose();
    }
  });
});
