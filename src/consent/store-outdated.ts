// The SQL of the re-consent report (issue 17): who holds a `given` consent record made within a
// purpose's outdated windows (src/policy-versions/model.ts), by pseudonymous subject id.
import { outdatedSql } from '../decide/sql-consent.ts';
import type { OutdatedWindow } from '../decide/types.ts';
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, keyParams } from '../platform/db/keyset.ts';
import type { Keyed, Keyset, KeyValue } from '../platform/pagination.ts';

export const OUTDATED_CONSENTS: Keyset = { list: 'outdated-consents', parts: ['uuid'] };

export type OutdatedConsent = {
  subjectId: string;
  purpose: string;
  /** When the earliest of the person's outdated records for the purpose was made. */
  recordedAt: Date;
};

/** One page of the people with an outdated consent for `purpose`, by subject id. */
export async function selectOutdatedConsents(
  db: Queryable,
  purpose: string,
  windows: readonly OutdatedWindow[],
  after: KeyValue[] | null,
  limit: number,
): Promise<Keyed<OutdatedConsent>[]> {
  if (windows.length === 0) return [];
  const r = await db.query<{ subject_id: string; recorded_at: Date }>(
    `SELECT subject_id, min(updated_at) AS recorded_at FROM consents
      WHERE purpose = $1 AND state = 'given' AND (${outdatedSql('updated_at', windows)})
        AND ${afterKey(OUTDATED_CONSENTS, ['subject_id'], 'asc', 3)}
      GROUP BY subject_id ORDER BY subject_id LIMIT $2`,
    [purpose, limit, ...keyParams(OUTDATED_CONSENTS, after)],
  );
  return r.rows.map((x) => ({
    item: { subjectId: x.subject_id, purpose, recordedAt: new Date(x.recorded_at) },
    key: [x.subject_id],
  }));
}

/** How many people hold an outdated consent for `purpose`. */
export async function countOutdatedConsents(
  db: Queryable,
  purpose: string,
  windows: readonly OutdatedWindow[],
): Promise<number> {
  if (windows.length === 0) return 0;
  const r = await db.query<{ n: string | number }>(
    `SELECT count(DISTINCT subject_id) AS n FROM consents
      WHERE purpose = $1 AND state = 'given' AND (${outdatedSql('updated_at', windows)})`,
    [purpose],
  );
  return Number(r.rows[0]?.n ?? 0);
}
