// The only SQL for subjects and identities.

import type { Queryable } from '../platform/db/index.ts';
import { afterKey, keyParams } from '../platform/db/keyset.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';
import type { Lifecycle } from '../policy/schema.ts';
import { IDENTITY_COLUMNS } from './identity-fields.ts';
import type { Identity, Subject } from './model.ts';

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
  await tx.query(
    `INSERT INTO identities (subject_id, ${cols.join(', ')}) VALUES ($1, ${params.join(', ')})
     ON CONFLICT (subject_id) DO UPDATE SET ${updates.join(', ')}`,
    [subjectId, ...vals],
  );
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
