// Every list answers `{ items, next }`, filters in SQL before it limits, and walks page by page
// to every row exactly once, ties included. A list route added without a cursor fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../../src/consent/consent.ts';
import { withOutdatedConsents } from '../../src/decide/compile.ts';
import { ROLES } from '../../src/keys/model.ts';
import { createKey } from '../../src/keys/store.ts';
import { ROUTES } from '../../src/routes.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import { BANK_PROPOSAL } from '../support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../support/http.ts';

const N = 7;
const PAGE = 3;
const DAY = 86_400_000;
const who = { actor: 'test', role: 'admin' as const };

// Lists whose length the policy bounds (one item per purpose, topic or product): one page.
const BOUNDED_BY_POLICY = [
  '/v1/subjects/:id/consents',
  '/v1/subjects/:id/subscriptions',
  '/v1/subjects/:id/interests',
  // At most one per event the policy's retentionEvents declare.
  '/v1/subjects/:id/retention-events',
  // The notice's purposes, subscriptions, themes and products, as published.
  '/v1/policy/purposes',
  '/v1/policy/subscriptions',
  '/v1/policy/themes',
  '/v1/policy/products',
  // One per clause the policy in force cites.
  '/v1/policy/traceability',
  // Garde's own dataset and one per dataset the policy declares.
  '/v1/datasets',
];

// Lists whose length Garde's own code fixes: one item per error code of the catalogue.
const BOUNDED_BY_CODE = ['/problems'];

const PAGED = [
  '/v1/subjects',
  '/v1/subject-search',
  '/v1/campaigns',
  '/v1/campaigns/:id/suppressions',
  '/v1/batches',
  '/v1/subjects/:id/events',
  '/v1/subjects/:id/communications',
  '/v1/subjects/:id/consents/history',
  '/v1/subjects/:id/rights-requests',
  '/v1/rights-requests',
  '/v1/subjects/:id/legal-holds',
  '/v1/subjects/:id/holdings',
  '/v1/subjects/:id/themes',
  '/v1/keys',
  '/v1/processor/features',
  '/v1/audit',
  '/v1/legal-holds',
  '/v1/retention/runs',
  '/v1/rights-steps',
  '/v1/consents/outdated',
];

describe('every list route', () => {
  it('is either paged (items + next) and walked below, or bounded by the policy', () => {
    for (const r of ROUTES) {
      const ok = (r.schema.response as Record<number, { properties?: Record<string, unknown> }>)[200];
      if (r.method !== 'GET' || !ok?.properties?.items) continue;
      if (BOUNDED_BY_POLICY.includes(r.url) || BOUNDED_BY_CODE.includes(r.url)) continue;
      expect(PAGED, `${r.url} lists items`).toContain(r.url);
      expect(ok.properties, `${r.url} has a cursor`).toHaveProperty('next');
    }
  });
});

