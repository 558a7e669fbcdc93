// The only SQL of consent, objections and restrictions: each write appends to its ledger and
// updates the projection in the same statement sequence of one transaction.
import { consentKey } from '../decide/consent.ts';
import { ENTRY_COLUMNS } from '../decide/lifecycle.ts';
import type { ConsentState, Lift, ObjectionKind, SubjectState } from '../decide/types.ts';
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, keyParams } from '../platform/db/keyset.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';
import type { Source } from './model.ts';

/**
 * Gate changes wait for in-flight tracking batches and hold new ones back until they commit
 * (see tracking insertGated): a withdrawal is never slipped past. The key is shared with it.
 */
export async function lockGate(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.gate]);
}

export type Proof = { actor: string; source: Source; recordedAt: Date };

export type ConsentEvent = Proof & {
  id: number;
  subjectId: string;
  purpose: string;
  channel: string;
  state: ConsentState;
  noticeVersion: string;
  /** The language of the notice shown when the choice was made (ISO 639-1); null when unknown. */
  noticeLanguage: string | null;
  userAgent: string | null;
  ipPrefix: string | null;
  /** The browser sent Global Privacy Control with the request that made this record. */
  gpc: boolean;
};

/**
 * Appends a consent record and updates the projection (the rule: src/decide/consent.ts).
 * `replacesChannels`: a purpose-wide record the person makes replaces that purpose's channel
 * records; a GPC withdrawal does not (it withdraws only what was given without the signal).
 */
export async function insertConsent(
  tx: Queryable,
  e: Omit<ConsentEvent, 'id'>,
  replacesChannels: boolean,
): Promise<number> {
  await lockGate(tx);
  const r = await tx.query<{ id: number }>(
    `INSERT INTO consent_events (subject_id, purpose, channel, state, actor, source, notice_version, recorded_at, user_agent, ip_prefix, gpc, notice_language)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      e.subjectId,
      e.purpose,
      e.channel,
      e.state,
      e.actor,
      e.source,
      e.noticeVersion,
      e.recordedAt,
      e.userAgent,
      e.ipPrefix,
      e.gpc,
      e.noticeLanguage,
    ],
  );
  const id = (r.rows[0] as { id: number }).id;
  // Concurrent records for one consent: the projection keeps the later ledger entry. A `given`
  // that follows a `given` keeps the start of the run (given_since).
  await tx.query(
    `INSERT INTO consents (subject_id, purpose, channel, state, event_id, updated_at, given_since, under_gpc)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $4 = 'given' THEN $6::timestamptz END, $7)
     ON CONFLICT (subject_id, purpose, channel) DO UPDATE
       SET state = EXCLUDED.state, event_id = EXCLUDED.event_id, updated_at = EXCLUDED.updated_at,
           given_since = CASE WHEN EXCLUDED.state <> 'given' THEN NULL
                              WHEN consents.state = 'given' THEN consents.given_since
                              ELSE EXCLUDED.given_since END,
           under_gpc = EXCLUDED.under_gpc
       WHERE consents.event_id < EXCLUDED.event_id`,
    [e.subjectId, e.purpose, e.channel, e.state, id, e.recordedAt, e.gpc],
  );
  if (e.channel === '' && replacesChannels) {
    await tx.query(
      "DELETE FROM consents WHERE subject_id = $1 AND purpose = $2 AND channel <> '' AND event_id < $3",
      [e.subjectId, e.purpose, id],
    );
  }
  return id;
}

type ConsentRow = {
  id: number;
  subject_id: string;
  purpose: string;
  channel: string;
  state: ConsentState;
  actor: string;
  source: Source;
  notice_version: string;
  notice_language: string | null;
  recorded_at: Date;
  user_agent: string | null;
  ip_prefix: string | null;
  gpc: boolean;
};

export const CONSENT_HISTORY: Keyset = { list: 'consent-history', parts: ['int'] };
/** The same ledger newest first: its own list, so a cursor of one order never walks the other. */
export const CONSENT_HISTORY_NEWEST: Keyset = { list: 'consent-history-newest', parts: ['int'] };

/** The ledger oldest first (or newest first), after a cursor; `limit` null reads it whole (the receipt). */
export async function selectConsentHistory(
  db: Queryable,
  subjectId: string,
  after: KeyValue[] | null = null,
  limit: number | null = null,
  newestFirst = false,
): Promise<Keyed<ConsentEvent>[]> {
  const k = newestFirst ? CONSENT_HISTORY_NEWEST : CONSENT_HISTORY;
  const dir = newestFirst ? 'desc' : 'asc';
  const r = await db.query<ConsentRow>(
    `SELECT id, subject_id, purpose, channel, state, actor, source, notice_version, notice_language, recorded_at, user_agent, ip_prefix, gpc
     FROM consent_events WHERE subject_id = $1 AND ${afterKey(k, ['id'], dir, 3)}
     ORDER BY id ${dir.toUpperCase()} LIMIT $2`,
    [subjectId, limit, ...keyParams(k, after)],
  );
  return r.rows.map((x) => ({
    item: {
      id: x.id,
      subjectId: x.subject_id,
      purpose: x.purpose,
      channel: x.channel,
      state: x.state,
      actor: x.actor,
      source: x.source,
      noticeVersion: x.notice_version,
      noticeLanguage: x.notice_language,
      recordedAt: x.recorded_at,
      userAgent: x.user_agent,
      ipPrefix: x.ip_prefix,
      gpc: x.gpc,
    },
    key: [x.id],
  }));
}

export type ObjectionChange = Proof & {
  subjectId: string;
  kind: ObjectionKind;
  purpose: string;
  raise: boolean;
  /** The browser sent Global Privacy Control with the request. */
  gpc: boolean;
};
export type RestrictionChange = Proof & {
  subjectId: string;
  purpose: string;
  reason: string;
  impose: boolean;
};

/**
 * Raises or lifts an objection. The projection's primary key arbitrates concurrent writers:
 * only the writer whose INSERT or DELETE changed a row appends to the ledger. Returns false
 * when nothing changed (raising an active objection, lifting an absent one).
 */
export async function recordObjection(tx: Queryable, c: ObjectionChange): Promise<boolean> {
  await lockGate(tx);
  const key = [c.subjectId, c.kind, c.purpose];
  const changed = c.raise
    ? await tx.query(
        `INSERT INTO objections (subject_id, kind, purpose, since, event_id) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT DO NOTHING`,
        [...key, c.recordedAt],
      )
    : await tx.query('DELETE FROM objections WHERE subject_id = $1 AND kind = $2 AND purpose = $3', key);
  if (changed.rowCount === 0) return false;
  const event = await tx.query<{ id: number }>(
    `INSERT INTO objection_events (subject_id, kind, purpose, action, actor, source, recorded_at, gpc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [...key, c.raise ? 'raised' : 'lifted', c.actor, c.source, c.recordedAt, c.gpc],
  );
  if (c.raise) {
    await tx.query(
      'UPDATE objections SET event_id = $4 WHERE subject_id = $1 AND kind = $2 AND purpose = $3',
      [...key, (event.rows[0] as { id: number }).id],
    );
  }
  return true;
}

