// The audit chain: each entry's hash covers its own fields and the previous entry's hash, so
// changing, removing or reordering any stored entry breaks every hash after it.
import { canonicalJson, sha256Hex } from '../platform/crypto.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntry = {
  seq: number;
  at: Date;
  /** Who acted: `key:<id>`, `cli`, `system:<job>`; never a name or an e-mail. */
  actor: string;
  action: string;
  subjectId: string | null;
  /** sha256 of the canonical change, so the trail proves what changed without holding personal data. */
  changeDigest: string;
  /**
   * Non-personal ids the action concerns, readable (a campaign, a processor), or null. Never a
   * name, an address or a free text: the digest stands for what may be personal.
   */
  detail: Record<string, string> | null;
  prevHash: string;
  hash: string;
};

export type AuditDraft = Pick<AuditEntry, 'actor' | 'action' | 'subjectId' | 'changeDigest'> &
  Partial<Pick<AuditEntry, 'detail'>>;

export function hashEntry(e: Omit<AuditEntry, 'hash'>): string {
  const fields: unknown[] = [
    e.seq,
    e.at.toISOString(),
    e.actor,
    e.action,
    e.subjectId,
    e.changeDigest,
    e.prevHash,
  ];
  // Only an entry with a detail covers it: entries chained before it existed keep their hash.
  if (e.detail) fields.push(e.detail);
  return sha256Hex(canonicalJson(fields));
}

export function chainEntry(draft: AuditDraft, prev: { seq: number; hash: string }, at: Date): AuditEntry {
  const unsigned = { ...draft, detail: draft.detail ?? null, seq: prev.seq + 1, at, prevHash: prev.hash };
  return { ...unsigned, hash: hashEntry(unsigned) };
}

export type ChainBreak = { seq: number; reason: 'hash-mismatch' | 'broken-link' | 'gap' };

/**
 * Checks entries that follow `prev` (in seq order). Returns the first broken entry, or null.
 * Incremental so a long chain is verified page by page.
 */
export function findBreak(
  entries: readonly AuditEntry[],
  prev: { seq: number; hash: string },
): ChainBreak | null {
  let last = prev;
  for (const e of entries) {
    if (e.seq !== last.seq + 1) return { seq: e.seq, reason: 'gap' };
    if (e.prevHash !== last.hash) return { seq: e.seq, reason: 'broken-link' };
    if (hashEntry(e) !== e.hash) return { seq: e.seq, reason: 'hash-mismatch' };
    last = e;
  }
  return null;
}
