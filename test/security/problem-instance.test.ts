// RFC 9457 `instance` names the request that failed, as the client sent it: the path, never the
// route template and never the query string (which may carry an e-mail address or a session
// key). Every way a problem is answered is walked: a route's GardeError, schema and input-guard
// refusals, the router's errors, not found, 405, the head's limits, body parsing, rate limits,
// and what is written on the bare socket.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';
import { rawExchange } from '../support/raw-http.ts';

const ID = '00000000-0000-4000-8000-000000000000';
// Personal data and a key in the query: none of it may come back in a problem.
const QUERY = '?email=ann.smith%40example.org&access_token=garde_000000000000_secret';

function expectInstance(res: LightMyRequestResponse, status: number, code: string, instance: string) {
  const body = expectProblem(res, status, code);
  expect(body.instance, `${status} ${code}`).toBe(instance);
  // A refused field may be named (`unknown field "access_token"`), never its value.
  expect(res.body).not.toMatch(/ann\.smith|example\.org|_secret|:id/);
}

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('problem instance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(() => t.dispose());
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  it("a problem's instance names the request, never its query", async () => {
    const subject = `/v1/subjects/${ID}`;
    // A route's own error (GardeError), before and after authentication (the key in the URL is
    // read, and refused: only a session key may come there).
    expectInstance(await get(subject + QUERY), 401, 'AUTH_INVALID', subject);
    expectInstance(await get(subject + QUERY, t.as('admin')), 404, 'SUBJECT_NOT_FOUND', subject);
    // The schema (validation) and the input guard.
    expectInstance(
      await get(`/v1/subjects${QUERY}&limit=0`, t.as('admin')),
      400,
      'REQUEST_INVALID',
      '/v1/subjects',
    );
    const badEscape = '/v1/subjects?email=ann.smith%40example.org&after=%ff';
    expectInstance(await get(badEscape, t.as('admin')), 400, 'URL_INVALID', '/v1/subjects');
    // The router, not found and a method the path does not serve.
    expectInstance(
      await get(`/v1/subjects/%ff${QUERY}`, t.as('admin')),
      400,
      'URL_INVALID',
      // RFC 3986 §2.1: the escape the client sent, in upper case.
      '/v1/subjects/%FF',
    );
    expectInstance(await get(`/v1/nothing/here${QUERY}`), 404, 'NOT_FOUND', '/v1/nothing/here');
    const put = await t.app.inject({ method: 'PUT', url: subject + QUERY, headers: t.as('admin') });
    expectInstance(put, 405, 'METHOD_NOT_ALLOWED', subject);
    // The head's limits, and the body.
    expectInstance(await get(`/health${QUERY}&q=${'a'.repeat(17_000)}`), 414, 'URL_TOO_LONG', '/health');
    const padded = await get(`/health${QUERY}`, { 'x-padding': 'a'.repeat(17_000) });
    expectInstance(padded, 431, 'HEADERS_TOO_LARGE', '/health');
    const post = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects${QUERY}`,
      headers: { ...t.as('admin'), 'content-type': 'application/json' },
      payload: '{"lifecycle":',
    });
    expectInstance(post, 400, 'BODY_INVALID_JSON', '/v1/subjects');
  });

  it('a rate-limited request, a routed one or not, names its path and says when to retry in Retry-After', async () => {
    const app = await buildServer({ ...t.deps, config: { ...t.deps.config, clientRateLimitPerMinute: 1 } });
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      const named = [
        ['/v1/subjects', '/v1/subjects'],
        ['/v1/subjects/%ff', '/v1/subjects/%FF'],
        ['/nothing-here', '/nothing-here'],
      ];
      for (const [path, instance] of named as [string, string][]) {
        const res = await app.inject({ method: 'GET', url: path + QUERY });
        expectInstance(res, 429, 'RATE_LIMITED', instance);
        expect(Number(res.headers['retry-after']), path).toBe(res.json().retryAfter);
        expect(res.json().retryAfter).toBeGreaterThan(0);
      }
    } finally {
      await app.close();
    }
  });

  it('on the bare socket: an unmet Expect names its path; HTTP the parser refused names none', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const expectation = await rawExchange(
      port,
      `GET /health${QUERY} HTTP/1.1\r\nHost: x\r\nExpect: x\r\n\r\n`,
    );
    expect(bodyOf(expectation)).toMatchObject({ code: 'EXPECTATION_FAILED', instance: '/health' });
    expect(expectation).not.toContain('example.org');
    const malformed = await rawExchange(
      port,
      `GET /health${QUERY} HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`,
    );
    expect(bodyOf(malformed).code).toBe('REQUEST_INVALID');
    expect(bodyOf(malformed)).not.toHaveProperty('instance');
  });
});
