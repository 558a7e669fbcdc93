import { describe, expect, it } from 'vitest';
import { factsOfRows } from '../datasets/facts-sync.ts';
import { datasetFindings } from '../datasets/lint.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { factChange, factProblem, holdingsDiff, lifecycleOf } from './facts-model.ts';

const TODAY = '2026-06-15';
const NOW = new Date('2026-06-15T10:00:00Z');

describe('lifecycle facts (issue 16, EN-3, EN-10)', () => {
  it.each([
    ['customer', { contractEndedOn: '2026-06-15' }, 'former'],
    ['customer', { contractEndedOn: '2026-09-30' }, 'customer'],
    ['former', { contractEndedOn: null }, 'customer'],
    ['former', { contractEndedOn: '2020-01-01' }, 'former'],
    ['prospect', { customerSince: '2026-06-01' }, 'customer'],
    ['prospect', { lastContactAt: '2026-06-01T00:00:00Z' }, 'prospect'],
    ['customer', { lifecycle: 'former', contractEndedOn: '2026-09-30' }, 'former'],
  ] as const)('a %s with %o is %s', (before, facts, after) => {
    expect(lifecycleOf(before, facts, TODAY)).toBe(after);
  });

  it('changes only what differs, so facts Garde already holds change nothing', () => {
    const before = {
      lifecycle: 'customer' as const,
      customerSince: '2015-01-01',
      contractEndedOn: null,
      lastContactAt: new Date('2026-01-01T00:00:00Z'),
    };
    expect(
      factChange(
        before,
        { customerSince: '2015-01-01', contractEndedOn: null, lastContactAt: '2026-01-01T00:00:00.000Z' },
        TODAY,
      ),
    ).toEqual({});
    expect(factChange(before, { contractEndedOn: '2026-05-31' }, TODAY)).toEqual({
      lifecycle: 'former',
      contractEndedOn: '2026-05-31',
    });
  });

  it('refuses a future contact, an unknown product, a future holding and one listed twice, naming the fact', () => {
    const products = new Set(['heat-pump']);
    expect(factProblem({ lastContactAt: '2026-06-16T00:00:00Z' }, products, TODAY, NOW)?.[0]).toBe(
      'lastContactAt',
    );
    const h = (product: string, since = '2020-01-01', account = 'A') => ({ product, account, since });
    expect(factProblem({ holdings: [h('yacht')] }, products, TODAY, NOW)?.[0]).toBe('holdings/0/product');
    expect(factProblem({ holdings: [h('heat-pump', '2027-01-01')] }, products, TODAY, NOW)?.[0]).toBe(
      'holdings/0/since',
    );
    expect(factProblem({ holdings: [h('heat-pump'), h('heat-pump')] }, products, TODAY, NOW)?.[0]).toBe(
      'holdings/1/account',
    );
    expect(
      factProblem({ holdings: [h('heat-pump'), h('heat-pump', '2020-01-01', 'B')] }, products, TODAY, NOW),
    ).toBeNull();
  });

  it('a holding that stays keeps its row; a new day is a write; one not listed is removed', () => {
    const held = [
      { product: 'p', account: 'A', since: '2020-01-01' },
      { product: 'q', account: 'B', since: '2020-01-01' },
    ];
    expect(
      holdingsDiff(held, [
        { product: 'p', account: 'A', since: '2020-01-01' },
        { product: 'r', account: 'C', since: '2021-01-01' },
      ]),
    ).toEqual({ write: [{ product: 'r', account: 'C', since: '2021-01-01' }], remove: [held[1]] });
  });

  it("reads a person's rows: any running contract makes a customer, else the latest end; the earliest start; the latest contact", () => {
    const f = {
      table: 't',
      person: { by: 'external-ref' as const, column: 'k' },
      customerSince: 's',
      contractEnd: 'e',
      lastContact: 'c',
    };
    expect(
      factsOfRows(f, [
        { s: '2015-01-01', e: '2019-12-31', c: '2024-01-01T00:00:00.000Z' },
        { s: '2020-06-01', e: null, c: '2025-01-01' },
      ]),
    ).toEqual({
      customerSince: '2015-01-01',
      contractEndedOn: null,
      lastContactAt: '2025-01-01T00:00:00.000Z',
    });
    expect(
      factsOfRows(f, [
        { s: '2015-01-01', e: '2019-12-31' },
        { s: '2018-01-01', e: '2021-03-31' },
      ]),
    ).toMatchObject({
      contractEndedOn: '2021-03-31',
    });
    // A prospect's row (no contract) says nothing of a contract.
    expect(factsOfRows(f, [{ s: null, e: null, c: '2026-01-01' }])).toEqual({
      lastContactAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('policy check: facts come from a SQL dataset, name their table, and each fact from one dataset', async () => {
    const policy = await loadPolicyOrThrow('policies/energy-services.yaml');
    const ds = (id: string, kind: 'postgresql' | 'http', facts: object) => ({
      id,
      description: { en: id },
      kind,
      connection: { url: 'X_URL', ...(kind === 'http' ? { secret: 'X_SECRET' } : {}) },
      tables: [
        {
          name: 't',
          person: { by: 'external-ref' as const, column: 'k' },
          fields: [{ column: 'c', category: 'identification' }],
        },
      ],
      facts,
    });
    const findings = datasetFindings({
      ...policy,
      datasets: [
        ds('a', 'postgresql', {
          table: 'contracts',
          person: { by: 'external-ref', column: 'k' },
          contractEnd: 'e',
        }),
        ds('b', 'postgresql', { contractEnd: 'e' }),
        ds('c', 'http', {
          holdings: { table: 'h', person: { by: 'email', column: 'm' }, product: 'p', since: 's' },
        }),
      ],
    } as never)
      .filter((x) => x.rule === 'dataset-facts')
      .map((x) => [x.path.join('.'), x.message]);
    expect(findings).toEqual([
      [
        'datasets.1.facts',
        'name the table that holds these facts and how a person is found in it (table, person)',
      ],
      ['datasets.2.facts', expect.stringContaining('facts are read from a postgresql or mysql dataset')],
      [
        'datasets.1.facts.contractEnd',
        'contractEnd already comes from dataset "a": each fact comes from one system',
      ],
    ]);
  });
});
