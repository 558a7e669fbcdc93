// The only SQL of rights requests, legal holds and erasure notices.
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';
import type { Hold } from './erasure.ts';
import type { DueWindow, PauseReason, RequestStatus, RightKind, Urgency, Verification } from './model.ts';

export type RightsRequest = {
  id: string;
  subjectId: string | null;
  subjectPseudonym: string;
  kind: RightKind;
  channel: string;
  status: RequestStatus;
  receivedAt: Date;
  dueAt: Date;
  extendedAt: Date | null;
  extensionReason: string | null;
  /** While paused: since when and why (model.ts PAUSE_REASONS). */
  pausedAt: Date | null;
  pauseReason: PauseReason | null;
  verification: Verification | null;
  routedTo: string | null;
  details: Record<string, unknown>;
  outcome: Record<string, unknown> | null;
  closedAt: Date | null;
  createdBy: string;
  version: number;
};

type Row = {
  id: string;
  subject_id: string | null;
  subject_pseudonym: string;
  kind: RightKind;
  channel: string;
  status: RequestStatus;
  received_at: Date;
  due_at: Date;
  extended_at: Date | null;
  extension_reason: string | null;
  paused_at: Date | null;
  pause_reason: PauseReason | null;
  verification: Verification | null;
  routed_to: string | null;
  details: Record<string, unknown>;
  outcome: Record<string, unknown> | null;
  closed_at: Date | null;
  created_by: string;
  version: number;
};

const toRequest = (r: Row): RightsRequest => ({
  id: r.id,
  subjectId: r.subject_id,
  subjectPseudonym: r.subject_pseudonym,
  kind: r.kind,
  channel: r.channel,
  status: r.status,
  receivedAt: r.received_at,
  dueAt: r.due_at,
  extendedAt: r.extended_at,
  extensionReason: r.extension_reason,
  pausedAt: r.paused_at,
  pauseReason: r.pause_reason,
  verification: r.verification,
  routedTo: r.routed_to,
  details: r.details,
  outcome: r.outcome,
  closedAt: r.closed_at,
  createdBy: r.created_by,
  version: r.version,
});

const COLUMNS =
  'id, subject_id, subject_pseudonym, kind, channel, status, received_at, due_at, extended_at, extension_reason, paused_at, pause_reason, verification, routed_to, details, outcome, closed_at, created_by, version';

export async function insertRequest(
  tx: Queryable,
  r: Omit<
    RightsRequest,
    'id' | 'version' | 'extendedAt' | 'extensionReason' | 'outcome' | 'pausedAt' | 'pauseReason'
  >,
): Promise<RightsRequest> {
  const out = await tx.query<Row>(
    `INSERT INTO rights_requests (subject_id, subject_pseudonym, kind, channel, status, received_at, due_at, verification, routed_to, details, closed_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
    [
      r.subjectId,
      r.subjectPseudonym,
      r.kind,
      r.channel,
      r.status,
      r.receivedAt,
      r.dueAt,
      r.verification,
      r.routedTo,
      r.details,
      r.closedAt,
      r.createdBy,
    ],
  );
  return toRequest(out.rows[0] as Row);
}

export async function selectRequest(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<RightsRequest | null> {
  const r = await db.query<Row>(
    `SELECT ${COLUMNS} FROM rights_requests WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0] ? toRequest(r.rows[0]) : null;
}

export const REQUESTS: Keyset = { list: 'rights-requests', parts: ['time', 'uuid'] };

/** The queue's filters besides urgency (each optional; `receivedFrom <= received_at < receivedBefore`). */
export type QueueFilter = {
  subjectId?: string;
  status?: RequestStatus;
  kind?: RightKind;
  channel?: string;
  receivedFrom?: Date;
  receivedBefore?: Date;
};

/** The WHERE of the queue, its parameters numbered from 1: shared by the page and the counts. */
function queueWhere(f: QueueFilter & Partial<DueWindow>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const conds: string[] = [];
  const add = (cond: string, value: unknown) => {
    params.push(value);
    conds.push(cond.replaceAll('?', `$${params.length}`));
  };
  if (f.subjectId) add('subject_id = ?', f.subjectId);
  if (f.status) add('status = ?', f.status);
  if (f.kind) add('kind = ?', f.kind);
  if (f.channel) add('channel = ?', f.channel);
  if (f.receivedFrom) add('received_at >= ?', f.receivedFrom);
  if (f.receivedBefore) add('received_at < ?', f.receivedBefore);
  // `closed_at IS NULL` as written in the partial index, so the planner can use it.
  if (f.open) conds.push('closed_at IS NULL');
  if (f.closed) conds.push('closed_at IS NOT NULL');
  if (f.paused === true) conds.push("status = 'paused'");
  if (f.paused === false) conds.push("status <> 'paused'");
  if (f.dueFrom) add('due_at >= ?', f.dueFrom);
  if (f.dueBefore) add('due_at < ?', f.dueBefore);
  if (f.dueUntil) add('due_at <= ?', f.dueUntil);
  if (f.dueAfter) add('due_at > ?', f.dueAfter);
  return { sql: conds.length ? conds.join(' AND ') : 'TRUE', params };
}

