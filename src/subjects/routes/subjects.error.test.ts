import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { canonicalJson, sha256Hex } from '../../platform/crypto.ts';

describe.each(BACKENDS)('subjects API bad input on %s', (backend) => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await testApp(backend);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: t.as('dpo'),
      payload: { lifecycle: 'customer', customerSince: '2020-05-01', externalRef: 'taken' },
    });
    id = res.json().id;
  });
  afterAll(() => t.dispose());

  const snapshot = async () => ({
    subject: (await t.app.inject({ method: 'GET', url: `/v1/subjects/${id}`, headers: t.as('dpo') })).body,
    audit: (
      await t.deps.db.query<{ n: number }>(
        'SELECT ((SELECT count(*) FROM audit_log) + (SELECT count(*) FROM audit_pending))::int AS n',
      )
    ).rows[0]?.n,
    subjects: (await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subjects')).rows[0]?.n,
  });
  const patch = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'PATCH',
      url: `/v1/subjects/${id}`,
      headers: { ...t.as('dpo'), ...headers },
      payload: payload as object,
    });

  it.each([
    ['an invalid date', { contractEndedOn: '2026-02-30' }, 400, 'REQUEST_INVALID'],
    ['an unknown field', { nickname: 'x' }, 400, 'REQUEST_INVALID'],
    ['an empty change', {}, 400, 'REQUEST_INVALID'],
    ['a bad lifecycle', { lifecycle: 'vip' }, 400, 'REQUEST_INVALID'],
    ['a forbidden transition', { lifecycle: 'prospect', customerSince: null }, 422, 'SUBJECT_INVALID'],
    ['a former customer without end date', { lifecycle: 'former' }, 422, 'SUBJECT_INVALID'],
    ['an unknown controller', { controller: 'nobody' }, 422, 'SUBJECT_INVALID'],
  ])('refuses %s and changes nothing', async (_name, payload, status, code) => {
    const before = await snapshot();
    const body = expectProblem(await patch(payload), status, code);
    expect(body.detail).toBeTruthy();
    expect(await snapshot()).toEqual(before);
  });

  it('names the offending field of a schema error', async () => {
    const body = expectProblem(await patch({ contractEndedOn: 'yesterday' }), 400, 'REQUEST_INVALID');
    expect(body.detail).toContain('/contractEndedOn');
  });

  it('refuses a stale If-Match with 412, as RFC 9110 reads it: strong tags, lists, `*`', async () => {
    expectProblem(await patch({ externalRef: 'x' }, { 'if-match': '"99"' }), 412, 'SUBJECT_CONFLICT');
    expectProblem(
      await patch({ externalRef: 'x' }, { 'if-match': '"99999999999999999999"' }),
      412,
      'SUBJECT_CONFLICT',
    );
    const current = (await t.app.inject({ method: 'GET', url: `/v1/subjects/${id}`, headers: t.as('dpo') }))
      .headers.etag as string;
    // A weak tag never matches, even the current version's (strong comparison).
    expectProblem(await patch({ externalRef: 'x' }, { 'if-match': `W/${current}` }), 412, 'SUBJECT_CONFLICT');
    const listed = await patch({ externalRef: 'taken' }, { 'if-match': `"98", ${current}` });
    expect(listed.statusCode).toBe(200);
    expect((await patch({ externalRef: 'taken' }, { 'if-match': '*' })).statusCode).toBe(200);
    expectProblem(await patch({ externalRef: 'x' }, { 'if-match': 'not a tag' }), 400, 'REQUEST_INVALID');
  });

  it('refuses a duplicate external reference', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: t.as('dpo'),
      payload: { lifecycle: 'prospect', externalRef: 'taken' },
    });
    expectProblem(res, 409, 'SUBJECT_EXISTS');
  });

  it('answers 404 for an unknown subject and 400 for a malformed id', async () => {
    expectProblem(
      await t.app.inject({
        method: 'GET',
        url: '/v1/subjects/00000000-0000-4000-8000-000000000000',
        headers: t.as('dpo'),
      }),
      404,
      'SUBJECT_NOT_FOUND',
    );
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/v1/subjects/not-a-uuid', headers: t.as('dpo') }),
      400,
      'REQUEST_INVALID',
    );
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/nothing-here' }), 404, 'NOT_FOUND');
  });

  it('refuses malformed JSON, a wrong media type and an oversized body', async () => {
    const h = { ...t.as('dpo'), 'content-type': 'application/json' };
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/subjects', headers: h, payload: '{"lifecycle":' }),
      400,
      'BODY_INVALID_JSON',
    );
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v1/subjects',
        headers: { ...t.as('dpo'), 'content-type': 'text/plain' },
        payload: 'x',
      }),
      415,
      'MEDIA_TYPE_UNSUPPORTED',
    );
    const big = JSON.stringify({ lifecycle: 'prospect', externalRef: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/subjects', headers: h, payload: big }),
      413,
      'BODY_TOO_LARGE',
    );
  });

  it('refuses an Idempotency-Key reused for a different request', async () => {
    const h = { ...t.as('dpo'), 'idempotency-key': 'reuse-me' };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/v1/subjects',
          headers: h,
          payload: { lifecycle: 'prospect' },
        })
      ).statusCode,
    ).toBe(201);
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v1/subjects',
        headers: h,
        payload: { lifecycle: 'customer' },
      }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('a retry while the first request with its Idempotency-Key still runs is a conflict to retry (409, Retry-After)', async () => {
    const payload = { lifecycle: 'prospect' };
    const keyId = (
      await t.deps.db.query<{ id: string }>('SELECT id FROM api_keys WHERE role = $1 LIMIT 1', ['dpo'])
    ).rows[0]?.id;
    // The first request's claim, as it stands while that request runs.
    const hash = sha256Hex(canonicalJson(['POST', '/v1/subjects', {}, payload]));
    await t.deps.db.query(
      "INSERT INTO idempotency_keys (actor, key, request_hash, status, body) VALUES ($1, 'in-flight', $2, 0, 'null')",
      [`key:${keyId}`, hash],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: { ...t.as('dpo'), 'idempotency-key': 'in-flight' },
      payload,
    });
    expectProblem(res, 409, 'IDEMPOTENCY_KEY_IN_FLIGHT');
    expect(res.headers['retry-after']).toBe('1');
  });
});
