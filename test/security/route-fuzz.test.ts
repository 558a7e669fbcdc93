// No input answers 5xx, and every error is problem+json with a catalogued code: a property test
// over every declared route, its inputs drawn from the route's own schemas (params, query, body)
// and mixed with edge values, sent with a key of a role the route allows and without one.
// Deterministic: a fixed seed, printed with the failing case's path on failure; replay or explore
// with GARDE_FUZZ_SEED and GARDE_FUZZ_RUNS (100 runs a route: about a minute per backend).
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_NEWEST } from '../../src/audit/store.ts';
import { BATCHES } from '../../src/comms/batch-download.ts';
import { CAMPAIGNS } from '../../src/comms/campaigns.ts';
import { COMMUNICATIONS } from '../../src/comms/store.ts';
import { SUPPRESSIONS } from '../../src/comms/suppressions.ts';
import { CONSENT_HISTORY } from '../../src/consent/store.ts';
import { OUTDATED_CONSENTS } from '../../src/consent/store-outdated.ts';
import { FEATURES, featureRecipients } from '../../src/interests/processor-features.ts';
import { interestPurpose } from '../../src/interests/sql.ts';
import type { Role } from '../../src/keys/model.ts';
import { createKey, KEYS } from '../../src/keys/store.ts';
import { ERRORS } from '../../src/platform/errors.ts';
import type { AnyRoute } from '../../src/platform/http/route.ts';
import type { Keyset } from '../../src/platform/pagination.ts';
import { RUNS_NEWEST } from '../../src/retention/runs.ts';
import { ALL_HOLDS, HOLDS, REQUESTS } from '../../src/rights/store.ts';
import { OPEN_STEPS } from '../../src/rights/tasks.ts';
import { ROUTES } from '../../src/routes.ts';
import { HOLDINGS, SEARCH, SUBJECTS } from '../../src/subjects/store.ts';
import { THEME_LINKS } from '../../src/themes/store.ts';
import { EVENTS } from '../../src/tracking/store.ts';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import { BANK_PROPOSAL } from '../support/campaigns.ts';
import {
  encodeText,
  type FuzzContext,
  IMPOSSIBLE_TIMES,
  inputFor,
  NASTY_TEXT,
  RAW_URL,
  type SchemaNode,
  toJson,
  toQuery,
} from '../support/fuzz-inputs.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';
import { wordsOf } from '../support/policy-words.ts';

