// What the framework answers before a route runs is problem+json like everything else: a URL that
// is not validly encoded, an over-long path segment, an unknown path, a method the path does not
// serve (405 with Allow, from the route declarations), headers over 16 KB, a URL over 16 KB, an
// HTTP/1.1 request without one Host header, an Expect other than 100-continue, a CONNECT,
// malformed HTTP: sent on a raw socket where Node's own server would otherwise answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/routes.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';
import { rawExchange } from '../support/raw-http.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const SAMPLE = '00000000-0000-4000-8000-000000000000';

/** The methods each declared path serves, from ROUTES alone (HEAD comes with GET). */
function declaredMethods(): Map<string, string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const r of ROUTES) {
    const set = byPath.get(r.url) ?? new Set<string>();
    set.add(r.method);
    if (r.method === 'GET') set.add('HEAD');
    byPath.set(r.url, set);
  }
  return new Map([...byPath].map(([url, set]) => [url, [...set].sort()]));
}

describe('framework errors', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await testApp('pglite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(() => t.dispose());

  it.each(['/v1/subjects/%ff', '/v1/subjects/%E0%A4%A', '/v1/subjects/%ED%A0%80/consents'])(
    'a path that is not validly percent-encoded (%s) answers 400 problem+json',
    async (url) => {
      expectProblem(await t.app.inject({ method: 'GET', url, headers: t.as('admin') }), 400, 'URL_INVALID');
    },
  );

  it('a query string that is not validly percent-encoded answers 400 problem+json, not replacement text', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/processor/features?purpose=some-purpose&after=%ff',
      headers: t.as('processor'),
    });
    expectProblem(res, 400, 'URL_INVALID');
  });

  it('a path segment over 100 characters answers 414 problem+json', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${'a'.repeat(101)}`,
      headers: t.as('admin'),
    });
    expectProblem(res, 414, 'PATH_SEGMENT_TOO_LONG');
  });

  it('an unknown path answers 404 problem+json, for any method', async () => {
    for (const method of METHODS) {
      const res = await t.app.inject({ method, url: '/v1/nothing-here' });
      expect(res.statusCode).toBe(404);
      if (method !== 'HEAD') expectProblem(res, 404, 'NOT_FOUND');
    }
  });

  it('every declared path answers a method it does not serve with 405 and Allow, from the declarations', async () => {
    for (const [url, allowed] of declaredMethods()) {
      const path = url.replace(/:\w+/g, (p) =>
        p === ':theme' || p === ':topic' ? 'x' : p === ':holdId' ? '1' : SAMPLE,
      );
      for (const method of METHODS.filter((m) => !allowed.includes(m))) {
        const res = await t.app.inject({ method, url: path, headers: t.as('admin') });
        expect(res.statusCode, `${method} ${url}`).toBe(405);
        expect(res.headers.allow, `${method} ${url}`).toBe(allowed.join(', '));
        if (method !== 'HEAD') expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      }
    }
  });

  /** The status line and the problem's code, from a raw answer. */
  const answered = (answer: string) => {
    expect(answer).toMatch(/^content-type: application\/problem\+json/im);
    return [answer.split('\r\n')[0], JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).code];
  };

  it('headers over 16 KB answer 431 problem+json', async () => {
    const answer = await rawExchange(
      port,
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answered(answer)).toEqual(['HTTP/1.1 431 Request Header Fields Too Large', 'HEADERS_TOO_LARGE']);
  });

  it('an HTTP/1.1 request without a Host header, or with two, answers 400 problem+json, not an empty 400', async () => {
    for (const head of [
      'GET /health HTTP/1.1',
      'GET /nothing-here HTTP/1.1',
      'GET /health HTTP/1.1\r\nHost: a\r\nHost: b',
    ]) {
      const answer = await rawExchange(port, `${head}\r\nConnection: close\r\n\r\n`);
      expect(answered(answer), head).toEqual(['HTTP/1.1 400 Bad Request', 'HOST_INVALID']);
    }
    // HTTP/1.0 did not require a Host header, and an empty one is valid.
    expect(await rawExchange(port, 'GET /health HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    const empty = await rawExchange(port, 'GET /health HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n');
    expect(empty).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a URL over 16 KB answers 414 problem+json, not 431, on a known path or not', async () => {
    for (const path of ['/health', '/v1/subjects', '/nothing-here']) {
      const url = `${path}?q=${'a'.repeat(20_000)}`;
      const answer = await rawExchange(port, `GET ${url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answered(answer), path).toEqual(['HTTP/1.1 414 URI Too Long', 'URL_TOO_LONG']);
    }
    const res = await t.app.inject({ method: 'GET', url: `/health?q=${'a'.repeat(20_000)}` });
    expectProblem(res, 414, 'URL_TOO_LONG');
  });

  it('headers far over what the parser reads still answer 431 problem+json', async () => {
    const answer = await rawExchange(
      port,
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(100_000)}\r\n\r\n`,
    );
    expect(answered(answer)).toEqual(['HTTP/1.1 431 Request Header Fields Too Large', 'HEADERS_TOO_LARGE']);
  });

  it('an Expect other than 100-continue answers 417 problem+json; a CONNECT 405 problem+json', async () => {
    const expectation = await rawExchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\nExpect: x\r\n\r\n');
    expect(answered(expectation)).toEqual(['HTTP/1.1 417 Expectation Failed', 'EXPECTATION_FAILED']);
    const tunnel = await rawExchange(
      port,
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
    );
    expect(answered(tunnel)).toEqual(['HTTP/1.1 405 Method Not Allowed', 'METHOD_NOT_ALLOWED']);
  });

  it('malformed HTTP answers 400 problem+json', async () => {
    const answer = await rawExchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).code).toBe('REQUEST_INVALID');
  });

  it('a body too large, an unsupported media type and invalid JSON answer problem+json', async () => {
    const post = (payload: string, type: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/subjects',
        headers: { ...t.as('admin'), 'content-type': type },
        payload,
      });
    expectProblem(await post(`"${'x'.repeat(1024 * 1024 + 1)}"`, 'application/json'), 413, 'BODY_TOO_LARGE');
    expectProblem(
      await post('lifecycle=prospect', 'application/x-www-form-urlencoded'),
      415,
      'MEDIA_TYPE_UNSUPPORTED',
    );
    expectProblem(await post('{"lifecycle":', 'application/json'), 400, 'BODY_INVALID_JSON');
  });
});
