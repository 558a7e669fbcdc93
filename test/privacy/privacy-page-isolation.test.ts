// Issue 14 (BK-16, EN-17): the privacy page's cookie session reaches one person's data only.
// For every subject-scoped operation the page may call (src/privacy/page-operations.ts), the
// same request that works for the person's own id is refused for another person's id, and
// nothing of that other person changes, row for row, in any table keyed by subject_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/platform/deps.ts';
import { PAGE_OPERATIONS } from '../../src/privacy/page-operations.ts';
import { ROUTES } from '../../src/routes.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';
import { openPageSession } from '../support/privacy-session.ts';

/** What one person holds, so that a change made to them would show. */
type Person = { id: string; holdingId: string; requestId: string };

/** The policy's words the requests use: nothing here names a purpose, theme or topic of its own. */
function vocabulary(d: Deps) {
  const p = d.policy;
  const consentPurpose = p.purposes.find((x) => x.legalBasis === 'consent' && !x.consent?.perChannel);
  const themes = p.themes ?? [];
  const topic = p.tracking?.eventKinds.flatMap((k) => k.topics ?? [])[0];
  const subscription = p.subscriptions?.[0]?.id;
  if (!consentPurpose || themes.length < 2 || !topic || !subscription)
    throw new Error('the test needs a consent purpose, two themes, a tracked topic and a subscription');
  return {
    consentPurpose: consentPurpose.id,
    linked: themes[0]?.id as string,
    unlinked: themes[1]?.id as string,
    topic,
    subscription,
  };
}
type Vocabulary = ReturnType<typeof vocabulary>;

/**
 * Each change the page may make, as the page makes it for `who`: the path's other ids and the
 * body. A listed change without an entry here fails the test: the list stays covered.
 */
const CHANGES: Record<
  string,
  (v: Vocabulary, who: Person) => { path?: Record<string, string>; body?: unknown }
> = {
  signOut: () => ({}),
  recordConsent: (v) => ({ body: { purpose: v.consentPurpose, state: 'withdrawn' } }),
  changeObjection: () => ({ body: { kind: 'direct-marketing', action: 'raise' } }),
  changeRestriction: () => ({
    body: { action: 'impose', reason: 'The person contests the data', confirmContractImpact: true },
  }),
  changeSubscription: (v) => ({ body: { topic: v.subscription, action: 'unsubscribe' } }),
  linkTheme: (v, who) => ({ path: { theme: v.unlinked, holdingId: who.holdingId } }),
  unlinkTheme: (v, who) => ({ path: { theme: v.linked, holdingId: who.holdingId } }),
  deleteInterest: (v) => ({ path: { topic: v.topic } }),
  createRightsRequest: () => ({ body: { kind: 'access' } }),
};

/** The path's other ids of each read the page makes that names more than the person. */
const READS: Record<string, (who: Person) => Record<string, string>> = {
  downloadOwnRightsDelivery: (who) => ({ requestId: who.requestId }),
};

const listed = ROUTES.filter((r) => r.roles !== 'public' && PAGE_OPERATIONS.has(r.operationId));
const subjectScoped = listed.filter((r) => r.url.includes(':id'));

/** Every row of the person in every table keyed by subject_id (partitions read through their parent). */
async function snapshot(d: Deps, subjectId: string): Promise<Record<string, string>> {
  const tables = await d.db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attname = 'subject_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
        AND NOT c.relispartition AND n.nspname = current_schema()
      ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  const of = async (sql: string) =>
    (await d.db.query<{ rows: string }>(sql, [subjectId])).rows[0]?.rows ?? '';
  out.subjects = await of(
    `SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') AS rows FROM subjects t WHERE id::text = $1`,
  );
  for (const { name } of tables.rows)
    out[name] = await of(
      `SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') AS rows FROM "${name}" t WHERE subject_id::text = $1`,
    );
  return out;
}

