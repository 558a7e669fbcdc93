// No input answers 5xx, and every error is problem+json with a catalogued code: a property test
// over every declared route, its inputs drawn from the route's own schemas (params, query, body)
// and mixed with edge values, sent with a key of a role the route allows and without one.
// Deterministic: a fixed seed, printed with the failing case's path on failure; replay or explore
// with GARDE_FUZZ_SEED and GARDE_FUZZ_RUNS (100 runs a route: about a minute per backend).
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Role } from '../../src/keys/model.ts';
import { ERRORS } from '../../src/platform/errors.ts';
import type { AnyRoute } from '../../src/platform/http/route.ts';
import { ROUTES } from '../../src/routes.ts';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import {
  encodeText,
  type FuzzContext,
  inputFor,
  NASTY_TEXT,
  RAW_URL,
  type SchemaNode,
  toJson,
  toQuery,
} from '../support/fuzz-inputs.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { wordsOf } from '../support/policy-words.ts';

const SEED = Number(process.env.GARDE_FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.GARDE_FUZZ_RUNS ?? 100);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

type Call = {
  method: (typeof METHODS)[number];
  role: Role | null;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: string | Buffer | undefined;
  contentType: string | undefined;
  headers: Record<string, string>;
};

const RAW_BODIES: (string | Buffer)[] = [
  '',
  '{"a":',
  'null',
  '[',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
];
const CONTENT_TYPES = [
  'application/json',
  'application/x-ndjson',
  'text/plain',
  'application/json; charset=latin1',
];

function callOf(r: AnyRoute, ctx: FuzzContext): fc.Arbitrary<Call> {
  const s = r.schema as unknown as Record<string, SchemaNode | undefined>;
  const segment = (name: string, schema: SchemaNode) =>
    fc.oneof(
      { weight: 8, arbitrary: inputFor(schema, ctx, name) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_TEXT) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_URL) },
    );
  const params = fc.record(
    Object.fromEntries(Object.entries(s.params?.properties ?? {}).map(([k, v]) => [k, segment(k, v)])),
  );
  const query = s.querystring ? inputFor(s.querystring, ctx) : fc.constant({});
  const body = s.body
    ? fc.oneof(
        { weight: 8, arbitrary: inputFor(s.body, ctx).map(toJson) },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
      )
    : fc.constantFrom(undefined, undefined, undefined, '{}', 'x');
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES, undefined) },
  );
  const headers = fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          'idempotency-key': fc.constantFrom('k-1', 'x'.repeat(300), '', 'é'),
          'if-match': fc.constantFrom('"1"', '"99999999999999999999"', 'W/"1"', '*', '"-1"'),
          'sec-gpc': fc.constant('1'),
          'user-agent': fc.constantFrom('x'.repeat(4000), 'Mozilla/5.0', 'é'),
        },
        { requiredKeys: [] },
      ),
    },
  );
  const role = r.roles === 'public' ? fc.constant(null) : fc.constantFrom(...(r.roles as Role[]));
  // Now and then another method: the path answers 405 with Allow.
  const method = fc.oneof(
    { weight: 9, arbitrary: fc.constant(r.method) },
    { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
  );
  return fc.record({ method, role, params, query, body, contentType, headers }) as fc.Arbitrary<Call>;
}

function urlOf(r: AnyRoute, call: Call): string {
  const path = r.url.replace(/:(\w+)/g, (_, name: string) => encodeText(call.params[name] ?? ''));
  const query = call.query && typeof call.query === 'object' && !Array.isArray(call.query) ? call.query : {};
  return path + toQuery(query as Record<string, unknown>);
}

/** The promise under test: below 500, and any error is problem+json with a catalogued code. */
function checkAnswer(res: LightMyRequestResponse, what: string): void {
  const fail = (why: string) => {
    throw new Error(
      `${what}: ${why}: ${res.statusCode} ${res.headers['content-type']} ${res.body.slice(0, 300)}`,
    );
  };
  if (res.statusCode >= 500) fail('server error');
  if (res.statusCode < 400) return;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) fail('not problem+json');
  const code = (res.json() as { code?: string }).code;
  const entry = code ? ERRORS[code as keyof typeof ERRORS] : undefined;
  if (!entry) fail(`code ${code} is not in the catalogue`);
  if (entry?.status !== res.statusCode) fail(`code ${code} is catalogued as ${entry?.status}`);
  if (res.statusCode === 405 && !res.headers.allow) fail('405 without Allow');
}

describe.each(BACKENDS)('route fuzz on %s', (backend) => {
  let t: TestApp;
  let ctx: FuzzContext;
  beforeAll(async () => {
    t = await testApp(backend);
    // Something for the ids to find, so requests reach past "not found".
    const id = t.customerId;
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: t.as('admin'), payload }).then((r) => r.json());
    const request = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/rights-requests`,
      headers: t.as('customer'),
      payload: { kind: 'access' },
    });
    const hold = await post(`/v1/subjects/${id}/legal-holds`, { reason: 'fuzzing' });
    ctx = {
      uuids: [id, id, request.json().id, '00000000-0000-4000-8000-000000000000'],
      ints: [hold.id, 1, 50],
      words: wordsOf(t.deps.policy),
      now: FIXED_NOW,
    };
  });
  afterAll(() => t.dispose());

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}: no input answers 5xx, every error is problem+json`, async () => {
      await fc.assert(
        fc.asyncProperty(callOf(r, ctx), async (call) => {
          const url = urlOf(r, call);
          const headers: Record<string, string> = { ...call.headers };
          if (call.contentType && call.body !== undefined) headers['content-type'] = call.contentType;
          const send = (auth: Record<string, string>) =>
            t.app.inject({ method: call.method, url, headers: { ...headers, ...auth }, payload: call.body });
          checkAnswer(await send(call.role ? t.as(call.role) : {}), `${call.method} ${url} as ${call.role}`);
          checkAnswer(await send({}), `${call.method} ${url} without a key`);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    });
  }
});
