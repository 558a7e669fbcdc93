import { describe, expect, it } from 'vitest';
import { type AuditEntry, chainEntry, findBreak, GENESIS_HASH } from './model.ts';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < n; i++) {
    const e = chainEntry(
      { actor: 'key:a', action: 'subject.update', subjectId: null, changeDigest: `d${i}` },
      prev,
      new Date(1_700_000_000_000 + i),
    );
    out.push(e);
    prev = e;
  }
  return out;
}
const genesis = { seq: 0, hash: GENESIS_HASH };

describe('audit chain', () => {
  it('a chain built entry by entry verifies', () => {
    expect(findBreak(chain(5), genesis)).toBeNull();
  });

  it('changing any field of an entry is found at that entry', () => {
    for (const field of ['actor', 'action', 'changeDigest', 'at'] as const) {
      const entries = chain(5);
      const e = entries[2] as AuditEntry;
      entries[2] = { ...e, [field]: field === 'at' ? new Date(0) : 'tampered' };
      expect(findBreak(entries, genesis)).toEqual({ seq: 3, reason: 'hash-mismatch' });
    }
  });

  it('a recomputed hash still breaks the link to the next entry', () => {
    const entries = chain(5);
    const forged = chainEntry(
      { actor: 'x', action: 'y', subjectId: null, changeDigest: 'z' },
      entries[1] as AuditEntry,
      new Date(),
    );
    entries[2] = forged;
    expect(findBreak(entries, genesis)).toEqual({ seq: 4, reason: 'broken-link' });
  });

  it('a removed entry is a gap', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findBreak(entries, genesis)).toEqual({ seq: 3, reason: 'gap' });
  });
});
