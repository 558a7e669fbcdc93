// Profiling stops at once: when a subject withdraws the profiling consent, objects to profiling
// or restricts processing, their stored scores go in the same transaction (not at the next
// scoring run). Called by the consent capability; SQL only, so it imports nothing back.
import type { Queryable } from '../platform/db/index.ts';

export async function forgetInterests(tx: Queryable, subjectId: string): Promise<number> {
  const r = await tx.query('DELETE FROM interests WHERE subject_id = $1', [subjectId]);
  return r.rowCount;
}