describe.each(BACKENDS)('a privacy page session reaches only its own person, on %s', (backend) => {
  let t: TestApp;
  let v: Vocabulary;
  beforeAll(async () => {
    t = await testApp(backend);
    t.deps.now = () => FIXED_NOW;
    v = vocabulary(t.deps);
  });
  afterAll(() => t.dispose());

  /** A customer with a consent, a subscription, a holding linked to a theme and an interest. */
  async function person(): Promise<Person> {
    const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
    const admin = t.as('admin');
    const post = async (url: string, payload: object) =>
      expect(
        (await t.app.inject({ method: 'POST', url: `/v1/subjects/${s.id}${url}`, headers: admin, payload }))
          .statusCode,
      ).toBeLessThan(300);
    await post('/consents', { purpose: v.consentPurpose, state: 'given' });
    await post('/subscriptions', { topic: v.subscription, action: 'subscribe' });
    const h = await t.deps.db.query<{ id: string }>(
      "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, $2, 'ACC-1', '2020-01-01') RETURNING id",
      [s.id, t.deps.policy.products?.[0]?.id ?? 'product'],
    );
    const holdingId = h.rows[0]?.id as string;
    const linked = await t.app.inject({
      method: 'PUT',
      url: `/v1/subjects/${s.id}/themes/${v.linked}/holdings/${holdingId}`,
      headers: admin,
    });
    expect(linked.statusCode).toBe(200);
    await t.deps.db.query(
      "INSERT INTO interests (subject_id, topic, score, signals, scored_at) VALUES ($1, $2, 0.9, '[]', $3)",
      [s.id, v.topic, FIXED_NOW],
    );
    // An access request answered, so the page has a delivery to download (issue 15).
    const own = await openPageSession(t, s.id);
    const asked = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${s.id}/rights-requests`,
      headers: own.headers,
      payload: { kind: 'access' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const requestId = asked.json().id as string;
    const done = await t.app.inject({
      method: 'POST',
      url: `/v1/rights-requests/${requestId}/fulfilment`,
      headers: t.as('dpo'),
      payload: {},
    });
    expect(done.statusCode, done.body).toBe(200);
    return { id: s.id, holdingId, requestId };
  }

  function request(r: (typeof listed)[number], who: Person) {
    const change =
      r.method === 'GET' ? { path: READS[r.operationId]?.(who) } : CHANGES[r.operationId]?.(v, who);
    if (!change) throw new Error(`${r.operationId} changes data: give it a case in CHANGES`);
    let url = r.url.replaceAll(':id', who.id);
    for (const [name, value] of Object.entries(change.path ?? {})) url = url.replaceAll(`:${name}`, value);
    expect(url, `${r.operationId}: every path parameter filled`).not.toMatch(/\/:/);
    return { method: r.method, url, payload: change.body as object | undefined };
  }

  it('every change the page may make has a case here, and the subject-scoped list is not empty', () => {
    for (const r of listed.filter((x) => x.method !== 'GET'))
      expect(Object.keys(CHANGES)).toContain(r.operationId);
    expect(subjectScoped.length).toBeGreaterThan(10);
  });

  it(`a customer cannot reach another customer’s data by changing ids: every subject-scoped operation of the page, read or change (${subjectScoped.length})`, async () => {
    const self = await person();
    const other = await person();
    const page = await openPageSession(t, self.id);
    // The other person has something to lose in many tables: a change would show.
    const held = await snapshot(t.deps, other.id);
    expect(Object.keys(held).length).toBeGreaterThan(10);
    expect(Object.values(held).filter(Boolean).length).toBeGreaterThanOrEqual(6);
    for (const r of subjectScoped) {
      const before = await snapshot(t.deps, other.id);
      const theirs = await t.app.inject({ ...request(r, other), headers: page.headers });
      expect(`${r.operationId} ${theirs.statusCode}`).toMatch(new RegExp(`^${r.operationId} (403|404)$`));
      expect(theirs.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await snapshot(t.deps, other.id), `${r.operationId} changed the other person`).toEqual(before);
      // The same request for the person's own id is served: the refusal is about the id alone.
      const mine = await t.app.inject({ ...request(r, self), headers: page.headers });
      expect(`${r.operationId} ${mine.statusCode}`).toMatch(new RegExp(`^${r.operationId} 2\\d\\d$`));
    }
  });

  it('a change sent with another session’s CSRF token is refused 403 CSRF_TOKEN_INVALID and stores nothing', async () => {
    const self = await person();
    const other = await person();
    const page = await openPageSession(t, self.id);
    const theirs = await openPageSession(t, other.id);
    const mineToo = await openPageSession(t, self.id);
    const before = await snapshot(t.deps, self.id);
    for (const token of [theirs.csrfToken, mineToo.csrfToken]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${self.id}/consents`,
        headers: { ...page.headers, 'x-csrf-token': token },
        payload: { purpose: v.consentPurpose, state: 'withdrawn' },
      });
      expectProblem(res, 403, 'CSRF_TOKEN_INVALID');
    }
    expect(await snapshot(t.deps, self.id)).toEqual(before);
  });
});