/**
 * Filtered in SQL, then limited: a page is never short because of the filter. By due date, then
 * id, read along rights_requests_open_idx (open) or rights_requests_due_idx (migration 046).
 */
export async function selectRequests(
  db: Queryable,
  f: QueueFilter & DueWindow,
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<RightsRequest>[]> {
  const w = queueWhere(f);
  const n = w.params.length;
  const r = await db.query<Row & { due: string }>(
    `SELECT ${COLUMNS}, ${exactTime('due_at')} AS due FROM rights_requests
     WHERE ${w.sql} AND ${afterKey(REQUESTS, ['due_at', 'id'], 'asc', n + 2)}
     ORDER BY due_at, id LIMIT $${n + 1}`,
    [...w.params, limit, ...keyParams(REQUESTS, after)],
  );
  return r.rows.map((x) => ({ item: toRequest(x), key: [x.due, x.id] }));
}

/**
 * How many requests each urgency group holds under the other filters, in one pass: the same
 * bounds as model.ts urgency(), `soon` being now + the due-soon window.
 */
export async function countRequests(
  db: Queryable,
  f: QueueFilter,
  now: Date,
  soon: Date,
): Promise<Record<Urgency, number>> {
  const w = queueWhere(f);
  const n = w.params.length;
  const r = await db.query<Record<Urgency, string | number>>(
    `SELECT
       count(*) FILTER (WHERE closed_at IS NULL AND status <> 'paused' AND due_at < $${n + 1}) AS "overdue",
       count(*) FILTER (WHERE closed_at IS NULL AND status <> 'paused' AND due_at >= $${n + 1} AND due_at <= $${n + 2}) AS "due-soon",
       count(*) FILTER (WHERE closed_at IS NULL AND status <> 'paused' AND due_at > $${n + 2}) AS "on-time",
       count(*) FILTER (WHERE closed_at IS NULL AND status = 'paused') AS "paused",
       count(*) FILTER (WHERE closed_at IS NOT NULL) AS "closed"
     FROM rights_requests WHERE ${w.sql}`,
    [...w.params, now, soon],
  );
  const row = r.rows[0] as Record<Urgency, string | number>;
  return {
    overdue: Number(row.overdue),
    'due-soon': Number(row['due-soon']),
    'on-time': Number(row['on-time']),
    paused: Number(row.paused),
    closed: Number(row.closed),
  };
}

export type RequestChange = Partial<
  Pick<
    RightsRequest,
    | 'status'
    | 'dueAt'
    | 'extendedAt'
    | 'extensionReason'
    | 'pausedAt'
    | 'pauseReason'
    | 'verification'
    | 'outcome'
    | 'closedAt'
  >
>;

const CHANGE_COLUMNS: Record<keyof RequestChange, string> = {
  status: 'status',
  dueAt: 'due_at',
  extendedAt: 'extended_at',
  extensionReason: 'extension_reason',
  pausedAt: 'paused_at',
  pauseReason: 'pause_reason',
  verification: 'verification',
  outcome: 'outcome',
  closedAt: 'closed_at',
};

export async function updateRequest(
  tx: Queryable,
  id: string,
  change: RequestChange,
  event: { status: string; note: string | null; actor: string; at: Date },
): Promise<RightsRequest> {
  const entries = Object.entries(change).filter(([, v]) => v !== undefined) as [
    keyof RequestChange,
    unknown,
  ][];
  const sets = entries.map(([k], i) => `${CHANGE_COLUMNS[k]} = $${i + 2}`);
  const r = await tx.query<Row>(
    `UPDATE rights_requests SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, ...entries.map(([, v]) => v)],
  );
  await insertEvent(tx, id, event);
  return toRequest(r.rows[0] as Row);
}

export async function insertEvent(
  tx: Queryable,
  requestId: string,
  e: { status: string; note: string | null; actor: string; at: Date },
): Promise<void> {
  await tx.query(
    'INSERT INTO rights_request_events (request_id, status, note, actor, at) VALUES ($1, $2, $3, $4, $5)',
    [requestId, e.status, e.note, e.actor, e.at],
  );
}

export type RequestEvent = { status: string; note: string | null; actor: string; at: Date };

export async function selectEvents(db: Queryable, requestId: string): Promise<RequestEvent[]> {
  const r = await db.query<RequestEvent>(
    'SELECT status, note, actor, at FROM rights_request_events WHERE request_id = $1 ORDER BY id',
    [requestId],
  );
  return r.rows;
}

export const HOLDS: Keyset = { list: 'legal-holds', parts: ['int'] };

/** Active holds by id, after a cursor; `limit` null reads them all (erasure). */
export async function selectHolds(
  db: Queryable,
  subjectId: string,
  after: KeyValue[] | null = null,
  limit: number | null = null,
): Promise<Keyed<Hold & { id: number }>[]> {
  const r = await db.query<{ id: number; category: string | null; reason: string; until: string | null }>(
    `SELECT id, category, reason, until FROM legal_holds
     WHERE subject_id = $1 AND released_at IS NULL AND ${afterKey(HOLDS, ['id'], 'asc', 3)} ORDER BY id LIMIT $2`,
    [subjectId, limit, ...keyParams(HOLDS, after)],
  );
  return r.rows.map((x) => ({ item: x, key: [x.id] }));
}

export const ALL_HOLDS: Keyset = { list: 'legal-holds-all', parts: ['int'] };

export type HeldSubject = Hold & { id: number; subjectId: string; placedBy: string; placedAt: Date };

/** Every active hold, of every subject, by id after a cursor (the DPO's list). */
export async function selectAllHolds(
  db: Queryable,
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<HeldSubject>[]> {
  const r = await db.query<HeldSubject>(
    `SELECT id, subject_id AS "subjectId", category, reason, until, placed_by AS "placedBy", placed_at AS "placedAt"
     FROM legal_holds WHERE released_at IS NULL AND ${afterKey(ALL_HOLDS, ['id'], 'asc', 2)} ORDER BY id LIMIT $1`,
    [limit, ...keyParams(ALL_HOLDS, after)],
  );
  return r.rows.map((x) => ({ item: x, key: [x.id] }));
}

/** Active holds per category (null: every category), for the retention dry run. */
export async function countActiveHolds(
  db: Queryable,
  at: Date,
): Promise<{ category: string | null; holds: number }[]> {
  const r = await db.query<{ category: string | null; holds: number }>(
    `SELECT category, count(*)::int AS holds FROM legal_holds
     WHERE released_at IS NULL AND (until IS NULL OR until > ($1::timestamptz AT TIME ZONE 'UTC')::date)
     GROUP BY category`,
    [at],
  );
  return r.rows;
}

export async function insertHold(
  tx: Queryable,
  h: Hold & { subjectId: string; actor: string; at: Date },
): Promise<number> {
  const r = await tx.query<{ id: number }>(
    'INSERT INTO legal_holds (subject_id, category, reason, until, placed_by, placed_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [h.subjectId, h.category, h.reason, h.until, h.actor, h.at],
  );
  return (r.rows[0] as { id: number }).id;
}

export async function releaseHold(tx: Queryable, subjectId: string, id: number, at: Date): Promise<boolean> {
  const r = await tx.query(
    'UPDATE legal_holds SET released_at = $3 WHERE id = $2 AND subject_id = $1 AND released_at IS NULL',
    [subjectId, id, at],
  );
  return r.rowCount > 0;
}

export type Notice = {
  id: number;
  recipient: string;
  subjectId: string;
  categories: string[];
  requestId: string;
};

/** Pending notices, oldest first, locked so two deliverers never send one twice. */
export async function claimNotices(tx: Queryable, limit: number): Promise<Notice[]> {
  const r = await tx.query<{
    id: number;
    recipient: string;
    subject_id: string;
    categories: string[];
    request_id: string;
  }>(
    `SELECT id, recipient, subject_id, categories, request_id FROM erasure_notices
     WHERE delivered_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return r.rows.map((n) => ({
    id: n.id,
    recipient: n.recipient,
    subjectId: n.subject_id,
    categories: n.categories,
    requestId: n.request_id,
  }));
}

export async function markDelivered(tx: Queryable, ids: readonly number[], at: Date): Promise<void> {
  await tx.query(
    'UPDATE erasure_notices SET delivered_at = $2, subject_id = NULL WHERE id = ANY($1::bigint[])',
    [ids, at],
  );
}

export type Delivery = {
  format: string;
  sha256: string;
  bytes: number;
  via: 'privacy-page' | 'staff';
  actor: string;
  at: Date;
};

/** Records one delivery of a report or export: its digest and size, never its bytes. */
export async function insertDelivery(tx: Queryable, requestId: string, d: Delivery): Promise<void> {
  await tx.query(
    'INSERT INTO rights_deliveries (request_id, format, sha256, bytes, via, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [requestId, d.format, d.sha256, d.bytes, d.via, d.actor, d.at],
  );
}

/** The deliveries of a request, oldest first (a request is downloaded a handful of times). */
export async function selectDeliveries(db: Queryable, requestId: string): Promise<Delivery[]> {
  const r = await db.query<Delivery>(
    'SELECT format, sha256, bytes, via, actor, at FROM rights_deliveries WHERE request_id = $1 ORDER BY id',
    [requestId],
  );
  return r.rows;
}
