import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDb, testDeps } from '../../test/support/backends.ts';
import { describeWhen, POSTGRES_REQUIRED } from '../../test/support/requires.ts';
import { verifyAudit } from '../audit/store.ts';
import { recordConsent } from '../consent/consent.ts';
import { recordOutcome } from '../interests/interests.ts';
import { openDb } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
import { createSubject } from '../subjects/subjects.ts';
import { ensureDemoKeys } from './keys.ts';
import { seedDemo, seedDemoIfEmpty } from './seed.ts';

describe.each(BACKENDS)('demo seed on %s', (backend) => {
  let deps: Deps & { dispose(): Promise<void> };
  let report: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    deps = await testDeps(backend, { policy: 'policies/energy-services.yaml' });
    report = await seedDemo(deps, 400);
  });
  afterAll(() => deps.dispose());

  const one = async <T>(sql: string) => (await deps.db.query<T>(sql)).rows[0] as T;

  it('writes every table, each person’s creation in the audit trail as the API records it, and the seed', async () => {
    expect(report.tables.subjects).toBe(400);
    expect(report.tables.identities).toBe(400);
    for (const t of ['contracts', 'billing_records', 'holdings'])
      expect(report.tables[t]).toBeGreaterThan(200);
    expect(await verifyAudit(deps.db)).toEqual({ ok: true, entries: 401 });
    const created = await deps.db.query<{ n: number; people: number; dated: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT a.subject_id)::int AS people,
              count(*) FILTER (WHERE a.at = s.created_at)::int AS dated
         FROM audit_log a JOIN subjects s ON s.id = a.subject_id
        WHERE a.action = 'subject.create' AND a.actor = 'system:seed'`,
    );
    expect(created.rows[0]).toEqual({ n: 400, people: 400, dated: 400 });
    // Keyed digests, one per person: what was written holds personal data.
    const digests = await one<{ n: number }>(
      "SELECT count(DISTINCT change_digest)::int AS n FROM audit_log WHERE action = 'subject.create'",
    );
    expect(digests.n).toBe(400);
  });

  it('gives a realistic lifecycle mix that respects the lifecycle rules', async () => {
    const mix = await deps.db.query<{ lifecycle: string; n: number }>(
      'SELECT lifecycle, count(*)::int AS n FROM subjects GROUP BY 1',
    );
    expect(mix.rows.map((r) => r.lifecycle).sort()).toEqual(['customer', 'former', 'prospect']);
    const badFormer = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM subjects s
      WHERE s.lifecycle = 'former' AND s.contract_ended_on IS DISTINCT FROM (SELECT max(ended_on) FROM contracts c WHERE c.subject_id = s.id)`);
    expect(badFormer.n).toBe(0);
    const prospectsWithContracts = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM contracts c JOIN subjects s ON s.id = c.subject_id WHERE s.lifecycle = 'prospect'",
    );
    expect(prospectsWithContracts.n).toBe(0);
  });

  it('stores ID-card numbers, which the policy lists, only encrypted', async () => {
    const r = await deps.db.query<{ id_card_enc: Uint8Array }>('SELECT id_card_enc FROM identities LIMIT 20');
    expect(r.rows).toHaveLength(20);
    for (const row of r.rows) {
      expect(deps.sealer.open(Buffer.from(row.id_card_enc))).toMatch(/^[A-Z0-9]{9}$/);
    }
  });
});

