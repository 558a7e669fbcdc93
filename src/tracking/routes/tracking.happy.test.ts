import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { recordConsent } from '../../consent/consent.ts';
import { runRetention } from '../../retention/run.ts';
import { createSubject } from '../../subjects/subjects.ts';
import { ensurePartitions } from '../store.ts';

const at = (daysAgo: number) => new Date(FIXED_NOW.getTime() - daysAgo * 86_400_000).toISOString();
const ev = (subjectId: string | undefined, over: object = {}) => ({
  subjectId,
  kind: 'simulation-run',
  topic: 'pension',
  occurredAt: at(1),
  ...over,
});

describe.each(BACKENDS)('behavioural tracking on %s', (backend) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const who = { actor: 'test', role: 'admin' as const };

  beforeAll(async () => {
    t = await testApp(backend);
    // The test clock is fixed in the past: give it a year of partitions, as the daily job would.
    await ensurePartitions(t.deps.db, 'P2Y', FIXED_NOW);
    const make = async (name: string, extra: object = {}) => {
      ids[name] = (
        await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01', ...extra }, 'test')
      ).id;
    };
    for (const n of ['consenting', 'silent', 'withdrawn', 'restricted', 'objecting']) await make(n);
    await make('prospect', { lifecycle: 'prospect', customerSince: null, lastContactAt: at(10) });
    // Consent given well before the behaviour it covers (BK-1, BK-16: judged when it happened).
    const earlier = { ...t.deps, now: () => new Date(at(400)) };
    for (const n of ['consenting', 'withdrawn', 'restricted', 'objecting', 'prospect']) {
      await recordConsent(earlier, ids[n] as string, { purpose: 'web-personalisation', state: 'given' }, who);
    }
    await recordConsent(
      t.deps,
      ids.withdrawn as string,
      { purpose: 'web-personalisation', state: 'withdrawn' },
      who,
    );
    await t.deps.db.query(
      "INSERT INTO restrictions (subject_id, purpose, reason, since, event_id) VALUES ($1, '', 'test', now(), 0)",
      [ids.restricted],
    );
    await t.deps.db.query(
      "INSERT INTO objections (subject_id, kind, purpose, since, event_id) VALUES ($1, 'profiling', '', now(), 0)",
      [ids.objecting],
    );
  });
  afterAll(() => t.dispose());

  const ingest = (
    payload: unknown,
    role: 'processor' | 'customer' | 'admin' = 'processor',
    contentType = 'application/json',
    auth?: string,
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : t.as(role)), 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const stored = async (subjectId: string) =>
    (
      await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE subject_id = $1', [
        subjectId,
      ])
    ).rows[0]?.n;

  it('stores only identified, consenting customers’ listed behaviour, and counts every drop by reason (BK-1, BK-2, BK-3)', async () => {
    const res = await ingest([
      ev(ids.consenting),
      ev(ids.consenting, { kind: 'dossier-visited', topic: 'vacances' }),
      ev(undefined),
      ev(ids.silent),
      ev(ids.withdrawn),
      ev(ids.restricted),
      ev(ids.objecting),
      ev(ids.prospect),
      ev(ids.consenting, { kind: 'mouse-moved' }),
      ev(ids.consenting, { topic: 'casino' }),
      ev(ids.consenting, { occurredAt: at(366) }),
      ev(ids.consenting, { occurredAt: at(-1) }),
      ev('00000000-0000-4000-8000-000000000000'),
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      received: 13,
      accepted: 2,
      dropped: {
        'tracking.not-identified': 1,
        'consent.missing': 1,
        'consent.withdrawn': 1,
        'restriction.active': 1,
        'objection.profiling': 1,
        'lifecycle.not-allowed': 1,
        'tracking.kind-not-tracked': 1,
        'tracking.topic-not-tracked': 1,
        'retention.expired': 1,
        'tracking.future': 1,
        'subject.unknown': 1,
      },
    });
    expect(await stored(ids.consenting as string)).toBe(2);
    for (const n of ['silent', 'withdrawn', 'restricted', 'objecting', 'prospect'])
      expect(await stored(ids[n] as string)).toBe(0);
  });

  it('takes NDJSON too', async () => {
    const body = [ev(ids.consenting), ev(ids.silent)].map((e) => JSON.stringify(e)).join('\n');
    expect((await ingest(body, 'processor', 'application/x-ndjson')).json()).toMatchObject({
      received: 2,
      accepted: 1,
    });
  });

  it('refuses a malformed batch whole, naming the bad event, and stores nothing of it', async () => {
    const before = await stored(ids.consenting as string);
    const res = await ingest([ev(ids.consenting), ev(ids.consenting, { occurredAt: 'yesterday' })]);
    expect(expectProblem(res, 400, 'REQUEST_INVALID').detail).toContain('/1/occurredAt');
    expectProblem(await ingest('{"kind":', 'processor', 'application/x-ndjson'), 400, 'BODY_INVALID_JSON');
    expect(await stored(ids.consenting as string)).toBe(before);
  });

  it('a tracking session records only its own customer, and can do nothing else (EN-17)', async () => {
    const customer = ids.consenting as string;
    const key = (
      await t.app.inject({ method: 'POST', url: '/v1/subjects/x/sessions', headers: t.as('admin') })
    ).statusCode;
    expect(key).toBe(400);
    const session = (
      await t.app.inject({ method: 'POST', url: `/v1/subjects/${customer}/sessions`, headers: t.as('admin') })
    ).json();
    expect(session.token).toMatch(/^garde_/);
    const before = await stored(customer);
    const res = await ingest([ev(ids.silent)], 'customer', 'application/json', session.token);
    expect(res.json()).toMatchObject({ accepted: 1 });
    expect(await stored(customer)).toBe((before ?? 0) + 1);
    expect(await stored(ids.silent as string)).toBe(0);
    const other = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${customer}/consents`,
      headers: { authorization: `Bearer ${session.token}` },
    });
    expectProblem(other, 403, 'ROLE_FORBIDDEN');
  });

  it('only a short-lived session key may travel in the URL, whatever scopes a long-lived key holds', async () => {
    const customer = ids.consenting as string;
    const session = (
      await t.app.inject({ method: 'POST', url: `/v1/subjects/${customer}/sessions`, headers: t.as('admin') })
    ).json();
    const viaUrl = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/events?access_token=${encodeURIComponent(token)}`,
        headers: { 'content-type': 'application/json' },
        payload: [ev(customer)],
      });
    expect((await viaUrl(session.token)).statusCode).toBe(200);
    const scoped = await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: t.as('admin'),
      payload: { role: 'admin', scopes: ['events'] },
    });
    expect(scoped.statusCode).toBe(201);
    const refused = expectProblem(await viaUrl(scoped.json().key), 401, 'AUTH_INVALID');
    expect(refused.detail).toBe('Only a session key may be sent in the URL');
    expectProblem(await viaUrl(t.keys.processor), 401, 'AUTH_INVALID');
  });

  it('never returns an event older than the limit, even one that slipped into storage', async () => {
    const id = ids.consenting as string;
    await t.deps.db.query(
      `INSERT INTO events (subject_id, occurred_at, kind, topic) VALUES ($1, $2, 'simulation-run', 'pension')`,
      [id, at(370)],
    );
    const items = (
      await t.app.inject({ method: 'GET', url: `/v1/subjects/${id}/events?limit=1000`, headers: t.as('dpo') })
    ).json().items;
    expect(items.length).toBeGreaterThan(0);
    for (const e of items)
      expect(new Date(e.occurredAt).getTime()).toBeGreaterThan(FIXED_NOW.getTime() - 365 * 86_400_000);
  });

  it('never stores half a batch: a failing write leaves nothing, and nothing is acknowledged', async () => {
    const month = new Date(FIXED_NOW.getTime() - 40 * 86_400_000);
    const name = `events_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
    await t.deps.db.query(`DROP TABLE ${name}`);
    try {
      const before = await stored(ids.consenting as string);
      const res = await ingest([ev(ids.consenting), ev(ids.consenting, { occurredAt: month.toISOString() })]);
      expectProblem(res, 500, 'INTERNAL');
      expect(await stored(ids.consenting as string)).toBe(before);
    } finally {
      await ensurePartitions(t.deps.db, 'P2Y', FIXED_NOW);
    }
  });

  it('drops whole monthly partitions past the limit, and keeps partitions ahead (BK-3)', async () => {
    const later = new Date(FIXED_NOW.getTime() + 400 * 86_400_000);
    expect(await ensurePartitions(t.deps.db, 'P1Y', later)).toBeGreaterThanOrEqual(0);
    const report = await runRetention({ ...t.deps, now: () => later });
    expect(report.steps.find((s) => s.store === 'events')?.partitionsDropped).toBeGreaterThan(0);
    const old = await t.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE occurred_at <= $1',
      [new Date(later.getTime() - 366 * 86_400_000)],
    );
    expect(old.rows[0]?.n).toBe(0);
  });
});
