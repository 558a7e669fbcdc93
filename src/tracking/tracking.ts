// The tracking capability's public functions: ingest a batch through the gate, read a
// subject's events within retention, keep partitions ready ahead, open a tracking session.

import type { Deps } from '../platform/deps.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import { addDuration } from '../policy/duration.ts';
import { getSubject } from '../subjects/subjects.ts';
import { type DropReason, type IncomingEvent, sortEvents } from './model.ts';
import { EVENTS, ensurePartitions, insertGated, type StoredEvent, selectEvents } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'now' | 'sealer'>;

export type IngestResult = {
  received: number;
  accepted: number;
  dropped: Partial<Record<DropReason, number>>;
};

/**
 * Acknowledges only after commit: the batch is written whole or not at all, and what the
 * answer counts as accepted is durable. A dropped event leaves nothing but its count.
 */
export async function ingestEvents(d: Ctx, events: readonly IncomingEvent[]): Promise<IngestResult> {
  const now = d.now();
  const sorted = sortEvents(d.policy, events, now);
  const counts = await d.db.transaction((tx) => insertGated(tx, d.policy, sorted.keep, now));
  const dropped = { ...sorted.dropped };
  for (const [reason, n] of Object.entries(counts.dropped)) {
    dropped[reason as DropReason] = (dropped[reason as DropReason] ?? 0) + (n ?? 0);
  }
  return { received: events.length, accepted: counts.accepted, dropped };
}

export async function listEvents(d: Ctx, subjectId: string, req: PageRequest): Promise<Page<StoredEvent>> {
  await getSubject(d, subjectId);
  const tracking = d.policy.tracking;
  if (!tracking) return { items: [], next: null };
  const oldest = addDuration(d.now(), tracking.retention, -1);
  return paged({ sealer: d.sealer, scope: subjectId }, EVENTS, req, (after, limit) =>
    selectEvents(d.db, subjectId, oldest, after, limit),
  );
}

/**
 * Keeps monthly partitions ready ahead. Expired ones are dropped by the retention engine
 * (src/retention/), which also honours legal holds. Returns how many it made.
 */
export async function preparePartitions(d: Ctx): Promise<number> {
  const tracking = d.policy.tracking;
  if (!tracking) return 0;
  return ensurePartitions(d.db, tracking.retention, d.now());
}
