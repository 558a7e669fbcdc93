// Bad input never answers 500: text PostgreSQL cannot store, numbers JavaScript or PostgreSQL
// cannot hold and dates neither can are refused with a 400 naming the field (a batch names the
// event), and nothing of the request is stored. route-fuzz.test.ts tries the same kinds on
// every route; these pin the exact answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';

type Field = { in: string; path: string; message: string };

describe.each(BACKENDS)('bad input on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
  });
  afterAll(() => t.dispose());

  const count = async (table: string) =>
    (await t.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { ...t.as('admin'), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: typeof payload === 'string' || payload === undefined ? payload : JSON.stringify(payload),
    });
  /** The 400 names exactly these fields. */
  const refused = async (res: Awaited<ReturnType<typeof send>>, ...fields: string[]) => {
    const body = expectProblem(res, 400, 'REQUEST_INVALID');
    expect([...new Set((body.errors as Field[]).map((e) => `${e.in}${e.path}`))]).toEqual(fields);
    return body;
  };
  // Any kind and topic the schema accepts: the policy's lists are not what is tested here.
  const event = (over: object = {}) => ({
    subjectId: t.customerId,
    kind: 'some-kind',
    topic: 'some-topic',
    occurredAt: new Date(FIXED_NOW.getTime() - 86_400_000).toISOString(),
    ...over,
  });

  it('text PostgreSQL cannot store (NUL, a lone surrogate) is refused in any field, and named', async () => {
    const subjects = await count('subjects');
    await refused(
      await send('POST', '/v1/subjects', { lifecycle: 'prospect', externalRef: 'a\u0000b' }),
      'body/externalRef',
    );
    // JSON.stringify keeps a lone surrogate as the escape \ud800: exactly what a client sends.
    await refused(
      await send('POST', '/v1/subjects', { lifecycle: 'prospect', identity: { city: 'Li\ud800ge' } }),
      'body/identity/city',
    );
    expect(await count('subjects')).toBe(subjects);
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/processor/features?purpose=some-purpose&after=a%00b',
      headers: t.as('processor'),
    });
    await refused(res, 'querystring/after');
  });

  it('a batch is refused whole and names the event, its field and a bad field name', async () => {
    const events = await count('events');
    const batch = [event(), event(), event(), event({ props: { x: 'a\u0000' } })];
    const body = await refused(await send('POST', '/v1/events', batch), 'body/3/props/x');
    expect(body.detail).toContain('/3/props/x');
    await refused(
      await send('POST', '/v1/events', [event({ props: { 'a\u0000': 1 } })]),
      'body/0/props/a\\u0000',
    );
    await refused(
      await send('POST', '/v1/events', [event(), event({ props: { y: '\udc00' } })]),
      'body/1/props/y',
    );
    expect(await count('events')).toBe(events);
  });

  it('numbers JavaScript or PostgreSQL cannot hold are refused: Infinity, 1e309, beyond bigint', async () => {
    for (const limit of ['Infinity', '-Infinity', '1e309', '-1e309'])
      await refused(await send('GET', `/v1/subjects?limit=${limit}`), 'querystring/limit');
    for (const limit of ['Infinity', '1e309']) {
      await refused(await send('GET', `/v1/rights-requests?limit=${limit}`), 'querystring/limit');
      await refused(
        await send('GET', `/v1/subjects/${t.customerId}/events?limit=${limit}`),
        'querystring/limit',
      );
    }
    const hold = `/v1/subjects/${t.customerId}/legal-holds`;
    for (const id of ['99999999999999999999', '9223372036854775808', '9007199254740993', 'Infinity'])
      await refused(await send('DELETE', `${hold}/${id}`), 'params/holdId');
    // A number too large for a double arrives as Infinity from JSON.parse.
    await refused(
      await send('POST', '/v1/events', `[${JSON.stringify(event()).replace('}', ',"props":{"n":1e309}}')}]`),
      'body/0/props/n',
    );
    const ifMatch = await t.app.inject({
      method: 'PATCH',
      url: `/v1/subjects/${t.customerId}`,
      headers: { ...t.as('admin'), 'if-match': `"${'9'.repeat(2000)}"` },
      payload: { externalRef: 'x' },
    });
    await refused(ifMatch, 'headers/if-match');
  });

  it.each([
    ['year 0000', '0000-01-01'],
    ['year 10000', '10000-01-01'],
    ['30 February', '2026-02-30'],
    ['29 February of a common year', '2026-02-29'],
    ['month 13', '2026-13-01'],
  ])('a date that does not exist (%s) is refused, naming the field', async (_name, date) => {
    const before = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${t.customerId}`,
      headers: t.as('admin'),
    });
    await refused(
      await send('PATCH', `/v1/subjects/${t.customerId}`, { contractEndedOn: date }),
      'body/contractEndedOn',
    );
    await refused(
      await send('POST', `/v1/subjects/${t.customerId}/legal-holds`, { reason: 'court', until: date }),
      'body/until',
    );
    const after = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${t.customerId}`,
      headers: t.as('admin'),
    });
    expect(after.body).toBe(before.body);
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['an offset that makes it year 0', '0001-01-01T00:00:00+01:00'],
    ['hour 24', '2026-06-15T24:00:00Z'],
    ['an offset beyond 23:59', '2026-06-15T10:00:00+24:00'],
    ['no time zone', '2026-06-15T10:00:00'],
  ])('a date-time JavaScript or PostgreSQL cannot hold (%s) is refused, naming the field', async (_n, at) => {
    const events = await count('events');
    await refused(
      await send('POST', '/v1/events', [event(), event({ occurredAt: at })]),
      'body/1/occurredAt',
    );
    await refused(
      await send('PATCH', `/v1/subjects/${t.customerId}`, { lastContactAt: at }),
      'body/lastContactAt',
    );
    const request = { kind: 'access', receivedAt: at };
    await refused(
      await send('POST', `/v1/subjects/${t.customerId}/rights-requests`, request),
      'body/receivedAt',
    );
    expect(await count('events')).toBe(events);
  });

  it('the edges of what both hold are accepted: 29 February of a leap year, year 0001, an offset', async () => {
    const res = await send('PATCH', `/v1/subjects/${t.customerId}`, {
      lastContactAt: '2024-02-29T23:30:00-01:00',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().lastContactAt).toBe('2024-03-01T00:30:00.000Z');
    const hold = await send('POST', `/v1/subjects/${t.customerId}/legal-holds`, {
      reason: 'court',
      until: '9999-12-31',
    });
    expect(hold.statusCode).toBe(201);
    for (const [receivedAt, dueAt] of [
      ['0001-01-31T00:00:00Z', '0001-02-28T00:00:00.000Z'],
      ['0099-06-15T12:00:00Z', '0099-07-15T12:00:00.000Z'],
    ] as const) {
      const request = await send('POST', `/v1/subjects/${t.customerId}/rights-requests`, {
        kind: 'access',
        channel: 'letter',
        receivedAt,
      });
      expect(request.statusCode, `${receivedAt}: ${request.body}`).toBe(201);
      expect(request.json()).toMatchObject({ receivedAt: new Date(receivedAt).toISOString(), dueAt });
    }
  });

  it.each(['2026-13', '2026-00', '0000-06', '0000', '26-06', '2026-6'])(
    'a report window is a real month of the cap (%s is refused, naming the window) (BK-7)',
    async (window) => {
      await refused(await send('GET', `/v1/reports/communications?window=${window}`), 'querystring/window');
    },
  );

  it("a report window has the cap's own shape: a year is refused for a monthly cap (BK-7)", async () => {
    const body = await refused(
      await send('GET', '/v1/reports/communications?window=2026'),
      'querystring/window',
    );
    expect(body.detail).toContain('calendar-month');
    expect((await send('GET', '/v1/reports/communications?window=2026-06')).statusCode).toBe(200);
  });

  it('a body that is not UTF-8 is refused, not stored as replacement characters', async () => {
    const subjects = await count('subjects');
    const bytes = Buffer.concat([
      Buffer.from('{"lifecycle":"prospect","externalRef":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: { ...t.as('admin'), 'content-type': 'application/json' },
      payload: bytes,
    });
    expectProblem(res, 400, 'BODY_INVALID_ENCODING');
    const ndjson = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...t.as('admin'), 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(event())}\n\n{"kind":\n`,
    });
    expect(expectProblem(ndjson, 400, 'BODY_INVALID_JSON').detail).toBe('line 3 is not valid JSON');
    expect(await count('subjects')).toBe(subjects);
  });
});
