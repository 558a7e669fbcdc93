import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import { decide } from './decide.ts';
import { enteredAt, enteredAtSql } from './lifecycle.ts';
import type { SubjectState } from './types.ts';

const energy = (() => {
  const r = parsePolicy(readFileSync('policies/energy-services.yaml', 'utf8'));
  if (!r.ok) throw new Error('energy policy');
  return r.policy as Policy;
})();
const at = (iso: string) => new Date(iso);
// Became a customer on 1 January 2025, left on 1 October 2026, came back on 30 November 2026.
const moves = {
  customerFrom: at('2025-01-01T00:00:00Z'),
  leftAt: at('2026-10-02T00:00:00Z'),
  returnedAt: at('2026-11-30T09:00:00Z'),
};

describe('behaviour judged by the lifecycle it happened in (EN-3)', () => {
  it('a purpose covers what happened since the person last entered its lifecycles from outside them', () => {
    expect(enteredAt(['customer'], moves)).toEqual(moves.returnedAt);
    expect(enteredAt(['customer', 'former'], moves)).toEqual(moves.customerFrom);
    expect(enteredAt(['former'], moves)).toEqual(moves.leftAt);
    expect(enteredAt(['prospect'], moves)).toBeNull();
    expect(enteredAt(['prospect', 'customer'], moves)).toEqual(moves.returnedAt);
    expect(enteredAt(undefined, moves)).toBeNull();
    expect(enteredAt(['customer'], {})).toBeNull();
  });

  it('the SQL mirror reads the same columns', () => {
    expect(enteredAtSql(['customer'], 's')).toBe('GREATEST(s.customer_from, s.returned_at)');
    expect(enteredAtSql(['customer', 'former'], 's')).toBe('s.customer_from');
    expect(enteredAtSql(['former'], 's')).toBe('s.left_at');
    expect(enteredAtSql(['prospect'], 's')).toBeNull();
  });

  it('a purpose for customers and former customers covers both sides of a departure and of a return (energy)', () => {
    const state: SubjectState = {
      lifecycle: 'customer',
      controller: 'self',
      contractEndedOn: null,
      lastContactAt: null,
      consents: {},
      objections: [],
      restrictions: [],
      ...moves,
    };
    const now = at('2026-12-01T00:00:00Z');
    for (const occurredAt of ['2026-06-01T00:00:00Z', '2026-11-01T00:00:00Z']) {
      const d = decide(energy, state, { purpose: 'marketing-customers', occurredAt: at(occurredAt) }, now);
      expect(d.reasons, occurredAt).not.toContain('lifecycle.after-event');
    }
    const before = decide(
      energy,
      state,
      { purpose: 'marketing-customers', occurredAt: at('2024-12-01T00:00:00Z') },
      now,
    );
    expect(before.reasons).toContain('lifecycle.after-event');
  });
});
