// The sweeps' shape, without a system: persons go in chunks, persons kept are sent whole, and a
// table of two categories is masked until both are past.
import { describe, expect, it } from 'vitest';
import type { DatasetTable } from '../policy/schema.ts';
import { KEYS_PER_STATEMENT, type Sweep, sweepActions } from './retention.ts';

const table: DatasetTable = {
  name: 'contacts',
  person: { by: 'external-ref', column: 'customer_no' },
  fields: [{ column: 'name', category: 'identification' }],
};

describe('retention sweeps in a dataset', () => {
  it('acts on a million past persons in statements of 5,000 keys, leaving out the held ones', () => {
    const past = Array.from({ length: 12_001 }, (_, i) => `C-${i}`);
    const sweep: Sweep = {
      op: 'delete',
      where: {
        rows: [],
        keys: [
          { op: 'in', query: 'past' },
          { op: 'not-in', query: 'held' },
        ],
      },
    };
    const actions = sweepActions(
      table,
      [sweep],
      new Map([
        ['past', past],
        ['held', ['C-7']],
      ]),
    );
    expect(actions).toHaveLength(3);
    const keysOf = (a: (typeof actions)[number]) =>
      ('where' in a ? (a.where ?? []) : []).flatMap((c) => ('values' in c ? c.values : []));
    expect(actions.map((a) => keysOf(a).length)).toEqual([KEYS_PER_STATEMENT, KEYS_PER_STATEMENT, 2_000]);
    expect(actions.flatMap(keysOf)).not.toContain('C-7');
  });

  it('with no list of persons to act on, sends the persons kept whole, in one statement', () => {
    const cut = new Date('2016-06-15T10:00:00Z');
    const sweep: Sweep = {
      op: 'mask',
      columns: ['name'],
      where: {
        rows: [{ column: 'issued_on', op: 'at-or-before', value: cut }],
        keys: [{ op: 'not-in', query: 'kept' }],
      },
    };
    const kept = Array.from({ length: 6_000 }, (_, i) => `K-${i}`);
    expect(sweepActions(table, [sweep], new Map([['kept', kept]]))).toEqual([
      {
        table: 'contacts',
        op: 'mask',
        columns: ['name'],
        where: [
          { column: 'issued_on', op: 'at-or-before', value: cut },
          { column: 'customer_no', op: 'not-in', values: kept },
        ],
      },
    ]);
  });

  it('no past person: no statement at all', () => {
    const sweep: Sweep = { op: 'delete', where: { rows: [], keys: [{ op: 'in', query: 'past' }] } };
    expect(sweepActions(table, [sweep], new Map([['past', []]]))).toEqual([]);
  });
});
