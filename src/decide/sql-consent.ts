// The consent rule of src/decide/consent.ts as SQL: which record answers for a purpose on a
// channel (its own record, else the purpose-wide one) or on any channel. Pure text generation.
import type { Purpose } from '../policy/schema.ts';

/** hash: a set joined once (campaigns over everyone); lateral: an index probe per row (ingest). */
export type Probe = 'hash' | 'lateral';

export type ConsentSql = { join: string; state: string; since: string };

// Asked without a channel: given if given on any channel (since the earliest of those runs);
// else the purpose-wide answer; else withdrawn or refused on some channel.
const ANY_CHANNEL = `CASE WHEN count(*) = 0 THEN NULL
         WHEN bool_or(state = 'given') THEN 'given'
         WHEN bool_or(channel = '') THEN max(state) FILTER (WHERE channel = '')
         WHEN bool_or(state = 'withdrawn') THEN 'withdrawn' ELSE 'refused' END AS state,
    min(given_since) FILTER (WHERE state = 'given') AS given_since`;

/**
 * `purposeSql`: the purpose id as SQL (a parameter or a literal); `channel`: a policy channel
 * id, already known to the policy. Only a purpose that takes consent per channel can have
 * channel records, so any other reads its purpose-wide record alone.
 */
export function consentSql(
  purpose: Purpose,
  purposeSql: string,
  channel: string | undefined,
  alias: string,
  probe: Probe,
): ConsentSql {
  const where = `purpose = ${purposeSql}`;
  const mine = probe === 'lateral' ? `subject_id = s.id AND ${where}` : where;
  if (!purpose.consent?.perChannel) {
    const join =
      probe === 'lateral'
        ? `LEFT JOIN LATERAL (SELECT state, given_since FROM consents WHERE ${mine} AND channel = '') ${alias} ON true`
        : `LEFT JOIN consents ${alias} ON ${alias}.subject_id = s.id AND ${alias}.${where} AND ${alias}.channel = ''`;
    return { join, state: `${alias}.state`, since: `${alias}.given_since` };
  }
  if (channel !== undefined) {
    if (!/^[a-z][a-z0-9-]*$/.test(channel)) throw new Error(`unsafe channel id ${channel}`);
    const join =
      probe === 'lateral'
        ? `LEFT JOIN LATERAL (SELECT state, given_since FROM consents WHERE ${mine} AND channel IN ('', '${channel}') ORDER BY channel DESC LIMIT 1) ${alias} ON true`
        : `LEFT JOIN (SELECT subject_id, (array_agg(state ORDER BY channel DESC))[1] AS state, (array_agg(given_since ORDER BY channel DESC))[1] AS given_since
             FROM consents WHERE ${where} AND channel IN ('', '${channel}') GROUP BY subject_id) ${alias} ON ${alias}.subject_id = s.id`;
    return { join, state: `${alias}.state`, since: `${alias}.given_since` };
  }
  const join =
    probe === 'lateral'
      ? `LEFT JOIN LATERAL (SELECT ${ANY_CHANNEL} FROM consents WHERE ${mine}) ${alias} ON true`
      : `LEFT JOIN (SELECT subject_id, ${ANY_CHANNEL} FROM consents WHERE ${where} GROUP BY subject_id) ${alias} ON ${alias}.subject_id = s.id`;
  return { join, state: `${alias}.state`, since: `${alias}.given_since` };
}
