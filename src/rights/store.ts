// The only SQL of rights requests, legal holds and erasure notices.
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';
import type { Hold } from './erasure.ts';
import type { DueWindow, RequestStatus, RightKind, Verification } from './model.ts';

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
  verification: r.verification,
  routedTo: r.routed_to,
  details: r.details,
  outcome: r.outcome,
  closedAt: r.closed_at,
  createdBy: r.created_by,
  version: r.version,
});

const COLUMNS =
  'id, subject_id, subject_pseudonym, kind, channel, status, received_at, due_at, extended_at, extension_reason, verification, routed_to, details, outcome, closed_at, created_by, version';

export async function insertRequest(
  tx: Queryable,
  r: Omit<RightsRequest, 'id' | 'version' | 'extendedAt' | 'extensionReason' | 'outcome'>,
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

/** Filtered in SQL, then limited: a page is never short because of the filter. By due date. */
export async function selectRequests(
  db: Queryable,
  f: { subjectId?: string } & DueWindow,
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<RightsRequest>[]> {
  const r = await db.query<Row & { due: string }>(
    `SELECT ${COLUMNS}, ${exactTime('due_at')} AS due FROM rights_requests
     WHERE ($1::uuid IS NULL OR subject_id = $1) AND (NOT $2 OR closed_at IS NULL)
       AND ($3::timestamptz IS NULL OR due_at >= $3) AND ($4::timestamptz IS NULL OR due_at < $4)
       AND ($5::timestamptz IS NULL OR due_at <= $5) AND ${afterKey(REQUESTS, ['due_at', 'id'], 'asc', 7)}
     ORDER BY due_at, id LIMIT $6`,
    [
      f.subjectId ?? null,
      f.open,
      f.dueFrom ?? null,
      f.dueBefore ?? null,
      f.dueUntil ?? null,
      limit,
      ...keyParams(REQUESTS, after),
    ],
  );
  return r.rows.map((x) => ({ item: toRequest(x), key: [x.due, x.id] }));
}

export type RequestChange = Partial<
  Pick<
    RightsRequest,
    'status' | 'dueAt' | 'extendedAt' | 'extensionReason' | 'verification' | 'outcome' | 'closedAt'
  >
>;

const CHANGE_COLUMNS: Record<keyof RequestChange, string> = {
  status: 'status',
  dueAt: 'due_at',
  extendedAt: 'extended_at',
  extensionReason: 'extension_reason',
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
