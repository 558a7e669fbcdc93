import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';

describe.each(BACKENDS)('POST /v1/keys bad input on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
  });
  afterAll(() => t.dispose());

  const keys = async () =>
    (await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys')).rows[0]?.n;
  const create = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/v1/keys', headers: t.as('admin'), payload });

  it.each([
    ['a scope no route reads', ['bogus'], '/scopes/0', '"bogus" is not a scope a processor key can hold'],
    [
      'a recipient the policy does not declare',
      ['features', 'recipient:nobody'],
      '/scopes/1',
      '"recipient:nobody" names no processor',
    ],
    [
      'features without its processor',
      ['features'],
      '/scopes',
      '"features" needs the processor the key acts for',
    ],
  ])(
    'a key is never made with %s: 422 naming the field and the valid forms',
    async (_n, scopes, path, text) => {
      const before = await keys();
      const body = expectProblem(await create({ role: 'processor', scopes }), 422, 'KEY_SCOPE_INVALID');
      expect(body.detail).toContain(`body${path}: ${text}`);
      expect(body.detail).toContain(
        'valid for a processor key: batches, events, features, recipient:analytics-processor',
      );
      expect(body.errors).toEqual([{ in: 'body', path, message: expect.stringContaining(text) }]);
      expect(await keys()).toBe(before);
    },
  );

  it('a processor key names the declared processor it acts for', async () => {
    const res = await create({ role: 'processor', scopes: ['features', 'recipient:analytics-processor'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().info.scopes).toEqual(['features', 'recipient:analytics-processor']);
  });
});
