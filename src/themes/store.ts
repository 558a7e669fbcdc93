import type { Queryable } from '../platform/db/index.ts';
import { afterKey, keyParams } from '../platform/db/keyset.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';

export type ThemeLink = {
  theme: string;
  holdingId: string;
  productCode: string;
  accountRef: string;
  linkedAt: Date;
};

export async function insertThemeLink(
  tx: Queryable,
  subjectId: string,
  theme: string,
  holdingId: string,
  at: Date,
): Promise<'linked' | 'exists' | 'no-holding'> {
  // The holding must belong to this subject: checked in the same statement that links it.
  const r = await tx.query(
    `INSERT INTO theme_links (subject_id, theme, holding_id, linked_at)
     SELECT h.subject_id, $2, h.id, $4 FROM holdings h WHERE h.id = $3 AND h.subject_id = $1
     ON CONFLICT DO NOTHING RETURNING holding_id`,
    [subjectId, theme, holdingId, at],
  );
  if (r.rowCount > 0) return 'linked';
  const held = await tx.query('SELECT 1 FROM holdings WHERE id = $1 AND subject_id = $2', [
    holdingId,
    subjectId,
  ]);
  return held.rowCount > 0 ? 'exists' : 'no-holding';
}

export async function deleteThemeLink(
  tx: Queryable,
  subjectId: string,
  theme: string,
  holdingId: string,
): Promise<boolean> {
  const r = await tx.query(
    'DELETE FROM theme_links WHERE subject_id = $1 AND theme = $2 AND holding_id = $3',
    [subjectId, theme, holdingId],
  );
  return r.rowCount > 0;
}

export const THEME_LINKS: Keyset = { list: 'themes', parts: ['text', 'text', 'text', 'uuid'] };

/** By theme, product and account, after a cursor; `limit` null reads them all. */
export async function selectThemeLinks(
  db: Queryable,
  subjectId: string,
  after: KeyValue[] | null = null,
  limit: number | null = null,
): Promise<Keyed<ThemeLink>[]> {
  const r = await db.query<{
    theme: string;
    holding_id: string;
    product_code: string;
    account_ref: string;
    linked_at: Date;
  }>(
    `SELECT t.theme, t.holding_id, h.product_code, h.account_ref, t.linked_at
     FROM theme_links t JOIN holdings h ON h.id = t.holding_id
     WHERE t.subject_id = $1
       AND ${afterKey(THEME_LINKS, ['t.theme', 'h.product_code', 'h.account_ref', 't.holding_id'], 'asc', 3)}
     ORDER BY t.theme, h.product_code, h.account_ref, t.holding_id LIMIT $2`,
    [subjectId, limit, ...keyParams(THEME_LINKS, after)],
  );
  return r.rows.map((x) => ({
    item: {
      theme: x.theme,
      holdingId: x.holding_id,
      productCode: x.product_code,
      accountRef: x.account_ref,
      linkedAt: x.linked_at,
    },
    key: [x.theme, x.product_code, x.account_ref, x.holding_id],
  }));
}
