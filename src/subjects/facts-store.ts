// The SQL of lifecycle facts: many persons per statement (unnest), whatever pushed or synced them.
import type { Queryable } from '../platform/db/index.ts';
import type { Lifecycle } from '../policy/schema.ts';
import type { HeldRow, HoldingFact } from './facts-model.ts';

export type FactSubjectRow = {
  id: string;
  external_ref: string | null;
  email: string | null;
  lifecycle: Lifecycle;
  controller: string;
  customer_since: string | null;
  contract_ended_on: string | null;
  last_contact_at: Date | null;
  birth_date: string | null;
};

/**
 * The subjects these keys name (ids, customer numbers, mailboxes whatever their case), locked
 * until the transaction ends. Each key is one index probe; persons erased (their row kept under
 * the `hidden` restriction) are not found: no system brings them back.
 */
export async function lockFactSubjects(
  tx: Queryable,
  keys: { ids: string[]; refs: string[]; emails: string[] },
  hidden: string,
): Promise<FactSubjectRow[]> {
  const r = await tx.query<FactSubjectRow>(
    `WITH k AS (
       SELECT id FROM subjects WHERE id = ANY($1::uuid[])
       UNION SELECT id FROM subjects WHERE external_ref = ANY($2::text[])
       UNION SELECT subject_id FROM identities WHERE lower(email) = ANY($3::text[]))
     SELECT s.id, s.external_ref, lower(i.email) AS email, s.lifecycle, s.controller, s.customer_since,
            s.contract_ended_on, s.last_contact_at, i.birth_date
       FROM k JOIN subjects s ON s.id = k.id LEFT JOIN identities i ON i.subject_id = s.id
      WHERE NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.subject_id = s.id AND r.purpose = '' AND r.reason = $4)
      ORDER BY s.id FOR UPDATE OF s`,
    [keys.ids, keys.refs, keys.emails.map((e) => e.toLowerCase()), hidden],
  );
  return r.rows;
}

export type FactRowUpdate = {
  id: string;
  lifecycle: Lifecycle;
  customerSince: string | null;
  contractEndedOn: string | null;
  lastContactAt: string | null;
  /** Set only when the lifecycle change records it (lifecycleEffects); null keeps the stored one. */
  customerFrom: Date | null;
  returnedAt: Date | null;
  leftAt: Date | null;
};

/** Writes the subjects' new facts in one statement; each changed row's version moves on. */
export async function updateFactRows(tx: Queryable, rows: readonly FactRowUpdate[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof FactRowUpdate>(k: K) => rows.map((x) => x[k] ?? null);
  const r = await tx.query(
    `UPDATE subjects s SET lifecycle = u.lifecycle, customer_since = u.customer_since,
            contract_ended_on = u.contract_ended_on, last_contact_at = u.last_contact_at,
            customer_from = COALESCE(u.customer_from, s.customer_from),
            returned_at = COALESCE(u.returned_at, s.returned_at), left_at = COALESCE(u.left_at, s.left_at),
            updated_at = now(), version = s.version + 1
       FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::timestamptz[], $6::timestamptz[],
                   $7::timestamptz[], $8::timestamptz[])
            AS u (id, lifecycle, customer_since, contract_ended_on, last_contact_at, customer_from, returned_at, left_at)
      WHERE s.id = u.id`,
    [
      col('id'),
      col('lifecycle'),
      col('customerSince'),
      col('contractEndedOn'),
      col('lastContactAt'),
      col('customerFrom'),
      col('returnedAt'),
      col('leftAt'),
    ],
  );
  return r.rowCount;
}

/** The holdings of these subjects, by subject. */
export async function selectHeld(tx: Queryable, ids: readonly string[]): Promise<Map<string, HeldRow[]>> {
  const out = new Map<string, HeldRow[]>();
  if (ids.length === 0) return out;
  const r = await tx.query<{ subject_id: string; product_code: string; account_ref: string; since: string }>(
    `SELECT subject_id, product_code, account_ref, held_since::text AS since FROM holdings
      WHERE subject_id = ANY($1::uuid[])`,
    [ids],
  );
  for (const x of r.rows) {
    const list = out.get(x.subject_id) ?? [];
    list.push({ product: x.product_code, account: x.account_ref, since: x.since });
    out.set(x.subject_id, list);
  }
  return out;
}

/**
 * Writes holdings (new ones, or a new day held since) and removes those no longer held, one
 * statement each. A holding that stays keeps its id: themes linked to it (BK-6) stay linked.
 */
export async function writeHoldings(
  tx: Queryable,
  write: readonly (HoldingFact & { subjectId: string })[],
  remove: readonly (HeldRow & { subjectId: string })[],
): Promise<void> {
  if (write.length > 0)
    await tx.query(
      `INSERT INTO holdings (subject_id, product_code, account_ref, held_since)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[])
       ON CONFLICT (subject_id, product_code, account_ref) DO UPDATE SET held_since = EXCLUDED.held_since`,
      [
        write.map((w) => w.subjectId),
        write.map((w) => w.product),
        write.map((w) => w.account),
        write.map((w) => w.since),
      ],
    );
  if (remove.length > 0)
    await tx.query(
      `DELETE FROM holdings h USING unnest($1::uuid[], $2::text[], $3::text[]) AS u (s, p, a)
        WHERE h.subject_id = u.s AND h.product_code = u.p AND h.account_ref = u.a`,
      [remove.map((w) => w.subjectId), remove.map((w) => w.product), remove.map((w) => w.account)],
    );
}

/** Up to `limit` subjects holding anything, after `after` (by id): the sweep of holdings no system lists. */
export async function selectHolders(db: Queryable, after: string | null, limit: number): Promise<string[]> {
  const r = await db.query<{ subject_id: string }>(
    `SELECT DISTINCT subject_id FROM holdings WHERE ($1::uuid IS NULL OR subject_id > $1::uuid)
      ORDER BY subject_id LIMIT $2`,
    [after, limit],
  );
  return r.rows.map((x) => x.subject_id);
}
