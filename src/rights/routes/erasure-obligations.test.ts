// Issue 13, the data-loss test: under a policy whose categories and fields are named nothing like
// the examples', an erasure request and the retention engine keep every invoice a legal
// obligation keeps. Garde once matched categories to tables by field name: this policy's payments
// (iban, invoiceNo) matched no table, and the erasure deleted its invoices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';
import { fulfilEverywhere } from '../../../test/support/tasks.ts';
import { runRetention } from '../../retention/run.ts';
import { createSubject } from '../../subjects/subjects.ts';

const POLICY = 'test/fixtures/other-names-policy.yaml';

describe.each(BACKENDS)('a legal obligation keeps its rows whatever the names, on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend, { policy: POLICY });
  });
  afterAll(() => t.dispose());

  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: t.as('dpo'), payload });
  const rows = async (table: string, id: string) =>
    (await t.deps.db.query(`SELECT 1 FROM ${table} WHERE subject_id = $1`, [id])).rowCount;

  async function traveller(): Promise<string> {
    const s = await createSubject(
      t.deps,
      {
        lifecycle: 'customer',
        customerSince: '2018-01-01',
        identity: {
          givenName: 'Noor',
          familyName: 'Jansen',
          email: `noor.${crypto.randomUUID()}@rail.example`,
        },
      },
      'test',
    );
    const contract = crypto.randomUUID();
    await t.deps.db.query(
      `INSERT INTO contracts (id, subject_id, product_code, started_on, monthly_price_cents) VALUES ($1, $2, 'year-pass', '2018-01-01', 9900)`,
      [contract, s.id],
    );
    await t.deps.db.query(
      `INSERT INTO billing_records (subject_id, contract_id, invoice_date, amount_cents, status)
       VALUES ($1, $2, '2026-05-01', 9900, 'paid'), ($1, $2, '2018-02-01', 9900, 'paid')`,
      [s.id, contract],
    );
    await post(`/v1/subjects/${s.id}/consents`, { purpose: 'travel-news', state: 'given' });
    return s.id;
  }

  it('erasure keeps the invoices for their seven years and erases the rest', async () => {
    const id = await traveller();
    const r = await post(`/v1/subjects/${id}/rights-requests`, { kind: 'erasure', channel: 'portal' });
    expect(r.statusCode).toBe(201);
    const done = await fulfilEverywhere(t, r.json().id, { confirmContractEnd: true });
    expect(done.statusCode).toBe(200);
    const outcome = done.json().outcome;
    expect(outcome.kept).toContainEqual({
      category: 'payments',
      basis: 'legal-obligation',
      reason: expect.any(String),
      rule: 'payments-7y',
      until: '2033-05-01',
    });
    expect(outcome.erased).toEqual(['permission-log', 'subscriptions-held', 'traveller']);
    // The tickets live in a system Garde does not reach: the DPO is told what to do there.
    expect(outcome.toEraseElsewhere).toEqual([
      {
        category: 'ticket-data',
        dataset: 'ticketing',
        table: 'tickets',
        action: 'erase-expired',
        rule: 'tickets-7y',
      },
    ]);
    expect(await rows('billing_records', id)).toBe(2);
    expect(await rows('identities', id)).toBe(0);
    expect(await rows('contracts', id)).toBe(0);
    // A "purpose" field does not make a message sent a permission: only the claimed ledgers went.
    expect(await rows('consents', id)).toBe(0);
  });

  it('retention removes an invoice on the day its seven years are over, and not one day before', async () => {
    const id = await traveller();
    const at = (iso: string) => ({ ...t.deps, now: () => new Date(iso) });
    const invoices = async () =>
      (
        await t.deps.db.query<{ d: string }>(
          `SELECT invoice_date::text AS d FROM billing_records WHERE subject_id = $1 ORDER BY 1`,
          [id],
        )
      ).rows.map((x) => x.d);
    await runRetention(at(FIXED_NOW.toISOString()));
    // 2018-02-01 + 7 years is past: it goes; the contract runs, the traveller stays.
    expect(await invoices()).toEqual(['2026-05-01']);
    expect(await rows('identities', id)).toBe(1);
    await runRetention(at('2033-04-30T23:59:59Z'));
    expect(await invoices()).toEqual(['2026-05-01']);
    await runRetention(at('2033-05-01T00:00:00Z'));
    expect(await invoices()).toEqual([]);
  });

  it('the access report files each table under the category that claims it', async () => {
    const id = await traveller();
    const report = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${id}/access-report`,
      headers: t.as('dpo'),
    });
    expect(report.statusCode).toBe(200);
    const byId = Object.fromEntries(
      report.json().categories.map((c: { id: string; data: object }) => [c.id, Object.keys(c.data)]),
    );
    expect(byId).toMatchObject({
      traveller: ['identities'],
      payments: ['billing_records'],
      'subscriptions-held': ['contracts'],
      'permission-log': ['consents', 'consent_events'],
    });
  });
});
