import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDeps } from '../../test/support/backends.ts';
import { verifyAudit } from '../audit/store.ts';
import type { Deps } from '../platform/deps.ts';
import { seedDemo } from './seed.ts';

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

  it('stores ID-card numbers only encrypted', async () => {
    const r = await deps.db.query<{ id_card_enc: Uint8Array }>('SELECT id_card_enc FROM identities LIMIT 20');
    for (const row of r.rows) {
      expect(deps.sealer.open(Buffer.from(row.id_card_enc))).toMatch(/^\d{3}-\d{7}-\d{2}$/);
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
