import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDb, testDeps } from '../../test/support/backends.ts';
import { describeWhen, POSTGRES_REQUIRED } from '../../test/support/requires.ts';
import { verifyAudit } from '../audit/store.ts';
import { openDb } from '../platform/db/index.ts';
import type { Deps } from '../platform/deps.ts';
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

  it('writes every table and one audit entry', async () => {
    expect(report.tables.subjects).toBe(400);
    expect(report.tables.identities).toBe(400);
    for (const t of ['contracts', 'billing_records', 'holdings'])
      expect(report.tables[t]).toBeGreaterThan(200);
    expect(await verifyAudit(deps.db)).toEqual({ ok: true, entries: 1 });
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