describe.each(BACKENDS)('lists on %s (retail bank)', (backend) => {
  let t: TestApp;
  let sid: string;
  const get = (url: string, headers = t.as('dpo')) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: t.as('dpo'), payload });

  /** Walks a list `limit` at a time; every page but the last is full. */
  async function walk(url: string, limit: number, headers = t.as('dpo')): Promise<unknown[]> {
    const items: unknown[] = [];
    let after: string | null = null;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const res = await get(`${url}${sep}limit=${limit}${after ? `&after=${after}` : ''}`, headers);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: unknown[]; next: string | null };
      if (body.next) expect(body.items).toHaveLength(limit);
      items.push(...body.items);
      after = body.next;
    } while (after);
    return items;
  }

  beforeAll(async () => {
    t = await testApp(backend);
    sid = t.customerId;
    const q = (sql: string, params: unknown[] = []) => t.deps.db.query(sql, params);
    await q("SELECT garde_ensure_event_partitions('2025-01-01', 24)");
    const tie = new Date(FIXED_NOW.getTime() - DAY);
    for (let i = 0; i < N; i++) {
      // Three events and three messages share one instant: the cursor must still split them.
      const at = i < 3 ? tie : new Date(FIXED_NOW.getTime() - (i + 2) * DAY);
      await q("INSERT INTO events (subject_id, occurred_at, kind, topic) VALUES ($1, $2, 'page-view', $3)", [
        sid,
        at,
        `topic-${i}`,
      ]);
      await q(
        `INSERT INTO communications (subject_id, purpose, channel, message_class, commercial, counted, window_key, content_ref, actor, sent_at)
         VALUES ($1, 'service', 'email', 'operational', false, false, '2026-06', $2, 'test', $3)`,
        [sid, `content-${i}`, at],
      );
      await q(
        "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, $2, $3, '2020-01-01')",
        [sid, i % 2 ? 'savings-account' : 'current-account', `BE${i}`],
      );
      await recordConsent(
        t.deps,
        sid,
        { purpose: 'web-personalisation', state: i % 2 ? 'withdrawn' : 'given' },
        who,
      );
      await post(`/v1/subjects/${sid}/legal-holds`, { reason: `litigation ${i}` });
      await post(`/v1/subjects/${sid}/rights-requests`, {
        kind: 'access',
        channel: 'email',
        receivedAt: new Date(FIXED_NOW.getTime() - i * DAY).toISOString(),
      });
      await createKey(t.deps.db, { role: 'agent', name: `agent ${i}` }, 'test');
      await createSubject(
        t.deps,
        {
          lifecycle: 'former',
          contractEndedOn: '2025-01-01',
          customerSince: '2010-01-01',
          // One family name: the agent's search walks them all, ranked alike, by name then id.
          identity: { givenName: `Given${i % 3}`, familyName: 'Walker' },
        },
        'test',
      );
    }
    // Retention runs, three of them started at the same instant.
    for (let i = 0; i < N; i++)
      await q(
        `INSERT INTO retention_runs (started_by, started_at, heartbeat_at, status)
         VALUES ('test', $1, $1, 'done')`,
        [new Date(FIXED_NOW.getTime() - (i < 3 ? 0 : i) * DAY)],
      );
    await q(
      `INSERT INTO theme_links (subject_id, theme, holding_id, linked_at)
       SELECT $1, t.theme, h.id, $2 FROM holdings h CROSS JOIN (VALUES ('vacances'), ('maison')) t(theme) WHERE h.subject_id = $1`,
      [sid, FIXED_NOW],
    );
  });
  afterAll(() => t.dispose());
  /** The last campaign made by the walk below: the people it leaves out are a list to page. */
  let leavingOut = '';

  const lists = () => [
    { url: '/v1/subjects?lifecycle=former', rows: N },
    { url: `/v1/subjects/${sid}/events`, rows: N },
    { url: `/v1/subjects/${sid}/communications`, rows: N },
    { url: `/v1/subjects/${sid}/consents/history`, rows: N },
    { url: `/v1/subjects/${sid}/rights-requests`, rows: N },
    { url: '/v1/rights-requests?urgency=open', rows: N },
    { url: `/v1/subjects/${sid}/legal-holds`, rows: N },
    { url: `/v1/subjects/${sid}/holdings`, rows: N },
    { url: `/v1/subjects/${sid}/themes`, rows: 2 * N },
    { url: '/v1/legal-holds', rows: N },
    { url: `/v1/audit?person=${sid}&action=consent.`, rows: N },
    { url: '/v1/retention/runs', rows: N },
  ];

  it('every list walks page by page to every row exactly once, in the order of one big page', async () => {
    for (const { url, rows } of lists()) {
      const whole = (await get(`${url}${url.includes('?') ? '&' : '?'}limit=500`)).json();
      expect(whole.next, url).toBeNull();
      expect(whole.items, url).toHaveLength(rows);
      const walked = await walk(url, PAGE);
      expect(walked, url).toEqual(whole.items);
      expect(new Set(walked.map((x) => JSON.stringify(x))).size, url).toBe(rows);
    }
    const keys = await walk('/v1/keys', PAGE, t.as('admin'));
    // One key per role (testApp), and the agents' keys made above.
    expect(new Set(keys.map((k) => (k as { id: string }).id)).size).toBe(ROLES.length + N);
    // The search pages by (rank, name, id): at most 50 a page, so one big page is 50.
    const found = await walk('/v1/subject-search?q=walker', PAGE);
    expect(found).toEqual((await get('/v1/subject-search?q=walker&limit=50')).json().items);
    expect(new Set(found.map((h) => (h as { id: string }).id)).size).toBe(N);
    // The marketer's lists: campaigns newest first, and the people one leaves out (ids, reasons).
    const marketer = t.as('marketer');
    let campaign = '';
    for (let i = 0; i < N; i++) {
      const made = await t.app.inject({
        method: 'POST',
        url: '/v1/campaigns',
        headers: marketer,
        payload: { ...BANK_PROPOSAL, name: `campaign ${i}`, contentRef: `c-${i}`, audience: {} },
      });
      expect(made.statusCode, made.body).toBe(201);
      campaign = made.json().id;
    }
    const campaigns = await walk('/v1/campaigns', PAGE, marketer);
    expect(campaigns).toEqual((await get('/v1/campaigns?limit=200', marketer)).json().items);
    expect(campaigns).toHaveLength(N);
    // The processors' list of batches: sent campaigns, newest first. Marked sent here (only the
    // listing is walked, not the files), each a second apart.
    await t.deps.db.query(
      `UPDATE campaigns SET status = 'sent', result = jsonb_build_object('file', 'outbound/' || id || '/' || channel || '.csv'),
         sent_at = $1::timestamptz + (SELECT count(*) FROM campaigns c WHERE c.id < campaigns.id) * interval '1 second'
       WHERE status = 'draft'`,
      [FIXED_NOW],
    );
    const batches = await walk('/v1/batches?recipient=mailing-processor', PAGE, marketer);
    expect(batches).toEqual(
      (await get('/v1/batches?recipient=mailing-processor&limit=200', marketer)).json().items,
    );
    expect(new Set(batches.map((b) => (b as { campaign: string }).campaign)).size).toBe(N);
    expect(batches.map((b) => (b as { recipient: string }).recipient)).toEqual(
      Array(N).fill('mailing-processor'),
    );
    leavingOut = campaign;
    const url = `/v1/campaigns/${campaign}/suppressions`;
    const whole = (await get(`${url}?limit=500`, marketer)).json();
    expect(whole.items.length, 'the former customers without consent are left out').toBeGreaterThan(PAGE);
    expect(await walk(url, PAGE, marketer)).toEqual(whole.items);
  });

  it('a cursor resumes only the query and filters that gave it: another search, or another reason, is 400 CURSOR_INVALID', async () => {
    const search = (await get(`/v1/subject-search?q=walker&limit=${PAGE}`)).json();
    expect(search.next).not.toBeNull();
    expectProblem(await get(`/v1/subject-search?q=walk&after=${search.next}`), 400, 'CURSOR_INVALID');
    expect((await get(`/v1/subject-search?q=walker&after=${search.next}`)).statusCode).toBe(200);
    const marketer = t.as('marketer');
    const url = `/v1/campaigns/${leavingOut}/suppressions`;
    const all = (await get(`${url}?limit=${PAGE}`, marketer)).json();
    const reason = (all.items[0] as { reason: string }).reason;
    expect(all.next).not.toBeNull();
    expectProblem(await get(`${url}?reason=${reason}&after=${all.next}`, marketer), 400, 'CURSOR_INVALID');
    const one = (await get(`${url}?reason=${reason}&limit=1`, marketer)).json();
    if (one.next) expectProblem(await get(`${url}?after=${one.next}`, marketer), 400, 'CURSOR_INVALID');
  });

  it('the re-consent list walks every person whose consent a policy change outdated, once (issue 17)', async () => {
    const running = t.deps.policy;
    const purpose = 'commercial-proposals';
    for (let i = 0; i < N; i++) {
      const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
      await recordConsent(t.deps, s.id, { purpose, state: 'given' }, who);
    }
    // Every consent for the purpose recorded until now was given under an earlier policy.
    const until = t.deps.now().getTime() + 1;
    t.deps.policy = withOutdatedConsents(running, new Map([[purpose, [{ from: null, to: until }]]]));
    try {
      const url = `/v1/consents/outdated?purpose=${purpose}`;
      const marketer = t.as('marketer');
      const whole = (await get(`${url}&limit=500`, marketer)).json();
      expect(whole.items).toHaveLength(N);
      expect(await walk(url, PAGE, marketer)).toEqual(whole.items);
    } finally {
      t.deps.policy = running;
    }
  });

  it('a page of exactly the rows left says there is no next one', async () => {
    const res = (await get(`/v1/subjects/${sid}/events?limit=${N}`)).json();
    expect(res.items).toHaveLength(N);
    expect(res.next).toBeNull();
  });

  it('a list filters before it limits: the due-soon queue is not crowded out by overdue requests', async () => {
    const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
    const ids = async (url: string) =>
      (await walk(url, 1000)).map((r) => (r as { id: string; urgency: string }).urgency);
    for (let i = 0; i < 6; i++)
      await post(`/v1/subjects/${s.id}/rights-requests`, {
        kind: 'access',
        channel: 'letter',
        receivedAt: new Date(FIXED_NOW.getTime() - (40 + i) * DAY).toISOString(),
      });
    const soon = await post(`/v1/subjects/${s.id}/rights-requests`, {
      kind: 'erasure',
      channel: 'letter',
      receivedAt: new Date(FIXED_NOW.getTime() - 26 * DAY).toISOString(),
    });
    const page = (await get('/v1/rights-requests?urgency=due-soon&limit=5')).json();
    expect(page.items.map((r: { id: string }) => r.id)).toContain(soon.json().id);
    expect(page.items.every((r: { urgency: string }) => r.urgency === 'due-soon')).toBe(true);
    const overdue = await walk('/v1/rights-requests?urgency=overdue', 4);
    expect(overdue).toHaveLength(6);
    for (const u of await ids('/v1/rights-requests?urgency=overdue')) expect(u).toBe('overdue');
    for (const u of await ids('/v1/rights-requests?urgency=due-soon')) expect(u).toBe('due-soon');
  });

  it('a processor page filters before it limits: scores of people who may no longer be profiled do not shorten it', async () => {
    const processor = {
      authorization: `Bearer ${(await createKey(t.deps.db, { role: 'processor', scopes: ['features', 'recipient:analytics-processor'] }, 'test')).key}`,
    };
    const score =
      "INSERT INTO interests (subject_id, topic, score, signals, scored_at) VALUES ($1, 'pension', 0.5, '[]', $2)";
    for (let i = 0; i < 8; i++) {
      const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
      // Half of them withdrew, but their scores were written around the hooks (a second lock).
      if (i % 2 === 0)
        await recordConsent(t.deps, s.id, { purpose: 'web-personalisation', state: 'given' }, who);
      await t.deps.db.query(score, [s.id, FIXED_NOW]);
    }
    const first = (await get('/v1/processor/features?purpose=web-personalisation&limit=3', processor)).json();
    expect(first.items).toHaveLength(3);
    const all = await walk('/v1/processor/features?purpose=web-personalisation', 3, processor);
    expect(all).toHaveLength(4);
    expectProblem(
      await get('/v1/processor/features?purpose=web-personalisation&after=abc', processor),
      400,
      'CURSOR_INVALID',
    );
  });

  it('a bad cursor, or one of another list, is a 400 problem', async () => {
    const events = (await get(`/v1/subjects/${sid}/events?limit=1`)).json().next as string;
    const forged = Buffer.from(JSON.stringify({ l: 'events', k: ['yesterday', 1] })).toString('base64url');
    for (const after of ['garbage', forged, events.slice(0, -2)])
      expectProblem(await get(`/v1/subjects/${sid}/events?after=${after}`), 400, 'CURSOR_INVALID');
    expectProblem(await get(`/v1/subjects/${sid}/communications?after=${events}`), 400, 'CURSOR_INVALID');
    expectProblem(await get(`/v1/rights-requests?after=${events}`), 400, 'CURSOR_INVALID');
  });
});