describe.each(BACKENDS)('demo behaviour on %s (retail bank)', (backend) => {
  let deps: Deps & { dispose(): Promise<void> };
  let report: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    deps = await testDeps(backend);
    report = await seedDemo(deps, 300, 'test', { behaviour: true });
  });
  afterAll(() => deps.dispose());

  it('consents with their ledger, browsing only for those who agreed, interests and an offer model', async () => {
    expect(report.behaviour).toMatchObject({ model: true });
    expect(report.behaviour?.events).toBeGreaterThan(0);
    expect(report.behaviour?.interests).toBeGreaterThan(0);
    const orphan = await deps.db.query(
      'SELECT 1 FROM consents c LEFT JOIN consent_events e ON e.id = c.event_id WHERE e.id IS NULL OR e.subject_id <> c.subject_id',
    );
    expect(orphan.rows).toHaveLength(0);
    const unconsented = await deps.db.query(
      "SELECT 1 FROM events e WHERE NOT EXISTS (SELECT 1 FROM consents c WHERE c.subject_id = e.subject_id AND c.purpose = 'web-personalisation' AND c.state = 'given')",
    );
    expect(unconsented.rows).toHaveLength(0);
    expect(await verifyAudit(deps.db)).toMatchObject({ ok: true });
  });

  it('each consent and offer outcome has the audit entry the API would write, and the chain verifies', async () => {
    expect(await verifyAudit(deps.db)).toMatchObject({ ok: true });
    const unaudited = await deps.db.query(
      `SELECT 1 FROM consent_events e WHERE NOT EXISTS (
         SELECT 1 FROM audit_log a WHERE a.subject_id = e.subject_id AND a.action = 'consent.given'
            AND a.actor = e.actor AND a.at = e.recorded_at)`,
    );
    expect(unaudited.rows).toHaveLength(0);
    const counts = await deps.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('consent.given', 'offer.outcome')
        GROUP BY 1 ORDER BY 1`,
    );
    expect(counts.rows).toEqual([
      { action: 'consent.given', n: report.behaviour?.consents },
      { action: 'offer.outcome', n: report.behaviour?.outcomes },
    ]);
    // A person's history reads in the order it happened, never a consent before the person.
    const order = await deps.db.query<{ late: number; early: number }>(
      `SELECT (SELECT count(*)::int FROM (
                 SELECT at < lag(at) OVER (ORDER BY seq) AS back FROM audit_log
                  WHERE actor = 'test' AND action IN ('subject.create', 'consent.given', 'offer.outcome')) x
                WHERE back) AS late,
              (SELECT count(*)::int FROM audit_log c JOIN audit_log p ON p.subject_id = c.subject_id
                WHERE c.action = 'consent.given' AND p.action = 'subject.create'
                  AND (c.at < p.at OR c.seq < p.seq)) AS early`,
    );
    expect(order.rows[0]).toEqual({ late: 0, early: 0 });
    // The same digests as the API's: one person's consents and outcomes, recorded again through
    // the API for another person, give the digests the seed wrote for them.
    const person = (
      await deps.db.query<{ id: string }>(
        `SELECT subject_id AS id FROM offer_outcomes o
          WHERE EXISTS (SELECT 1 FROM consent_events e WHERE e.subject_id = o.subject_id)
          ORDER BY id LIMIT 1`,
      )
    ).rows[0]?.id;
    if (!person) throw new Error('the seed gave no one with consents and outcomes');
    const digests = async (id: string, table: 'audit_log' | 'audit_pending') =>
      (
        await deps.db.query<{ action: string; change_digest: string }>(
          `SELECT action, change_digest FROM ${table}
            WHERE subject_id = $1 AND action IN ('consent.given', 'offer.outcome') ORDER BY 1, 2`,
          [id],
        )
      ).rows;
    const other = await createSubject(deps, { lifecycle: 'customer' }, 'test');
    const given = await deps.db.query<{ purpose: string; channel: string }>(
      'SELECT purpose, channel FROM consent_events WHERE subject_id = $1 ORDER BY id',
      [person],
    );
    for (const c of given.rows)
      await recordConsent(
        deps,
        other.id,
        { purpose: c.purpose, ...(c.channel ? { channel: c.channel } : {}), state: 'given' },
        { actor: 'test', role: 'customer' },
      );
    const offered = await deps.db.query<{ product: string; accepted: boolean }>(
      'SELECT product, accepted FROM offer_outcomes WHERE subject_id = $1 ORDER BY id',
      [person],
    );
    for (const o of offered.rows) await recordOutcome(deps, other.id, o, 'test');
    const seeded = await digests(person, 'audit_log');
    expect(seeded.length).toBe(given.rows.length + offered.rows.length);
    expect(await digests(other.id, 'audit_pending')).toEqual(seeded);
  });
});

// A policy unlike the examples: consent per channel on the channels that carry it, no
// tracking (so no browsing), and an Italian population.
describe.each(BACKENDS)('demo behaviour on %s (Italian telecom)', (backend) => {
  let deps: Deps & { dispose(): Promise<void> };
  let report: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    deps = await testDeps(backend, { policy: 'test/fixtures/telecom-policy.yaml' });
    report = await seedDemo(deps, 300, 'test', { behaviour: true });
  });
  afterAll(() => deps.dispose());

  it('consents per purpose at different rates, per channel only where the purpose is per channel', async () => {
    const r = await deps.db.query<{ purpose: string; channel: string; n: number }>(
      'SELECT purpose, channel, count(*)::int AS n FROM consents GROUP BY 1, 2 ORDER BY 1, 2',
    );
    const seen = r.rows.map((x) => `${x.purpose}/${x.channel}`);
    expect(seen).toEqual(['mobile-offers/app-push', 'mobile-offers/sms', 'offers/', 'plan-fit/']);
    for (const x of r.rows) expect(x.n).toBeLessThan(150);
    expect(report.behaviour).toMatchObject({ events: 0, interests: 0 });
    expect(await verifyAudit(deps.db)).toMatchObject({ ok: true });
  });

  it('writes the identity fields the policy lists, in the country it is in, and nothing else', async () => {
    const r = await deps.db.query<{ phone: string; country: string; id_card_enc: unknown; last_ip: unknown }>(
      'SELECT phone, country, id_card_enc, last_ip FROM identities',
    );
    expect(r.rows).toHaveLength(300);
    for (const p of r.rows) {
      expect(p.phone).toMatch(/^\+39 /);
      expect(p).toMatchObject({ country: 'IT', id_card_enc: null, last_ip: null });
    }
  });
});

// Two first starts at once on one PostgreSQL database (PGlite has one process by construction):
// each its own connection, as two processes would have.
describeWhen(POSTGRES_REQUIRED, 'src/demo/seed.test.ts')('two first starts on one PostgreSQL', () => {
  let deps: Deps & { dispose(): Promise<void> };
  let dispose: () => Promise<void>;
  let starts: Deps[];
  let dir: string;
  beforeAll(async () => {
    deps = await testDeps('postgres');
    const fresh = await freshDb('postgres');
    const other = await openDb({ databaseUrl: fresh.url, dataDir: undefined });
    dir = await mkdtemp(join(tmpdir(), 'garde-two-starts-'));
    const config = { ...deps.config, dataDir: dir };
    starts = [
      { ...deps, config, db: fresh.db },
      { ...deps, config, db: other },
    ];
    dispose = async () => {
      await other.close();
      await fresh.dispose();
      await deps.dispose();
      await rm(dir, { recursive: true, force: true });
    };
  });
  afterAll(() => dispose());

  it('seed once: the second waits for the first and finds the database seeded', async () => {
    const reports = await Promise.all(
      starts.map((d) => seedDemoIfEmpty(d, 200, 'test', { behaviour: true })),
    );
    expect(reports.filter((r) => r === null)).toHaveLength(1);
    const [start] = starts as [Deps];
    const n = await start.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subjects');
    expect(n.rows[0]?.n).toBe(200);
    expect(await verifyAudit(start.db)).toMatchObject({ ok: true });
  });

  it('make one set of demo keys, which both show', async () => {
    const [a, b] = await Promise.all(starts.map((d) => ensureDemoKeys(d)));
    expect(a).toEqual(b);
    const [start] = starts as [Deps];
    const live = await start.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL AND name LIKE 'demo %'",
    );
    expect(live.rows[0]?.n).toBe(Object.keys(a?.keys ?? {}).length);
  });
});
