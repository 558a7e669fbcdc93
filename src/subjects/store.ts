// The only SQL for subjects and identities.

import type { Queryable } from '../platform/db/index.ts';
import { afterKey, keyParams } from '../platform/db/keyset.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';
import type { Lifecycle } from '../policy/schema.ts';
import { IDENTITY_COLUMNS } from './identity-fields.ts';
import type { Identity, Subject } from './model.ts';
import { nameSearchKey, type WordSpellings } from './search.ts';

export const SUBJECT_COLUMNS = {
  externalRef: 'external_ref',
  lifecycle: 'lifecycle',
  controller: 'controller',
  customerSince: 'customer_since',
  contractEndedOn: 'contract_ended_on',
  lastContactAt: 'last_contact_at',
  customerFrom: 'customer_from',
  returnedAt: 'returned_at',
  leftAt: 'left_at',
} as const;

type SubjectRow = {
  id: string;
  external_ref: string | null;
  lifecycle: Lifecycle;
  controller: string;
  customer_since: string | null;
  contract_ended_on: string | null;
  last_contact_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  has_id_card: boolean;
} & Record<(typeof IDENTITY_COLUMNS)[keyof Identity], string | null>;

const SELECT = `
  SELECT s.id, s.external_ref, s.lifecycle, s.controller, s.customer_since, s.contract_ended_on, s.last_contact_at,
         s.created_at, s.updated_at, s.version, ${Object.values(IDENTITY_COLUMNS)
           .map((c) => `i.${c}`)
           .join(', ')},
         (i.id_card_enc IS NOT NULL) AS has_id_card
  FROM subjects s LEFT JOIN identities i ON i.subject_id = s.id`;

function toSubject(r: SubjectRow): Subject {
  const identity = Object.fromEntries(
    Object.entries(IDENTITY_COLUMNS).map(([field, column]) => [field, r[column] ?? null]),
  ) as Identity;
  return {
    id: r.id,
    externalRef: r.external_ref,
    lifecycle: r.lifecycle,
    controller: r.controller,
    customerSince: r.customer_since,
    contractEndedOn: r.contract_ended_on,
    lastContactAt: r.last_contact_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    identity: { ...identity, hasIdCardNumber: r.has_id_card },
  };
}

export async function selectSubject(db: Queryable, id: string, forUpdate = false): Promise<Subject | null> {
  const r = await db.query<SubjectRow>(`${SELECT} WHERE s.id = $1${forUpdate ? ' FOR UPDATE OF s' : ''}`, [
    id,
  ]);
  return r.rows[0] ? toSubject(r.rows[0]) : null;
}

export const SUBJECTS: Keyset = { list: 'subjects', parts: ['uuid'] };

/**
 * Keyset pagination on id: stable under concurrent inserts, no OFFSET scans. `email` finds a
 * mailbox whatever its case (a request that came by e-mail).
 */
