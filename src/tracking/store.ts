// The only SQL of tracking: the gated batch insert, reads with the age filter, and the
// monthly partitions.

import { createHash } from 'node:crypto';
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';
import { addDuration } from '../policy/duration.ts';
import type { Policy } from '../policy/schema.ts';
import { ingestStatement } from './gate.ts';
import type { CleanEvent, DropReason } from './model.ts';

const statements = new WeakMap<Policy, ReturnType<typeof ingestStatement> & { name: string }>();

export type IngestCounts = { accepted: number; dropped: Partial<Record<DropReason, number>> };

/**
 * Writes the events that pass the gate, judged inside the statement that writes them. Ingest
 * holds the gate lock shared, and every consent, objection or restriction change takes it
 * exclusively (consent store's lockGate), so a concurrent withdrawal either commits before this
 * statement takes its snapshot (and the events are dropped) or waits until this batch is
 * committed. One in-memory lock per transaction: no row locks, no write per subject row.
 */
export async function insertGated(
  tx: Queryable,
  policy: Policy,
  events: readonly CleanEvent[],
  now: Date,
): Promise<IngestCounts> {
  const out: IngestCounts = { accepted: 0, dropped: {} };
  if (events.length === 0) return out;
  let stmt = statements.get(policy);
  if (!stmt) {
    const built = ingestStatement(policy);
    // The statement depends on the policy (a purpose's look-back, its lifecycles): a prepared
    // name per text, so a connection that served another policy never runs the other's.
    const digest = createHash('sha256').update(built.sql).digest('hex').slice(0, 16);
    stmt = { ...built, name: `garde_ingest_gate_${digest}` };
    statements.set(policy, stmt);
  }
  await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [LOCKS.gate]);
  const r = await tx.query<{ reason: string; n: number }>(
    stmt.sql,
    [
      events.map((e) => e.subjectId),
      events.map((e) => e.occurredAt),
      events.map((e) => e.kind),
      events.map((e) => e.topic),
      events.map((e) => (e.props ? JSON.stringify(e.props) : null)),
      now,
      stmt.purpose.id,
      events.map((e) => e.clientId ?? null),
    ],
    { name: stmt.name },
  );
  for (const row of r.rows) {
    if (row.reason === 'accepted') out.accepted = row.n;
    else if (row.n > 0) out.dropped[row.reason as DropReason] = row.n;
  }
  return out;
}

export type StoredEvent = {
  kind: string;
  topic: string;
  occurredAt: Date;
  props: Record<string, unknown> | null;
};

export const EVENTS: Keyset = { list: 'events', parts: ['time', 'int'] };

/** BK-3: every read filters by age too, so an event past the limit is never returned. */
export async function selectEvents(
  db: Queryable,
  subjectId: string,
  oldest: Date,
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<StoredEvent>[]> {
  const r = await db.query<{
    kind: string;
    topic: string;
    occurred_at: Date;
    props: Record<string, unknown> | null;
    at: string;
    id: number;
  }>(
    `SELECT kind, topic, occurred_at, props, ${exactTime('occurred_at')} AS at, id FROM events
     WHERE subject_id = $1 AND occurred_at > $2 AND ${afterKey(EVENTS, ['occurred_at', 'id'], 'desc', 4)}
     ORDER BY occurred_at DESC, id DESC LIMIT $3`,
    [subjectId, oldest, limit, ...keyParams(EVENTS, after)],
  );
  return r.rows.map((x) => ({
    item: { kind: x.kind, topic: x.topic, occurredAt: x.occurred_at, props: x.props },
    key: [x.at, x.id],
  }));
}

/** Monthly partitions from the retention limit to three months ahead. Returns how many it made. */
export async function ensurePartitions(db: Queryable, retention: string, now: Date): Promise<number> {
  const from = addDuration(now, retention, -1);
  const months = Math.ceil((now.getTime() - from.getTime()) / (30 * 86_400_000)) + 4;
  const r = await db.query<{ made: number }>('SELECT garde_ensure_event_partitions($1::date, $2) AS made', [
    from,
    months,
  ]);
  return r.rows[0]?.made ?? 0;
}
