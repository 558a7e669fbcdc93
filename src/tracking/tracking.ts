// The tracking capability's public functions: ingest a batch through the gate, read a
// subject's events within retention, keep the partitions moving, open a tracking session.

import type { Deps } from '../platform/deps.ts';
import { addDuration } from '../policy/duration.ts';
import { getSubject } from '../subjects/subjects.ts';
import { type DropReason, type IncomingEvent, sortEvents } from './model.ts';
import {
  dropExpiredPartitions,
  ensurePartitions,
  insertGated,
  type StoredEvent,
  selectEvents,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'now'>;

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

export async function listEvents(d: Ctx, subjectId: string, limit: number): Promise<StoredEvent[]> {
  const tracking = d.policy.tracking;
  if (!tracking) return [];
  await getSubject(d, subjectId);
  return selectEvents(d.db, subjectId, addDuration(d.now(), tracking.retention, -1), limit);
}

/** Keeps monthly partitions ready ahead and drops the ones past the limit (BK-3). */
export async function maintainPartitions(d: Ctx): Promise<{ created: number; dropped: string[] }> {
  const tracking = d.policy.tracking;
  if (!tracking) return { created: 0, dropped: [] };
  const now = d.now();
  const created = await ensurePartitions(d.db, tracking.retention, now);
  return { created, dropped: await dropExpiredPartitions(d.db, tracking.retention, now) };
}
