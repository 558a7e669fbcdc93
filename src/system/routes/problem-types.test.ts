import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { ERRORS, type ErrorCode, problem } from '../../platform/errors.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('problem types over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(() => t.dispose());

  it("every problem's type is documented at the path of its type URI, without a key", async () => {
    for (const code of Object.keys(ERRORS) as ErrorCode[]) {
      const { type } = problem(code);
      const res = await t.app.inject({ method: 'GET', url: new URL(type).pathname });
      expect(res.statusCode, code).toBe(200);
      const { status, title, cause, fix } = ERRORS[code];
      expect(res.json()).toEqual({ type, code, status, title, cause, fix });
    }
  });

  it('a browser following a type gets a page; an API client gets JSON; the answer varies by Accept', async () => {
    const get = (accept?: string) =>
      t.app.inject({ method: 'GET', url: '/problems/cap-reached', headers: accept ? { accept } : {} });
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
      const res = await get(accept);
      expect(res.headers['content-type'], accept).toMatch(/^application\/json/);
      expect(res.json().code).toBe('CAP_REACHED');
      expect(res.headers.vary).toMatch(/accept/i);
    }
    for (const accept of [BROWSER, 'text/html']) {
      const page = await get(accept);
      expect(page.headers['content-type'], accept).toBe('text/html; charset=utf-8');
      expect(page.headers.vary).toMatch(/accept/i);
      expect(page.body).toContain(`<h1>${ERRORS.CAP_REACHED.title}</h1>`);
      expect(page.body).toContain('<a href="../problems">');
    }
  });

  it('GET /problems lists every type, as JSON or as a page with a section per slug', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/problems' });
    expect(
      list
        .json()
        .items.map((p: { code: string }) => p.code)
        .sort(),
    ).toEqual(Object.keys(ERRORS).sort());
    const page = await t.app.inject({ method: 'GET', url: '/problems', headers: { accept: BROWSER } });
    expect(page.body).toContain('<section id="rate-limited">');
    expect(page.body).toContain('<a href="problems/rate-limited">');
  });

  it('an unknown problem type answers 404 problem+json PROBLEM_TYPE_NOT_FOUND, to a browser too', async () => {
    for (const headers of [{}, { accept: BROWSER }]) {
      const res = await t.app.inject({ method: 'GET', url: '/problems/no-such-thing', headers });
      expect(expectProblem(res, 404, 'PROBLEM_TYPE_NOT_FOUND').instance).toBe('/problems/no-such-thing');
    }
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/problems/CAP_REACHED' }),
      404,
      'PROBLEM_TYPE_NOT_FOUND',
    );
  });
});