const SEED = Number(process.env.GARDE_FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.GARDE_FUZZ_RUNS ?? 100);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Each keyset-paged list and the cursor it reads, so a forged `after` reaches its query. */
const LISTS: Record<string, Keyset> = {
  '/v1/subjects': SUBJECTS,
  '/v1/subject-search': SEARCH,
  '/v1/campaigns': CAMPAIGNS,
  '/v1/campaigns/:id/suppressions': SUPPRESSIONS,
  '/v1/batches': BATCHES,
  '/v1/subjects/:id/events': EVENTS,
  '/v1/subjects/:id/communications': COMMUNICATIONS,
  '/v1/subjects/:id/consents/history': CONSENT_HISTORY,
  '/v1/consents/outdated': OUTDATED_CONSENTS,
  '/v1/subjects/:id/rights-requests': REQUESTS,
  '/v1/rights-requests': REQUESTS,
  '/v1/subjects/:id/legal-holds': HOLDS,
  '/v1/subjects/:id/holdings': HOLDINGS,
  '/v1/subjects/:id/themes': THEME_LINKS,
  '/v1/keys': KEYS,
  '/v1/processor/features': FEATURES,
  '/v1/audit': AUDIT_NEWEST,
  '/v1/legal-holds': ALL_HOLDS,
  '/v1/retention/runs': RUNS_NEWEST,
  '/v1/rights-steps': OPEN_STEPS,
};
const takesCursor = (r: AnyRoute) =>
  r.method === 'GET' && Boolean((r.schema as { querystring?: SchemaNode }).querystring?.properties?.after);

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
  /** A processor key naming a recipient the policy lets read features, so its list is reached. */
  let reader: { authorization: string } | null = null;
  const recipient = () => featureRecipients(t.deps.policy)[0];
  const purpose = () => interestPurpose(t.deps.policy) ?? '';
  /** The instance a route's cursor belongs to, as the server scopes it (src/platform/pagination.ts). */
  /** A list's cursor scope: its filters' (the search's: a keyed digest of the query sent below). */
  /** The re-consent list's purpose: its cursor's scope. */
  const consentPurpose = () => t.deps.policy.purposes.find((p) => p.legalBasis === 'consent')?.id ?? '';
  const scopeOf = (r: AnyRoute) =>
    r.url === '/v1/consents/outdated'
      ? consentPurpose()
      : r.url === '/v1/processor/features'
        ? `${recipient()} ${purpose()}`
        : r.url === '/v1/subject-search'
          ? t.deps.sealer.digest({ q: 'someone' })
          : r.url.includes(':id')
            ? idOf(r)
            : '';
  /** The id a route's path names: a campaign's under /v1/campaigns/, else the test person's. */
  const idOf = (r: AnyRoute) => (r.url.startsWith('/v1/campaigns/') ? campaignId : t.customerId);
  let campaignId = '';
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
    const campaign = await t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.as('marketer'),
      payload: { ...BANK_PROPOSAL, name: 'fuzzing', contentRef: 'fuzzing', audience: {} },
    });
    campaignId = campaign.json().id;
    if (recipient()) {
      const scopes = ['features', `recipient:${recipient()}`];
      reader = {
        authorization: `Bearer ${(await createKey(t.deps.db, { role: 'processor', scopes }, 'test')).key}`,
      };
    }
    ctx = {
      uuids: [id, id, request.json().id, campaignId, '00000000-0000-4000-8000-000000000000'],
      ints: [hold.id, 1, 50],
      words: wordsOf(t.deps.policy),
      now: FIXED_NOW,
    };
  });
  afterAll(() => t.dispose());

  it('every list that takes a cursor is fuzzed with cursors of its own list', () => {
    const lists = ROUTES.filter(takesCursor).map((r) => r.url);
    expect(lists.sort()).toEqual(Object.keys(LISTS).sort());
  });

  // A forged cursor whose parts decode but cannot be compared in SQL used to reach the query: 500.
  it('a forged cursor naming an impossible time, an int beyond bigint or unstorable text is 400 CURSOR_INVALID on every list', async () => {
    const forged: Record<string, unknown[]> = {
      time: IMPOSSIBLE_TIMES,
      int: [2 ** 53, 2 ** 63, 1.5],
      uuid: ['00000000-0000-4000-8000-00000000000', `${t.customerId}\u0000`],
      text: ['\u0000', 'a\u0000b', '\ud800', 'a\udc00b'],
    };
    const good: Record<string, unknown> = {
      time: '2026-06-15T10:00:00.000000Z',
      int: 1,
      uuid: t.customerId,
      text: 'savings',
    };
    for (const r of ROUTES.filter((x) => x.method === 'GET' && LISTS[x.url])) {
      const k = LISTS[r.url] as Keyset;
      const features = r.url === '/v1/processor/features';
      if (features && !reader) continue;
      const role = r.roles === 'public' ? null : (r.roles as Role[])[0];
      const headers = features ? (reader ?? {}) : role ? t.as(role) : {};
      const search = r.url === '/v1/subject-search';
      const outdated = r.url === '/v1/consents/outdated';
      const query = features
        ? `purpose=${purpose()}&`
        : search
          ? 'q=someone&'
          : outdated
            ? `purpose=${consentPurpose()}&`
            : '';
      const base = `${r.url.replace(':id', idOf(r))}?${query}`;
      const seal = (payload: object) => t.deps.sealer.seal(JSON.stringify(payload)).toString('base64url');
      const get = (after: string) => t.app.inject({ method: 'GET', url: `${base}after=${after}`, headers });
      // A good key of another scope (another person's list) and an unsealed one: refused.
      const goodKey = k.parts.map((p) => good[p]);
      expectProblem(await get(seal({ l: k.list, s: `${scopeOf(r)}x`, k: goodKey })), 400, 'CURSOR_INVALID');
      const plain = Buffer.from(JSON.stringify({ l: k.list, s: scopeOf(r), k: goodKey })).toString(
        'base64url',
      );
      expectProblem(await get(plain), 400, 'CURSOR_INVALID');
      const ok = await get(seal({ l: k.list, s: scopeOf(r), k: goodKey }));
      expect(ok.statusCode, `${r.url}: ${ok.body}`).toBe(200);
      for (const [i, part] of k.parts.entries()) {
        for (const bad of forged[part] ?? []) {
          const key = k.parts.map((p, j) => (j === i ? bad : good[p]));
          expectProblem(await get(seal({ l: k.list, s: scopeOf(r), k: key })), 400, 'CURSOR_INVALID');
        }
      }
    }
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}: no input answers 5xx, every error is problem+json`, async () => {
      const lists = takesCursor(r) && LISTS[r.url] ? [LISTS[r.url] as Keyset] : undefined;
      const cursorSeal = { sealer: t.deps.sealer, scope: scopeOf(r) };
      await fc.assert(
        fc.asyncProperty(callOf(r, { ...ctx, lists, cursorSeal }), async (call) => {
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
