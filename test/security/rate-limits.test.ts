// Rate limits count every request: a budget per client address taken before authentication (so
// refused requests count), and a budget per key taken as soon as the key is known, whatever way
// the key is sent. 429 is problem+json with Retry-After.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { buildServer } from '../../src/server.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';

const expectLimited = (res: LightMyRequestResponse) => {
  expectProblem(res, 429, 'RATE_LIMITED');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
};

describe('rate limits', () => {
  let t: TestApp;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(() => t.dispose());
  afterEach(() => app.close());
  /** An app on the same database and keys, with these budgets (fresh counters). */
  const withLimits = async (limits: Partial<Config>) => {
    app = await buildServer({ ...t.deps, config: { ...t.deps.config, ...limits } });
  };

  const get = (url: string, headers: Record<string, string> = {}, remoteAddress = '203.0.113.7') =>
    app.inject({ method: 'GET', url, headers, remoteAddress });

  it('a client is counted before authentication: requests refused 401, 403, 404 and 405 count', async () => {
    await withLimits({ clientRateLimitPerMinute: 6 });
    const codes = [
      (await get('/v1/subjects')).statusCode,
      (await get('/v1/subjects', { authorization: 'Bearer garde_000000000000_nothing' })).statusCode,
      (await get('/v1/subjects', t.as('marketer'))).statusCode,
      (await get('/v1/nothing-here')).statusCode,
      (await app.inject({ method: 'PUT', url: '/v1/subjects', remoteAddress: '203.0.113.7' })).statusCode,
      (await get('/v1/subjects/%ff')).statusCode,
    ];
    expect(codes).toEqual([401, 401, 403, 404, 405, 400]);
    // Over budget: even a good key from this client waits, and so does an unknown path.
    expectLimited(await get('/v1/subjects', t.as('admin')));
    expectLimited(await get('/v1/nothing-here'));
    // Another client is not held back by this one.
    expect((await get('/v1/subjects', t.as('admin'), '198.51.100.9')).statusCode).toBe(200);
  });

  it('5,000 unauthenticated requests from one client meet 429 once the default budget is spent', async () => {
    const budget = loadConfig({}).clientRateLimitPerMinute;
    await withLimits({ clientRateLimitPerMinute: budget });
    const counts: Record<number, number> = {};
    for (let i = 0; i < 5000; i++) {
      const status = (await get('/v1/subjects')).statusCode;
      counts[status] = (counts[status] ?? 0) + 1;
    }
    expect(counts).toEqual({ 401: budget, 429: 5000 - budget });
  });

  it('a key over its budget stays limited however it is sent (X-Api-Key, bearer, extra spaces)', async () => {
    await withLimits({ rateLimitPerMinute: 3 });
    const key = t.keys.dpo;
    for (let i = 0; i < 3; i++) expect((await get('/v1/subjects', t.as('dpo'))).statusCode).toBe(200);
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${key}` },
      { 'x-api-key': key },
      { authorization: `bearer ${key}` },
      { authorization: `BEARER ${key}` },
      { authorization: `Bearer  ${key}` },
      { authorization: `Bearer\t${key} ` },
    ];
    for (const headers of variants) expectLimited(await get('/v1/subjects', headers));
    // From another address too: the budget belongs to the key, not to where it is used.
    expectLimited(await get('/v1/subjects', t.as('dpo'), '198.51.100.9'));
    // Another key keeps its own budget.
    expect((await get('/v1/subjects', t.as('admin'))).statusCode).toBe(200);
  });

  it("a known key's refused requests count against it too", async () => {
    await withLimits({ rateLimitPerMinute: 2 });
    expectProblem(await get('/v1/keys', t.as('dpo')), 403, 'ROLE_FORBIDDEN');
    expectProblem(
      await get('/v1/subjects/00000000-0000-4000-8000-000000000000', t.as('dpo')),
      404,
      'SUBJECT_NOT_FOUND',
    );
    expectLimited(await get('/v1/subjects', t.as('dpo')));
  });

  it('the auth scheme is case-insensitive and spacing does not matter; anything else is refused', async () => {
    await withLimits({});
    const key = t.keys.admin;
    for (const authorization of [`bearer ${key}`, `BEARER ${key}`, `Bearer  ${key}`, ` Bearer\t${key}  `])
      expect((await get('/v1/subjects', { authorization })).statusCode, authorization).toBe(200);
    expectProblem(await get('/v1/subjects', { authorization: `Basic ${key}` }), 401, 'AUTH_INVALID');
    expectProblem(await get('/v1/subjects', { authorization: `Bearer ${key} extra` }), 401, 'AUTH_INVALID');
    // Two different keys in one request: which one acts would be a guess.
    const both = { authorization: `Bearer ${key}`, 'x-api-key': t.keys.dpo };
    expectProblem(await get('/v1/subjects', both), 401, 'AUTH_INVALID');
  });

  it('behind trusted proxies, each forwarded client has its own budget; untrusted, none can pick one', async () => {
    await withLimits({ clientRateLimitPerMinute: 2, trustProxy: 1 });
    const via = (client: string) => get('/health', { 'x-forwarded-for': client }, '10.0.0.1');
    for (let i = 0; i < 2; i++) expect((await via('203.0.113.1')).statusCode).toBe(200);
    expectLimited(await via('203.0.113.1'));
    expect((await via('203.0.113.2')).statusCode).toBe(200);
    await app.close();
    await withLimits({ clientRateLimitPerMinute: 2 });
    for (let i = 0; i < 2; i++) expect((await via(`203.0.113.${i}`)).statusCode).toBe(200);
    expectLimited(await via('203.0.113.9'));
  });
});
