// The only SQL of communications: the cap reservation, overrides and the ledger.
import type { AuditAction } from '../audit/actions.ts';
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';

/**
 * An audited override (target mode): the slot is taken even though the window is full. A rolling
 * window has no counter: the override's counted ledger entry is what takes the slot.
 */
export async function overrideCapSlot(
  tx: Queryable,
  subjectId: string,
  windowKey: string,
  actor: string,
  reason: string,
  at: Date,
  rolling = false,
): Promise<number> {
  if (!rolling)
    await tx.query(
      `INSERT INTO cap_usage (subject_id, window_key, used) VALUES ($1, $2, 1)
     ON CONFLICT (subject_id, window_key) DO UPDATE SET used = cap_usage.used + 1`,
      [subjectId, windowKey],
    );
  const r = await tx.query<{ id: number }>(
    'INSERT INTO cap_overrides (subject_id, window_key, actor, reason, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [subjectId, windowKey, actor, reason, at],
  );
  return (r.rows[0] as { id: number }).id;
}

export type Communication = {
  id: number;
  subjectId: string;
  purpose: string;
  channel: string;
  messageClass: string;
  commercial: boolean;
  counted: boolean;
  windowKey: string;
  sender: string | null;
  subscription: string | null;
  contentRef: string;
  overrideId: number | null;
  actor: string;
  sentAt: Date;
};

type Row = {
  id: number;
  subject_id: string;
  purpose: string;
  channel: string;
  message_class: string;
  commercial: boolean;
  counted: boolean;
  window_key: string;
  sender: string | null;
  subscription: string | null;
  content_ref: string;
  override_id: number | null;
  actor: string;
  sent_at: Date;
};

export const COMMUNICATIONS: Keyset = { list: 'communications', parts: ['time', 'int'] };