/** Imposes or lifts a restriction (Art. 18), arbitrated like recordObjection. */
export async function recordRestriction(tx: Queryable, c: RestrictionChange): Promise<boolean> {
  await lockGate(tx);
  const key = [c.subjectId, c.purpose];
  const changed = c.impose
    ? await tx.query(
        `INSERT INTO restrictions (subject_id, purpose, reason, since, event_id) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT DO NOTHING`,
        [...key, c.reason, c.recordedAt],
      )
    : await tx.query('DELETE FROM restrictions WHERE subject_id = $1 AND purpose = $2', key);
  if (changed.rowCount === 0) return false;
  const event = await tx.query<{ id: number }>(
    `INSERT INTO restriction_events (subject_id, purpose, action, reason, actor, source, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [...key, c.impose ? 'imposed' : 'lifted', c.reason, c.actor, c.source, c.recordedAt],
  );
  if (c.impose) {
    await tx.query('UPDATE restrictions SET event_id = $3 WHERE subject_id = $1 AND purpose = $2', [
      ...key,
      (event.rows[0] as { id: number }).id,
    ]);
  }
  return true;
}

type StateRow = {
  t: 's' | 'c' | 'o' | 'r' | 'm' | 'u' | 'e';
  id: string;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
  e: string | null;
};

export type StoredState = SubjectState & {
  restrictionsDetail: { purpose: string | null; reason: string; since: string }[];
  /** Keys of `consents` whose current record was made while the browser sent GPC. */
  underGpc: ReadonlySet<string>;
};

// Hot path of every decision: snapshotted in test/sql/ so a change shows in review.
// A consent's updated_at is floored to the millisecond, as SQL compares it with the outdated
// windows' bounds (decide/sql-consent.ts): rounding up could put a record on the other side.
export const STATE_SQL = `SELECT 's' AS t, id, lifecycle AS a, controller AS b, contract_ended_on::text AS c,
            (extract(epoch FROM last_contact_at) * 1000)::bigint::text AS d,
            concat(${ENTRY_COLUMNS.map((c) => `(extract(epoch FROM ${c}) * 1000)::bigint`).join(", ',', ")}) AS e
       FROM subjects WHERE id = ANY($1::uuid[])
     UNION ALL SELECT 'c', subject_id, purpose, channel, state, (extract(epoch FROM given_since) * 1000)::bigint::text,
            under_gpc::text || ',' || floor(extract(epoch FROM updated_at) * 1000)::bigint::text FROM consents WHERE subject_id = ANY($1::uuid[])
     UNION ALL SELECT 'o', subject_id, kind, purpose, NULL, NULL, NULL FROM objections WHERE subject_id = ANY($1::uuid[])
     UNION ALL SELECT 'r', subject_id, purpose, reason, (extract(epoch FROM since) * 1000)::bigint::text, NULL, NULL
       FROM restrictions WHERE subject_id = ANY($1::uuid[])
     UNION ALL SELECT 'u', subject_id, topic, NULL, NULL, NULL, NULL FROM subscriptions WHERE subject_id = ANY($1::uuid[])
     UNION ALL SELECT 'm', subject_id, NULL, NULL, (extract(epoch FROM max(sent_at)) * 1000)::bigint::text, NULL, NULL
       FROM communications WHERE subject_id = ANY($1::uuid[]) AND commercial GROUP BY subject_id
     UNION ALL SELECT 'e', subject_id, event, NULL, (extract(epoch FROM occurred_at) * 1000)::bigint::text, NULL, NULL
       FROM retention_events WHERE subject_id = ANY($1::uuid[])`;

const msDate = (ms: string | null) => (ms === null ? null : new Date(Number(ms)));

/** The lifecycle entry instants, in ENTRY_COLUMNS' order, as the state read packs them ("ms,ms,ms"). */
function lifecycleEntries(
  packed: string | null,
): Pick<SubjectState, 'customerFrom' | 'returnedAt' | 'leftAt'> {
  const [customerFrom, returnedAt, leftAt] = (packed ?? '').split(',').map((ms) => msDate(ms || null));
  return { customerFrom, returnedAt, leftAt };
}

/**
 * The current state of many subjects in one round trip, straight from the projections: no
 * cache, so a withdrawal committed by any process is seen by the next decision. Flat rows from
 * index scans (no per-subject aggregation), assembled here. `history`: also the last lift of
 * each objection and restriction, to judge data at the time it came into being.
 */
export async function selectStates(
  db: Queryable,
  ids: readonly string[],
  opts: { history?: boolean } = {},
): Promise<Map<string, StoredState>> {
  const r = await db.query<StateRow>(STATE_SQL, [ids]);
  const out = new Map<string, StoredState>();
  for (const row of r.rows) if (row.t === 's') out.set(row.id, emptyState(row));
  for (const row of r.rows) {
    const s = out.get(row.id);
    if (s && row.t !== 's') addRow(s, row);
  }
  for (const s of out.values()) sortState(s);
  if (opts.history) await addLifts(db, ids, out);
  return out;
}

function emptyState(row: StateRow): StoredState {
  return {
    lifecycle: row.a as SubjectState['lifecycle'],
    controller: row.b as string,
    contractEndedOn: row.c,
    lastContactAt: msDate(row.d),
    ...lifecycleEntries(row.e),
    consents: {},
    consentSince: {},
    consentRecordedAt: {},
    objections: [],
    restrictions: [],
    restrictionsDetail: [],
    lastCommercialContactAt: null,
    subscriptions: [],
    retentionEvents: {},
    underGpc: new Set(),
  };
}

function addRow(state: StoredState, row: StateRow): void {
  const s = state as StoredState & {
    consents: Record<string, ConsentState>;
    consentSince: Record<string, Date>;
    consentRecordedAt: Record<string, Date>;
    objections: { kind: ObjectionKind; purpose: string | null }[];
    restrictions: { purpose: string | null }[];
    subscriptions: string[];
    retentionEvents: Record<string, Date>;
    underGpc: Set<string>;
  };
  if (row.t === 'c') {
    const key = consentKey(row.a as string, row.b || undefined);
    s.consents[key] = row.c as ConsentState;
    const since = msDate(row.d);
    if (since) s.consentSince[key] = since;
    // under_gpc and when the answering record was made (issue 17: read against outdated windows).
    const [gpc, recorded] = (row.e ?? '').split(',');
    if (gpc === 'true') s.underGpc.add(key);
    if (recorded) s.consentRecordedAt[key] = new Date(Number(recorded));
  } else if (row.t === 'm') s.lastCommercialContactAt = msDate(row.c);
  else if (row.t === 'u') s.subscriptions.push(row.a as string);
  else if (row.t === 'e') s.retentionEvents[row.a as string] = msDate(row.c) as Date;
  else if (row.t === 'o') s.objections.push({ kind: row.a as ObjectionKind, purpose: row.b || null });
  else {
    s.restrictions.push({ purpose: row.a || null });
    s.restrictionsDetail.push({
      purpose: row.a || null,
      reason: row.b as string,
      since: new Date(Number(row.c)).toISOString(),
    });
  }
}

function sortState(s: StoredState): void {
  if (s.objections.length > 1)
    (s.objections as { kind: string; purpose: string | null }[]).sort((x, y) =>
      `${x.kind}:${x.purpose}`.localeCompare(`${y.kind}:${y.purpose}`),
    );
  if (s.restrictionsDetail.length > 1)
    s.restrictionsDetail.sort((x, y) => (x.purpose ?? '').localeCompare(y.purpose ?? ''));
  (s.subscriptions as string[]).sort();
}

/** The last lift of each objection and restriction: when permission came back. */
async function addLifts(db: Queryable, ids: readonly string[], out: Map<string, StoredState>) {
  const r = await db.query<{ t: 'o' | 'r'; id: string; kind: string | null; purpose: string; at: Date }>(
    `SELECT 'o' AS t, subject_id AS id, kind, purpose, max(recorded_at) AS at FROM objection_events
       WHERE subject_id = ANY($1::uuid[]) AND action = 'lifted' GROUP BY subject_id, kind, purpose
     UNION ALL SELECT 'r', subject_id, NULL, purpose, max(recorded_at) FROM restriction_events
       WHERE subject_id = ANY($1::uuid[]) AND action = 'lifted' GROUP BY subject_id, purpose`,
    [ids],
  );
  const lifts = new Map<string, Lift[]>();
  for (const x of r.rows) {
    const purpose = x.purpose || null;
    const lift: Lift =
      x.t === 'o'
        ? { what: 'objection', kind: x.kind as ObjectionKind, purpose, at: x.at }
        : { what: 'restriction', purpose, at: x.at };
    lifts.set(x.id, [...(lifts.get(x.id) ?? []), lift]);
  }
  for (const [id, s] of out) (s as { lifted?: Lift[] }).lifted = lifts.get(id) ?? [];
}

/** The ledger ids of the consent records the decision point reads now. */
export async function selectCurrentConsentIds(db: Queryable, subjectId: string): Promise<Set<number>> {
  const r = await db.query<{ event_id: number }>('SELECT event_id FROM consents WHERE subject_id = $1', [
    subjectId,
  ]);
  return new Set(r.rows.map((x) => x.event_id));
}

/** For each current consent record (by consent key), when it was made and through what. */
export async function selectCurrentConsentRecords(
  db: Queryable,
  subjectId: string,
): Promise<Map<string, { recordedAt: Date; source: string }>> {
  const r = await db.query<{ purpose: string; channel: string; recorded_at: Date; source: string }>(
    `SELECT c.purpose, c.channel, e.recorded_at, e.source
       FROM consents c JOIN consent_events e ON e.id = c.event_id
      WHERE c.subject_id = $1`,
    [subjectId],
  );
  return new Map(
    r.rows.map((x) => [
      consentKey(x.purpose, x.channel || undefined),
      { recordedAt: new Date(x.recorded_at), source: x.source },
    ]),
  );
}

/** Whether the person's browser already sent Global Privacy Control (the cheap check first). */
export async function gpcSignalSeen(db: Queryable, subjectId: string): Promise<boolean> {
  const r = await db.query<{ seen: boolean }>(
    'SELECT gpc_signal_at IS NOT NULL AS seen FROM subjects WHERE id = $1',
    [subjectId],
  );
  return r.rows[0]?.seen ?? true;
}

/**
 * Notes the first time the person's browser sent Global Privacy Control. True only for the
 * request that set it: the signal is honoured once. Locks the subject row while it writes.
 */
export async function markGpcSignal(tx: Queryable, subjectId: string, at: Date): Promise<boolean> {
  const r = await tx.query('UPDATE subjects SET gpc_signal_at = $2 WHERE id = $1 AND gpc_signal_at IS NULL', [
    subjectId,
    at,
  ]);
  return r.rowCount > 0;
}
