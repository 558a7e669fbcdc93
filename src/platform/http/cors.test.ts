// CORS answers browsers on the configured origins for the tracker's script and routes only; no
// other route, and no other origin, gets a CORS header. (The browser side: test/browser/
// tracker-cross-origin.test.ts.)
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';

const SITE = 'https://bank.example';
const OTHER = 'https://evil.example';
const TRACKER_ROUTES = ['/v1/events', '/v1/tracking/signals'];

const preflight = (origin: string, method = 'POST', headers = 'authorization,content-type') => ({
  origin,
  'access-control-request-method': method,
  'access-control-request-headers': headers,
});
const varies = (res: LightMyRequestResponse) =>
  String(res.headers.vary ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .includes('origin');
const corsHeaders = (res: LightMyRequestResponse) =>
  Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));

describe('CORS for the tracker (GARDE_CORS_ORIGINS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite', { corsOrigins: [SITE] });
  });
  afterAll(() => t.dispose());

  it.each(TRACKER_ROUTES)('a preflight from an allowed origin for POST %s is answered 204', async (url) => {
    const res = await t.app.inject({ method: 'OPTIONS', url, headers: preflight(SITE) });
    expect(res.statusCode).toBe(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': SITE,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'authorization, content-type, idempotency-key',
      'access-control-max-age': '7200',
    });
    // A bearer token, never a cookie: credentials are not allowed.
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(varies(res)).toBe(true);
  });

  it.each(TRACKER_ROUTES)(
    'a preflight from another origin gets no CORS header, and no 5xx (%s)',
    async (url) => {
      const res = await t.app.inject({ method: 'OPTIONS', url, headers: preflight(OTHER) });
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(corsHeaders(res)).toEqual([]);
      expect(varies(res)).toBe(true);
    },
  );

  it('an OPTIONS that is no preflight is answered as before: 405 with Allow', async () => {
    for (const headers of [{}, { origin: SITE }]) {
      const res = await t.app.inject({ method: 'OPTIONS', url: '/v1/events', headers });
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe('POST');
      expect(corsHeaders(res)).toEqual([]);
    }
    expectProblem(
      await t.app.inject({ method: 'OPTIONS', url: '/v1/nothing-here', headers: preflight(SITE) }),
      404,
      'NOT_FOUND',
    );
  });

  it('the SDK script is readable from an allowed origin, and loadable as a resource from any', async () => {
    const allowed = await t.app.inject({
      method: 'GET',
      url: '/sdk/garde-tracker.js',
      headers: { origin: SITE },
    });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(SITE);
    expect(allowed.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(varies(allowed)).toBe(true);
    // The other security headers stay.
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    expect(allowed.headers['content-security-policy']).toBeDefined();
    const other = await t.app.inject({
      method: 'GET',
      url: '/sdk/garde-tracker.js',
      headers: { origin: OTHER },
    });
    expect(corsHeaders(other)).toEqual([]);
    expect(varies(other)).toBe(true);
  });

  it('the answers of the tracker routes, errors included, are readable by an allowed origin, Retry-After too', async () => {
    const refused = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { origin: SITE, 'content-type': 'application/json' },
      payload: '[]',
    });
    expectProblem(refused, 401, 'AUTH_MISSING');
    expect(refused.headers['access-control-allow-origin']).toBe(SITE);
    expect(refused.headers['access-control-expose-headers']).toBe('retry-after');
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { origin: SITE, ...t.as('customer') },
      payload: [{ kind: 'simulation-run', topic: 'pension', occurredAt: '2026-06-15T09:00:00Z' }],
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.headers['access-control-allow-origin']).toBe(SITE);
    expect(accepted.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('a page that varies on the reader’s language still varies on Origin (the demo page)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/demo/tracker',
      headers: { origin: SITE, 'accept-language': 'nl' },
    });
    expect(res.headers['content-language']).toBe('nl');
    expect(varies(res)).toBe(true);
    expect(String(res.headers.vary).toLowerCase()).toContain('accept-language');
  });

  it('no other route answers CORS, to an allowed origin or any', async () => {
    for (const origin of [SITE, OTHER]) {
      const get = await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${t.customerId}`,
        headers: { origin, ...t.as('admin') },
      });
      expect(get.statusCode).toBe(200);
      expect(corsHeaders(get)).toEqual([]);
      const pre = await t.app.inject({
        method: 'OPTIONS',
        url: `/v1/subjects/${t.customerId}`,
        headers: preflight(origin, 'GET', 'authorization'),
      });
      expectProblem(pre, 405, 'METHOD_NOT_ALLOWED');
      expect(corsHeaders(pre)).toEqual([]);
      for (const url of ['/demo/tracker', '/sdk/demo.js', '/health', '/openapi.json']) {
        const res = await t.app.inject({ method: 'GET', url, headers: { origin } });
        expect(corsHeaders(res), url).toEqual([]);
      }
    }
  });
});

describe('CORS when GARDE_CORS_ORIGINS is unset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(() => t.dispose());

  it('no origin may call the tracker from a browser', async () => {
    const pre = await t.app.inject({ method: 'OPTIONS', url: '/v1/events', headers: preflight(SITE) });
    expectProblem(pre, 405, 'METHOD_NOT_ALLOWED');
    expect(corsHeaders(pre)).toEqual([]);
    const script = await t.app.inject({
      method: 'GET',
      url: '/sdk/garde-tracker.js',
      headers: { origin: SITE },
    });
    expect(corsHeaders(script)).toEqual([]);
  });
});

describe('CORS on a rate-limited tracker route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite', { corsOrigins: [SITE], rateLimitPerMinute: 1 });
  });
  afterAll(() => t.dispose());

  it("a key's 429 is readable by the allowed origin, Retry-After included, so the SDK waits as told", async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { origin: SITE, ...t.as('customer') },
        payload: [{ kind: 'simulation-run', topic: 'pension', occurredAt: '2026-06-15T09:00:00Z' }],
      });
    expect((await send()).statusCode).toBe(200);
    const limited = await send();
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(limited.headers).toMatchObject({
      'access-control-allow-origin': SITE,
      'access-control-expose-headers': 'retry-after',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