export async function selectSubjects(
  db: Queryable,
  filter: { lifecycle?: Lifecycle; email?: string },
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<Subject>[]> {
  const email = 3 + SUBJECTS.parts.length;
  const r = await db.query<SubjectRow>(
    `${SELECT} WHERE ($1::text IS NULL OR s.lifecycle = $1) AND ${afterKey(SUBJECTS, ['s.id'], 'asc', 3)}
       AND ($${email}::text IS NULL OR lower(i.email) = lower($${email}))
     ORDER BY s.id LIMIT $2`,
    [filter.lifecycle ?? null, limit, ...keyParams(SUBJECTS, after), filter.email?.trim() ?? null],
  );
  return r.rows.map((x) => ({ item: toSubject(x), key: [x.id] }));
}

/** Columns and values for an INSERT or UPDATE, from a camelCase object and its column map. */
export function columnsOf(
  values: Record<string, unknown>,
  map: Record<string, string>,
): [string[], unknown[]] {
  const cols: string[] = [];
  const vals: unknown[] = [];
  for (const [field, column] of Object.entries(map)) {
    if (values[field] !== undefined) {
      cols.push(column);
      vals.push(values[field]);
    }
  }
  return [cols, vals];
}

export async function insertSubject(tx: Queryable, values: Record<string, unknown>): Promise<string> {
  const [cols, vals] = columnsOf(values, SUBJECT_COLUMNS);
  const r = await tx.query<{ id: string }>(
    `INSERT INTO subjects (${cols.join(', ')}) VALUES (${vals.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    vals,
  );
  return (r.rows[0] as { id: string }).id;
}

export async function updateSubjectRow(
  tx: Queryable,
  id: string,
  values: Record<string, unknown>,
): Promise<void> {
  const [cols, vals] = columnsOf(values, SUBJECT_COLUMNS);
  const sets = cols.map((c, i) => `${c} = $${i + 2}`);
  await tx.query(
    `UPDATE subjects SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1`,
    [id, ...vals],
  );
}

/** Inserts or updates the identity row with only the given fields. */
export async function upsertIdentity(
  tx: Queryable,
  subjectId: string,
  values: Record<string, unknown>,
  idCardEnc?: Buffer | null,
): Promise<void> {
  const [cols, vals] = columnsOf(values, IDENTITY_COLUMNS);
  if (idCardEnc !== undefined) {
    cols.push('id_card_enc');
    vals.push(idCardEnc);
  }
  if (cols.length === 0) return;
  const params = vals.map((_, i) => `$${i + 2}`);
  const updates = cols.map((c) => `${c} = EXCLUDED.${c}`);
  const r = await tx.query<NameRow>(
    `INSERT INTO identities (subject_id, ${cols.join(', ')}) VALUES ($1, ${params.join(', ')})
     ON CONFLICT (subject_id) DO UPDATE SET ${updates.join(', ')}
     RETURNING subject_id, given_name, family_name`,
    [subjectId, ...vals],
  );
  // BK-13: the name's Latin readings follow the name as it now is (either part may have changed).
  if (r.rows[0] && (cols.includes('given_name') || cols.includes('family_name')))
    await writeNameReadings(tx, r.rows);
}

type NameRow = { subject_id: string; given_name: string | null; family_name: string | null };

/**
 * Issue 15, BK-13: up to `limit` identities whose name has no Latin readings yet (written before
 * migration 049, or by a writer that wrote none), from the partial index of such rows.
 */
export async function selectUnreadNames(db: Queryable, limit: number): Promise<NameRow[]> {
  const r = await db.query<NameRow>(
    `SELECT subject_id, given_name, family_name FROM identities
      WHERE name_readings IS NULL AND name_key IS NOT NULL ORDER BY subject_id LIMIT $1`,
    [limit],
  );
  return r.rows;
}

/**
 * Writes the Latin readings (search.ts, nameSearchKey) of these names in one statement, to the
 * rows that still hold these names: a name changed meanwhile keeps its own writer's readings.
 * Returns the rows written.
 */
export async function writeNameReadings(db: Queryable, rows: readonly NameRow[]): Promise<number> {
  const r = await db.query(
    `UPDATE identities i SET name_readings = u.readings
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u (id, given, family, readings)
      WHERE i.subject_id = u.id AND i.given_name IS NOT DISTINCT FROM u.given
        AND i.family_name IS NOT DISTINCT FROM u.family`,
    [
      rows.map((x) => x.subject_id),
      rows.map((x) => x.given_name),
      rows.map((x) => x.family_name),
      rows.map((x) => nameSearchKey(x.given_name, x.family_name)),
    ],
  );
  return r.rowCount;
}

/**
 * Another subject already using this mailbox, compared case-insensitively (one mailbox, one
 * person): its id, or null.
 */
export async function selectMailboxOwner(
  db: Queryable,
  email: string,
  exceptSubject: string | null,
): Promise<string | null> {
  const r = await db.query<{ subject_id: string }>(
    'SELECT subject_id FROM identities WHERE lower(email) = lower($1) AND subject_id IS DISTINCT FROM $2::uuid LIMIT 1',
    [email.trim(), exceptSubject],
  );
  return r.rows[0]?.subject_id ?? null;
}

export type Holding = { id: string; productCode: string; accountRef: string; heldSince: string };

export const HOLDINGS: Keyset = { list: 'holdings', parts: ['text', 'text', 'uuid'] };

export async function selectHoldings(
  db: Queryable,
  subjectId: string,
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<Holding>[]> {
  const r = await db.query<{ id: string; product_code: string; account_ref: string; held_since: string }>(
    `SELECT id, product_code, account_ref, held_since FROM holdings
     WHERE subject_id = $1 AND ${afterKey(HOLDINGS, ['product_code', 'account_ref', 'id'], 'asc', 3)}
     ORDER BY product_code, account_ref, id LIMIT $2`,
    [subjectId, limit, ...keyParams(HOLDINGS, after)],
  );
  return r.rows.map((x) => ({
    item: { id: x.id, productCode: x.product_code, accountRef: x.account_ref, heldSince: x.held_since },
    key: [x.product_code, x.account_ref, x.id],
  }));
}

/**
 * A name as the search reads it: its key as written (name_key, migration 044) and its Latin
 * readings (name_readings, 049), words apart. The expression of identities_name_text_trgm_idx.
 */
const NAME_TEXT = "(i.name_key || ' ' || coalesce(i.name_readings, ''))";

/** Search results: best match first (0 exact, 1 whole words, 2 starts of words, 3 parts), then by name. */
export const SEARCH: Keyset = { list: 'subject-search', parts: ['int', 'text', 'uuid'] };

type SearchRow = {
  id: string;
  rank: number;
  matched: 'customer-number' | 'email' | 'name';
  external_ref: string | null;
  given_name: string | null;
  family_name: string | null;
  sort_key: string;
  duplicates: { id: string; reason: 'same-name-and-birth-date' | 'same-mailbox' }[] | null;
};

/** Each query word's spellings in the name key, folded by the database (garde_fold). */
export async function foldWords(db: Queryable, words: readonly string[]): Promise<string[]> {
  if (words.length === 0) return [];
  const r = await db.query<{ f: string }>(
    'SELECT garde_fold(w) AS f FROM unnest($1::text[]) WITH ORDINALITY AS t (w, n) ORDER BY n',
    [words],
  );
  return r.rows.map((x) => x.f);
}

/**
 * Issue 15, BK-13: subjects by customer number (exact), mailbox (exact, case-insensitive) or
 * name: every word of `names` (its spellings) a part of the name key or of the name's Latin
 * readings, in any order. Served by indexes (external_ref's unique index,
 * identities_mailbox_idx, the trigrams of NAME_TEXT), so a
 * page costs the matches, not the population. `hidden` are subjects found by nothing: erased
 * persons whose row the law keeps (their restriction's reason). Keyset pagination on
 * (rank, name key, id).
 */
export async function selectSearch(
  db: Queryable,
  q: { number: string; email: string | null; names: readonly WordSpellings[]; hidden: string },
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<SearchRow>[]> {
  const params: unknown[] = [q.number, q.email, limit, ...keyParams(SEARCH, after), q.hidden];
  const p = (v: string) => `$${params.push(v)}`;
  const visible = (id: string) =>
    `NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.subject_id = ${id} AND r.purpose = '' AND r.reason = $7)`;
  let byName = '';
  if (q.names.length > 0) {
    const words = q.names.map((w) => {
      const whole = [...w.any, ...w.whole]
        .map((s) => `(' ' || ${NAME_TEXT} || ' ') LIKE ${p(`% ${s} %`)}`)
        .join(' OR ');
      const or = (parts: string[]) => parts.filter(Boolean).join(' OR ');
      return {
        any: or([...w.any.map((s) => `${NAME_TEXT} LIKE ${p(`%${s}%`)}`), w.whole.length ? whole : '']),
        start: or([
          ...w.any.map((s) => `(' ' || ${NAME_TEXT}) LIKE ${p(`% ${s}%`)}`),
          w.whole.length ? whole : '',
        ]),
        whole,
      };
    });
    const rank = words.map((w) => `CASE WHEN ${w.whole} THEN 1 WHEN ${w.start} THEN 2 ELSE 3 END`);
    byName = `UNION ALL SELECT i.subject_id, GREATEST(${rank.join(', ')}), 'name', i.name_key FROM identities i
      WHERE ${words.map((w) => `(${w.any})`).join(' AND ')} AND i.subject_id NOT IN (SELECT id FROM exact)`;
  }
  // The page is chosen from the hits alone (a top-N sort of ids and keys), then read in full: a
  // common name costs its matches' keys, never a join per match.
  const r = await db.query<SearchRow>(
    `WITH exact (id, rank, matched, sort_key) AS (
       SELECT DISTINCT ON (id) * FROM (
         SELECT s.id, 0, 'customer-number', coalesce(i.name_key, '')
           FROM subjects s LEFT JOIN identities i ON i.subject_id = s.id WHERE s.external_ref = $1
         UNION ALL
         SELECT i.subject_id, 0, 'email', coalesce(i.name_key, '')
           FROM identities i WHERE $2::text IS NOT NULL AND lower(i.email) = $2) x
       ORDER BY id
     ), page AS (
       SELECT * FROM (SELECT * FROM exact ${byName}) h
        WHERE ${visible('h.id')} AND ${afterKey(SEARCH, ['h.rank', 'h.sort_key', 'h.id'], 'asc', 4)}
        ORDER BY rank, sort_key, id LIMIT $3
     )
     SELECT b.id, b.rank, b.matched, s.external_ref, i.given_name, i.family_name, b.sort_key,
            (SELECT json_agg(json_build_object('id', d.id, 'reason', d.reason) ORDER BY d.id, d.reason) FROM (
               SELECT o.subject_id AS id, 'same-name-and-birth-date' AS reason FROM identities o
                WHERE o.name_key = i.name_key AND o.birth_date = i.birth_date AND o.subject_id <> b.id
                  AND ${visible('o.subject_id')}
               UNION
               SELECT o.subject_id, 'same-mailbox' FROM identities o
                WHERE lower(o.email) = lower(i.email) AND o.subject_id <> b.id AND ${visible('o.subject_id')}
               ORDER BY 1, 2 LIMIT 5) d) AS duplicates
       FROM page b JOIN subjects s ON s.id = b.id LEFT JOIN identities i ON i.subject_id = b.id
      ORDER BY b.rank, b.sort_key, b.id`,
    params,
  );
  return r.rows.map((x) => ({ item: x, key: [x.rank, x.sort_key, x.id] }));
}
