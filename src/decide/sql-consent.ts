// The consent rule of src/decide/consent.ts as SQL: which record answers for a purpose on a
// channel (its own record, else the purpose-wide one) or on any channel. Pure text generation.
// Issue 17: a `given` record made within one of the purpose's outdated windows reads `outdated`.
import type { OutdatedWindow } from './types.ts';

/** hash: a set joined once (campaigns over everyone); lateral: an index probe per row (ingest). */
export type Probe = 'hash' | 'lateral';

export type ConsentSql = { join: string; state: string; since: string };

// Asked without a channel: given if it holds on one of the purpose's N channels (a channel's
// own record, else the purpose-wide one: so the purpose-wide record counts only while some
// channel has no record of its own); else outdated, else withdrawn, else refused, on one of
// them. Since: the earliest of the runs that hold.
function anyChannel(n: number): string {
  const inherits = `count(*) FILTER (WHERE channel <> '') < ${n}`;
  const on = (s: string) =>
    `bool_or(channel <> '' AND state = '${s}') OR (bool_or(channel = '' AND state = '${s}') AND ${inherits})`;
  return `CASE WHEN count(*) = 0 THEN NULL
         WHEN ${on('given')} THEN 'given' WHEN ${on('outdated')} THEN 'outdated' WHEN ${on('withdrawn')} THEN 'withdrawn' WHEN ${on('refused')} THEN 'refused' END AS state,
    LEAST(min(given_since) FILTER (WHERE channel <> '' AND state = 'given'),
          CASE WHEN ${inherits} THEN min(given_since) FILTER (WHERE channel = '' AND state = 'given') END) AS given_since`;
}

const safeChannel = (c: string) => {
  if (!/^[a-z][a-z0-9-]*$/.test(c)) throw new Error(`unsafe channel id ${c}`);
  return `'${c}'`;
};

/**
 * `purposeSql`: the purpose id as SQL (a parameter or a literal); `channel`: a policy channel
 * id, already known to the policy; `channels`: the channels that carry the purpose's consent, or
 * null when it takes one consent for all channels (then the purpose-wide record alone answers).
 */
export function consentSql(
  channels: readonly string[] | null,
  purposeSql: string,
  channel: string | undefined,
  alias: string,
  probe: Probe,
  outdated: readonly OutdatedWindow[] = [],
): ConsentSql {
  const consents = consentRows(outdated);
  const where = `purpose = ${purposeSql}`;
  const mine = probe === 'lateral' ? `subject_id = s.id AND ${where}` : where;
  const out = (join: string) => ({ join, state: `${alias}.state`, since: `${alias}.given_since` });
  if (!channels) {
    return out(
      probe === 'lateral'
        ? `LEFT JOIN LATERAL (SELECT state, given_since FROM ${consents} cr WHERE ${mine} AND channel = '') ${alias} ON true`
        : `LEFT JOIN ${consents} ${alias} ON ${alias}.subject_id = s.id AND ${alias}.${where} AND ${alias}.channel = ''`,
    );
  }
  if (channel !== undefined) {
    const ch = safeChannel(channel);
    return out(
      probe === 'lateral'
        ? `LEFT JOIN LATERAL (SELECT state, given_since FROM ${consents} cr WHERE ${mine} AND channel IN ('', ${ch}) ORDER BY channel DESC LIMIT 1) ${alias} ON true`
        : `LEFT JOIN (SELECT subject_id, (array_agg(state ORDER BY channel DESC))[1] AS state, (array_agg(given_since ORDER BY channel DESC))[1] AS given_since
             FROM ${consents} cr WHERE ${where} AND channel IN ('', ${ch}) GROUP BY subject_id) ${alias} ON ${alias}.subject_id = s.id`,
    );
  }
  const carriers = `channel IN ('', ${channels.map(safeChannel).join(', ')})`;
  const agg = anyChannel(new Set(channels).size);
  return out(
    probe === 'lateral'
      ? `LEFT JOIN LATERAL (SELECT ${agg} FROM ${consents} cr WHERE ${mine} AND ${carriers}) ${alias} ON true`
      : `LEFT JOIN (SELECT subject_id, ${agg} FROM ${consents} cr WHERE ${where} AND ${carriers} GROUP BY subject_id) ${alias} ON ${alias}.subject_id = s.id`,
  );
}

/** The projection's rows, with `given` read as `outdated` within the windows (none: the table itself). */
export function consentRows(outdated: readonly OutdatedWindow[]): string {
  if (outdated.length === 0) return 'consents';
  return `(SELECT subject_id, purpose, channel, CASE WHEN state = 'given' AND (${outdatedSql('updated_at', outdated)}) THEN 'outdated' ELSE state END AS state, given_since, updated_at FROM consents)`;
}

/** Whether the time `column` falls within one of the windows, as SQL over timestamp literals. */
export function outdatedSql(column: string, windows: readonly OutdatedWindow[]): string {
  const at = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;
  if (windows.length === 0) return 'FALSE';
  return windows
    .map((w) =>
      w.from === null
        ? `${column} < ${at(w.to)}`
        : `(${column} >= ${at(w.from)} AND ${column} < ${at(w.to)})`,
    )
    .join(' OR ');
}
