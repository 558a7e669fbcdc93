// The dry run reports exactly what the real run removes, step by step, even where steps overlap:
// a row two rules of its category would each remove, a person whose lapse takes their behaviour
// and communications with them. Counting each step on its own counted such rows twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDeps } from '../../test/support/backends.ts';
import { type RetentionReport, runRetention } from './run.ts';

const perStep = (r: RetentionReport) => r.steps.map((s) => [s.rule, s.store, s.rows]);

describe.each(BACKENDS)('a dry run equals the real run on %s', (backend) => {
  let d: Awaited<ReturnType<typeof testDeps>>;
  beforeAll(async () => {
    d = await testDeps(backend, { policy: 'policies/energy-services.yaml' });
    // A customer who left long ago: an old invoice is past both the invoice-date and the
    // contract-end obligation of its category, so two steps would each remove it.
    const left = await d.db.query<{ id: string }>(
      "INSERT INTO subjects (lifecycle, customer_since, contract_ended_on) VALUES ('former', '2005-01-01', '2012-01-01') RETURNING id",
    );
    const id = left.rows[0]?.id;
    await d.db.query(
      `INSERT INTO billing_records (subject_id, invoice_date, amount_cents, status)
       VALUES ($1, '2011-12-01', 1000, 'paid'), ($1, '2011-11-01', 1000, 'paid')`,
      [id],
    );
    // A prospect whose last contact lapsed: they go, with their communications.
    const lapsed = await d.db.query<{ id: string }>(
      "INSERT INTO subjects (lifecycle, last_contact_at) VALUES ('prospect', '2024-01-01') RETURNING id",
    );
    await d.db.query("INSERT INTO identities (subject_id, given_name) VALUES ($1, 'Lapsed')", [
      lapsed.rows[0]?.id,
    ]);
  });
  afterAll(() => d.dispose());

  it('reports per rule and table exactly what the real run then removes, and changes nothing', async () => {
    const dry = await runRetention(d, { dryRun: true });
    const invoices = (await d.db.query('SELECT 1 FROM billing_records')).rows.length;
    expect(invoices).toBe(2);
    const real = await runRetention(d);
    expect(perStep(dry)).toEqual(perStep(real));
    expect(dry.totalRows).toBe(real.totalRows);
    // Each invoice is counted once, by the first rule that removes it.
    const billing = real.steps.filter((s) => s.store === 'billing_records').reduce((n, s) => n + s.rows, 0);
    expect(billing).toBe(2);
    expect((await d.db.query('SELECT 1 FROM billing_records')).rows).toHaveLength(0);
  });
});
