// The SQL of the re-consent report (issue 17): who holds a `given` consent record made within a
// purpose's outdated windows (src/policy-versions/model.ts) that still answers for the purpose
// on some channel, by pseudonymous subject id.
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

/**
 * `channels`: the channels that carry the purpose's consent (consentChannelsOf), null when it
 * takes one consent for all channels; left out, any `given` record of the purpose counts (a
 * caller without the policy). The rule of src/decide/consent.ts: a channel's own record
 * answers on it, else the purpose-wide one; so a purpose-wide record counts only while some
 * carrying channel has no record of its own (issue 17 review D14). `$1`: the purpose.
 */
function answeringOutdated(
  windows: readonly OutdatedWindow[],
  channels: readonly string[] | null | undefined,
  channelsParam: string,
): { where: string; having: string; recordedAt: string } {
  const old = `state = 'given' AND (${outdatedSql('updated_at', windows)})`;
  if (channels === undefined) return { where: old, having: 'true', recordedAt: 'min(updated_at)' };
  if (channels === null)
    return { where: `channel = '' AND ${old}`, having: 'true', recordedAt: 'min(updated_at)' };
  const inherits = `count(*) FILTER (WHERE channel <> '') < ${new Set(channels).size}`;
  return {
    where: `(channel = '' OR channel = ANY(${channelsParam}::text[]))`,
    having: `bool_or(channel <> '' AND ${old}) OR (bool_or(channel = '' AND ${old}) AND ${inherits})`,
    recordedAt: `LEAST(min(updated_at) FILTER (WHERE channel <> '' AND ${old}),
                  CASE WHEN ${inherits} THEN min(updated_at) FILTER (WHERE channel = '' AND ${old}) END)`,
  };
}

/** One page of the people with an outdated consent for `purpose` that answers, by subject id. */
export async function selectOutdatedConsents(
  db: Queryable,
  purpose: string,
  windows: readonly OutdatedWindow[],
  after: KeyValue[] | null,
  limit: number,
  channels?: readonly string[] | null,
): Promise<Keyed<OutdatedConsent>[]> {
  if (windows.length === 0) return [];
  const q = answeringOutdated(windows, channels, '$4');
  const r = await db.query<{ subject_id: string; recorded_at: Date }>(
    `SELECT subject_id, ${q.recordedAt} AS recorded_at FROM consents
      WHERE purpose = $1 AND ${q.where} AND ${afterKey(OUTDATED_CONSENTS, ['subject_id'], 'asc', 3)}
      GROUP BY subject_id HAVING ${q.having} ORDER BY subject_id LIMIT $2`,
    [purpose, limit, ...keyParams(OUTDATED_CONSENTS, after), ...(channels ? [[...channels]] : [])],
  );
  return r.rows.map((x) => ({
    item: { subjectId: x.subject_id, purpose, recordedAt: new Date(x.recorded_at) },
    key: [x.subject_id],
  }));
}

/** How many people hold an outdated consent for `purpose` that answers (`channels` as above). */
export async function countOutdatedConsents(
  db: Queryable,
  purpose: string,
  windows: readonly OutdatedWindow[],
  channels?: readonly string[] | null,
): Promise<number> {
  if (windows.length === 0) return 0;
  const q = answeringOutdated(windows, channels, '$2');
  const r = await db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM (SELECT subject_id FROM consents WHERE purpose = $1 AND ${q.where}
      GROUP BY subject_id HAVING ${q.having}) x`,
    [purpose, ...(channels ? [[...channels]] : [])],
  );
  return Number(r.rows[0]?.n ?? 0);
}
