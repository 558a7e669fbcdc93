// The DPO's retention tools through the API (EN-10, issue 15): the dry run per rule and category
// with the legal holds that keep rows, then a run in the background with its progress; one at a
// time; a run whose process died is taken over.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { runRetentionOnce } from '../runs.ts';

type Forecast = {
  totalRows: number;
  steps: { rule: string; category: string; store: string; rows: number }[];
  byRule: { rule: string; category: string; rows: number; holds: number }[];
  holds: { category: string | null; holds: number }[];
};
type Run = {
  id: string;
  status: string;
  processed: number;
  total: number;
  report: { totalRows: number } | null;
};

describe.each(BACKENDS)('retention for the DPO on %s', (backend) => {
  let t: TestApp;
  let held: string;
  const as = (method: 'GET' | 'POST', url: string) => t.app.inject({ method, url, headers: t.as('dpo') });

  beforeAll(async () => {
    t = await testApp(backend, { policy: 'policies/energy-services.yaml' });
    const former = async () => {
      const r = await t.deps.db.query<{ id: string }>(
        "INSERT INTO subjects (lifecycle, customer_since, contract_ended_on) VALUES ('former', '2005-01-01', '2012-01-01') RETURNING id",
      );
      const id = r.rows[0]?.id as string;
      await t.deps.db.query(
        `INSERT INTO billing_records (subject_id, invoice_date, amount_cents, status)
         VALUES ($1, '2011-12-01', 1000, 'paid'), ($1, '2011-11-01', 1000, 'paid')`,
        [id],
      );
      return id;
    };
    await former();
    held = await former();
    const lapsed = await t.deps.db.query<{ id: string }>(
      "INSERT INTO subjects (lifecycle, last_contact_at) VALUES ('prospect', '2024-01-01') RETURNING id",
    );
    await t.deps.db.query("INSERT INTO identities (subject_id, given_name) VALUES ($1, 'Lapsed')", [
      lapsed.rows[0]?.id,
    ]);
    const placed = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${held}/legal-holds`,
      headers: t.as('dpo'),
      payload: { category: 'contract-billing', reason: 'Dispute before the court' },
    });
    expect(placed.statusCode).toBe(201);
  });
  afterAll(() => t.dispose());

  it('the dry run sums per rule and category what a run then removes, names the holds that keep rows, and changes nothing', async () => {
    const res = await as('GET', '/v1/retention/dry-run');
    expect(res.statusCode).toBe(200);
    const f = res.json() as Forecast;
    for (const r of f.byRule)
      expect(r.rows).toBe(
        f.steps.filter((s) => s.rule === r.rule && s.category === r.category).reduce((n, s) => n + s.rows, 0),
      );
    expect(f.byRule.map((r) => r.rule)).toEqual([...new Set(f.steps.map((s) => s.rule))]);
    // The held person's two invoices stay: only the other former customer's go.
    const billing = f.steps.filter((s) => s.store === 'billing_records').reduce((n, s) => n + s.rows, 0);
    expect(billing).toBe(2);
    expect(f.byRule.find((r) => r.rule === 'billing-10y')?.holds).toBe(1);
    expect(f.byRule.find((r) => r.rule === 'prospects-12m')?.holds).toBe(0);
    expect(f.holds).toEqual([{ category: 'contract-billing', holds: 1 }]);
    expect((await t.deps.db.query('SELECT 1 FROM billing_records')).rows).toHaveLength(4);
    const run = (await as('POST', '/v1/retention/runs')).json() as Run;
    const done = await vi.waitFor(
      async () => {
        const r = (await as('GET', `/v1/retention/runs/${run.id}`)).json() as Run;
        if (r.status === 'running') throw new Error('still running');
        return r;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(done).toMatchObject({ status: 'done', processed: done.total });
    expect(done.total).toBeGreaterThan(0);
    expect(done.report?.totalRows).toBe(f.totalRows);
    expect((await t.deps.db.query('SELECT subject_id FROM billing_records')).rows).toEqual([
      { subject_id: held },
      { subject_id: held },
    ]);
  });

  it('a run started through the API answers at once, then reports progress until done, and is audited', async () => {
    const res = await as('POST', '/v1/retention/runs');
    expect(res.statusCode).toBe(202);
    const run = res.json() as Run;
    expect(res.headers.location).toBe(`/v1/retention/runs/${run.id}`);
    expect(run.status).toBe('running');
    const seen: Run[] = [];
    await vi.waitFor(
      async () => {
        const r = (await as('GET', `/v1/retention/runs/${run.id}`)).json() as Run;
        seen.push(r);
        if (r.status !== 'done') throw new Error(r.status);
      },
      { timeout: 30_000, interval: 20 },
    );
    const processed = seen.map((r) => r.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    const listed = (await as('GET', '/v1/retention/runs?limit=1')).json() as {
      items: Run[];
      next: string | null;
    };
    expect(listed.items.map((r) => r.id)).toEqual([run.id]);
    expect(listed.next).not.toBeNull();
    const audit = (await as('GET', '/v1/audit?action=retention.&limit=20')).json() as {
      items: { action: string }[];
    };
    expect(audit.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['retention.start', 'retention.run']),
    );
  });

  it('one run at a time: a second start while one runs is 409 RETENTION_RUN_IN_PROGRESS naming it; a run whose process died is taken over', async () => {
    // Another process's run, alive (its heartbeat moves).
    const other = await t.deps.db.query<{ id: string }>(
      `INSERT INTO retention_runs (started_by, started_at, heartbeat_at, status)
       VALUES ('key:other', now(), now(), 'running') RETURNING id`,
    );
    const otherId = other.rows[0]?.id as string;
    const refused = expectProblem(await as('POST', '/v1/retention/runs'), 409, 'RETENTION_RUN_IN_PROGRESS');
    expect(refused.running).toBe(otherId);
    // Its process died: the heartbeat stopped minutes ago.
    await t.deps.db.query(
      "UPDATE retention_runs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1",
      [otherId],
    );
    const taken = await as('POST', '/v1/retention/runs');
    expect(taken.statusCode).toBe(202);
    expect(((await as('GET', `/v1/retention/runs/${otherId}`)).json() as Run).status).toBe('abandoned');
    await vi.waitFor(
      async () => {
        const r = (await as('GET', `/v1/retention/runs/${(taken.json() as Run).id}`)).json() as Run;
        if (r.status === 'running') throw new Error('still running');
      },
      { timeout: 30_000, interval: 50 },
    );
  });

  it('the daily upkeep’s retention follows the same one-run-at-a-time rule: it skips while a console run goes, and records its own run', async () => {
    const other = await t.deps.db.query<{ id: string }>(
      `INSERT INTO retention_runs (started_by, started_at, heartbeat_at, status)
       VALUES ('key:other', now(), now(), 'running') RETURNING id`,
    );
    const before = (await t.deps.db.query('SELECT 1 FROM retention_runs')).rowCount;
    expect(await runRetentionOnce(t.deps, 'system:retention')).toBeNull();
    expect((await t.deps.db.query('SELECT 1 FROM retention_runs')).rowCount).toBe(before);
    await t.deps.db.query("UPDATE retention_runs SET status = 'done' WHERE id = $1", [other.rows[0]?.id]);
    const report = await runRetentionOnce(t.deps, 'system:retention');
    expect(report).not.toBeNull();
    const own = await t.deps.db.query<{ status: string }>(
      "SELECT status FROM retention_runs WHERE started_by = 'system:retention'",
    );
    expect(own.rows.map((r) => r.status)).toEqual(['done']);
  });

  it('an unknown run is 404 RETENTION_RUN_NOT_FOUND', async () => {
    expectProblem(
      await as('GET', '/v1/retention/runs/00000000-0000-4000-8000-000000000000'),
      404,
      'RETENTION_RUN_NOT_FOUND',
    );
  });
});