export async function selectCommunications(
  db: Queryable,
  subjectId: string,
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<Communication>[]> {
  const r = await db.query<Row & { at: string }>(
    `SELECT id, subject_id, purpose, channel, message_class, commercial, counted, window_key, sender, subscription, content_ref, override_id, actor, sent_at,
            ${exactTime('sent_at')} AS at
     FROM communications WHERE subject_id = $1 AND ${afterKey(COMMUNICATIONS, ['sent_at', 'id'], 'desc', 3)}
     ORDER BY sent_at DESC, id DESC LIMIT $2`,
    [subjectId, limit, ...keyParams(COMMUNICATIONS, after)],
  );
  return r.rows.map((x) => ({ item: toCommunication(x), key: [x.at, x.id] }));
}

function toCommunication(x: Row): Communication {
  return {
    id: x.id,
    subjectId: x.subject_id,
    purpose: x.purpose,
    channel: x.channel,
    messageClass: x.message_class,
    commercial: x.commercial,
    counted: x.counted,
    windowKey: x.window_key,
    sender: x.sender,
    subscription: x.subscription,
    contentRef: x.content_ref,
    overrideId: x.override_id,
    actor: x.actor,
    sentAt: x.sent_at,
  };
}

export async function selectCapUsed(db: Queryable, subjectId: string, windowKey: string): Promise<number> {
  const r = await db.query<{ used: number }>(
    'SELECT used FROM cap_usage WHERE subject_id = $1 AND window_key = $2',
    [subjectId, windowKey],
  );
  return r.rows[0]?.used ?? 0;
}

/**
 * Counted messages others at the subject's e-mail address received in the window (a calendar
 * window's key, or for a rolling window the instant it starts after). In a transaction it first
 * locks the mailbox until the transaction ends, so two sends to two people sharing one never
 * both pass.
 */
export async function selectSharedMailboxUsed(
  db: Queryable,
  subjectId: string,
  window: string | { after: Date },
): Promise<number> {
  await db.query(
    `SELECT pg_advisory_xact_lock(${LOCKS.mailboxSpace}, hashtext(lower(email))) FROM identities
     WHERE subject_id = $1 AND email IS NOT NULL`,
    [subjectId],
  );
  const r =
    typeof window === 'string'
      ? await db.query<{ used: number }>(
          `SELECT coalesce(sum(u.used), 0)::int AS used FROM identities me
           JOIN identities other ON lower(other.email) = lower(me.email) AND other.subject_id <> me.subject_id
           JOIN cap_usage u ON u.subject_id = other.subject_id AND u.window_key = $2
           WHERE me.subject_id = $1 AND me.email IS NOT NULL`,
          [subjectId, window],
        )
      : await db.query<{ used: number }>(
          `SELECT count(m.id)::int AS used FROM identities me
           JOIN identities other ON lower(other.email) = lower(me.email) AND other.subject_id <> me.subject_id
           JOIN communications m ON m.subject_id = other.subject_id AND m.counted AND m.sent_at > $2
           WHERE me.subject_id = $1 AND me.email IS NOT NULL`,
          [subjectId, window.after],
        );
  return r.rows[0]?.used ?? 0;
}

/**
 * BK-7, rolling window: the per-person lock a counted send holds from before it counts until it
 * commits, so two senders never both count the same free slot. A row lock on the people
 * (not an advisory lock: a campaign may hold hundreds of thousands, which the shared lock table
 * cannot), taken in id order so concurrent campaigns never deadlock; FOR NO KEY UPDATE leaves
 * inserts that reference the person free. It must be its own statement: a statement that waited
 * for a lock still counts with the snapshot it started with. Returns the ids locked.
 */
export async function lockCapHolders(tx: Queryable, subjectIds: readonly string[]): Promise<string[]> {
  const r = await tx.query<{ id: string }>(
    'SELECT id FROM subjects WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE',
    [subjectIds],
  );
  return r.rows.map((x) => x.id);
}

/**
 * BK-7, rolling window: when each counted message still in the window was sent, oldest first:
 * the person's, and on an e-mail channel those of everyone at their mailbox.
 */
export async function selectRollingSent(
  db: Queryable,
  subjectId: string,
  after: Date,
  mailbox: boolean,
): Promise<Date[]> {
  const r = await db.query<{ sent_at: Date }>(
    `SELECT m.sent_at FROM communications m
     WHERE m.counted AND m.sent_at > $2 AND (m.subject_id = $1 OR ($3::boolean AND m.subject_id IN (
       SELECT other.subject_id FROM identities me
       JOIN identities other ON lower(other.email) = lower(me.email)
       WHERE me.subject_id = $1 AND me.email IS NOT NULL)))
     ORDER BY m.sent_at`,
    [subjectId, after, mailbox],
  );
  return r.rows.map((x) => x.sent_at);
}

/**
 * A send in one round trip: reserve a cap slot (when capMax is given), write the ledger entry
 * and the pending audit entry, all or nothing. The only writer of the communications ledger. Returns the ledger id, or null when the window
 * is full (nothing written). A calendar window reserves in its counter; a rolling one (`after`:
 * the instant it starts after) counts the ledger, under the person's lock (lockCapHolders).
 */
export async function recordSend(
  tx: Queryable,
  c: Omit<Communication, 'id'>,
  capMax: number | null,
  audit: { action: AuditAction; digest: string },
  rolling?: { after: Date },
): Promise<number | null> {
  const reserve =
    capMax === null
      ? 'SELECT 1 WHERE $13::int IS NOT NULL'
      : rolling
        ? `SELECT 1 WHERE (SELECT count(*) FROM communications
             WHERE subject_id = $1::uuid AND counted AND sent_at > $17::timestamptz) < $13`
        : `INSERT INTO cap_usage (subject_id, window_key, used) VALUES ($1::uuid, $7, 1)
         ON CONFLICT (subject_id, window_key) DO UPDATE SET used = cap_usage.used + 1 WHERE cap_usage.used < $13
         RETURNING 1`;
  const counting = capMax !== null && rolling;
  const r = await tx.query<{ id: number }>(
    `WITH r AS (${reserve}),
     m AS (
       INSERT INTO communications (subject_id, purpose, channel, message_class, commercial, counted, window_key, sender, content_ref, actor, sent_at, override_id, subscription)
       SELECT $1::uuid, $2, $3, $4, $5::boolean, $6::boolean, $7, $8, $9, $10, $11::timestamptz, $15::bigint, $16::text FROM r RETURNING id
     ),
     a AS (INSERT INTO audit_pending (at, actor, action, subject_id, change_digest) SELECT $11::timestamptz, $10, $12, $1::uuid, $14 FROM m)
     SELECT id FROM m`,
    [
      c.subjectId,
      c.purpose,
      c.channel,
      c.messageClass,
      c.commercial,
      c.counted,
      c.windowKey,
      c.sender,
      c.contentRef,
      c.actor,
      c.sentAt,
      audit.action,
      capMax ?? 0,
      audit.digest,
      c.overrideId,
      c.subscription,
      ...(counting ? [rolling.after] : []),
    ],
    {
      name: capMax === null ? 'garde_send_uncounted' : counting ? 'garde_send_rolling' : 'garde_send_counted',
    },
  );
  return r.rows[0]?.id ?? null;
}

/**
 * A sent campaign's batch: each recipient's subject id and the identity columns named. Only
 * people who still exist and whom the decision point still lets be contacted (`gate`, from
 * audience.ts): an erasure (EN-11), a restriction, an objection or a withdrawal committed since
 * the send judged its audience keeps them out, even when the ledger keeps their communication
 * under a legal obligation or hold. $1 campaign, $2 now, $3 purpose.
 */
export async function selectBatch(
  db: Queryable,
  campaign: { id: string; purpose: string },
  columns: readonly string[],
  gate: { joins: string[]; where: string },
  now: Date,
): Promise<Record<string, string | null>[]> {
  const cols = columns.map((x) => `, i.${x}`).join('');
  // The gate reads the time only where a rule of the policy has a clock (a prospect's window, a
  // former customer's): without one, $2 would have no type and PostgreSQL refuses the query.
  const r = await db.query<Record<string, string | null>>(
    `SELECT m.subject_id${cols} FROM communications m
     JOIN subjects s ON s.id = m.subject_id
     LEFT JOIN identities i ON i.subject_id = m.subject_id
     ${gate.joins.join('\n     ')}
     WHERE m.campaign_id = $1 AND $2::timestamptz IS NOT NULL AND ${gate.where}
     ORDER BY m.subject_id`,
    [campaign.id, now, campaign.purpose],
  );
  return r.rows;
}

/** The campaigns whose batches hold the subject (EN-11: erasure scrubs exactly those files). */
export async function selectCampaignsOf(db: Queryable, subjectId: string): Promise<string[]> {
  const r = await db.query<{ campaign_id: string }>(
    'SELECT DISTINCT campaign_id FROM communications WHERE subject_id = $1 AND campaign_id IS NOT NULL',
    [subjectId],
  );
  return r.rows.map((x) => x.campaign_id);
}

/** Which of these subjects still have a communication of the campaign on the ledger. */
export async function selectStillSent(
  db: Queryable,
  campaignId: string,
  subjectIds: readonly string[],
): Promise<Set<string>> {
  const r = await db.query<{ subject_id: string }>(
    'SELECT DISTINCT subject_id FROM communications WHERE campaign_id = $1 AND subject_id = ANY($2::uuid[])',
    [campaignId, subjectIds],
  );
  return new Set(r.rows.map((x) => x.subject_id));
}
