import { beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../policy/schema.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { describeDatasets } from './describe.ts';

describe("every system described the same way, Garde's own tables included (issue 16)", () => {
  let bank: Policy;
  let energy: Policy;
  beforeAll(async () => {
    bank = await loadPolicyOrThrow('policies/retail-bank.yaml');
    energy = await loadPolicyOrThrow('policies/energy-services.yaml');
  });

  it("describes Garde's tables as a dataset: the person by subject id, each column under the category the policy claims", () => {
    const [garde] = describeDatasets(energy);
    expect(garde).toMatchObject({ id: 'garde', kind: 'garde', connection: null });
    const table = (name: string) => garde?.tables.find((t) => t.name === name);
    expect(table('identities')).toMatchObject({
      person: { by: 'subject-id', column: 'subject_id' },
      categories: ['identification'],
    });
    expect(table('identities')?.fields).toContainEqual({
      column: 'email',
      category: 'identification',
      field: 'email',
    });
    // The invoices' own clock, and the category the energy policy files them under.
    expect(table('billing_records')).toMatchObject({
      clocks: { 'invoice-date': 'invoice_date' },
      categories: ['contract-billing'],
    });
    expect(table('subjects')?.person).toEqual({ by: 'subject-id', column: 'id' });
  });

  it("describes the controller's systems as declared, with their connections by variable name only", () => {
    const all = describeDatasets(bank);
    const core = all.find((d) => d.kind !== 'garde' && d.kind !== 'manual');
    expect(core?.connection?.url).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(core?.tables.length).toBeGreaterThan(0);
    for (const t of core?.tables ?? []) expect(t.categories.length).toBeGreaterThan(0);
    // A manual system names only where it keeps what.
    const manual = describeDatasets(energy).find((d) => d.kind === 'manual');
    expect(manual).toMatchObject({
      tables: [],
      places: [{ table: 'service and maintenance history', category: 'product-usage' }],
    });
  });
});
