// The DPO's queue (issue 15, EN-11): requests by deadline, the urgency groups with their counts
// in the header (one call), filters by status, right, channel of receipt and date received, and
// a table paged server-side by the API's keyset cursor (never everything at once).
import { type FormEvent, useEffect, useState } from 'react';
import { longDate } from '../../../../src/i18n.ts';
import { gardeWord } from '../../garde-words.ts';
import type { ViewProps } from '../../views.ts';
import { dateAndTime } from '../../words.ts';
import { nameIn } from './dpo-api.ts';
import { FIELD, FILTERS, ROW } from './layout.ts';
import {
  Problem,
  type QueueCounts,
  type QueuePage,
  type QueueQuery,
  readCounts,
  readQueue,
  readRightsChannels,
} from './requests-api.ts';
import { type SayDpo, sayDpo } from './requests-words.ts';

const GROUPS = ['overdue', 'due-soon', 'on-time', 'paused', 'closed'] as const;
const STATUSES = ['received', 'verified', 'paused', 'completed', 'rejected', 'routed'] as const;
const PAGE = 25;

type Filters = Omit<QueueQuery, 'after' | 'limit'>;

/** Opens one request, as the console opens a view (`?view=<id>`). */
export const requestHref = (id: string) => `?view=dpo-request&id=${encodeURIComponent(id)}`;

function Counts({
  counts,
  say,
  pick,
}: {
  counts: QueueCounts | null;
  say: SayDpo;
  pick: (g: string) => void;
}) {
  return (
    <nav aria-label={say('groups')}>
      <ul className="urgency-groups" style={ROW}>
        {GROUPS.map((g) => (
          <li key={g} data-group={g}>
            <button type="button" onClick={() => pick(g)}>
              {say(`group.${g}`)} <strong>{counts ? String(counts[g]) : '…'}</strong>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export default function RequestsQueue({ session }: ViewProps) {
  const say = sayDpo(session.language);
  const [filters, setFilters] = useState<Filters>({ urgency: 'open' });
  const [draft, setDraft] = useState<Filters>({ urgency: 'open' });
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<QueuePage | null>(null);
  const [counts, setCounts] = useState<QueueCounts | null>(null);
  const [channels, setChannels] = useState<{ id: string; name: string; rights: string[] }[]>([]);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    readRightsChannels(session.language).then(setChannels, () => setChannels([]));
  }, [session.language]);

  const after = cursors.at(-1);
  useEffect(() => {
    setFailed(null);
    const { urgency: _u, ...rest } = filters;
    readQueue({ ...filters, limit: PAGE, ...(after ? { after } : {}) }).then(setPage, (e: unknown) =>
      setFailed(e instanceof Problem ? e.message : 'UNKNOWN'),
    );
    readCounts(rest).then(setCounts, () => setCounts(null));
  }, [filters, after]);

  const kinds = [...new Set(channels.flatMap((c) => c.rights))];
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setCursors([]);
    setFilters(clean(draft));
  };
  const pick = (g: string) => {
    const next = { ...draft, urgency: g as Filters['urgency'] };
    setDraft(next);
    setCursors([]);
    setFilters(clean(next));
  };
  const select = (name: keyof Filters, value: string) =>
    setDraft((d) => ({ ...d, [name]: value === '' ? undefined : value }));

  return (
    <section aria-labelledby="queue-title" className="dpo-queue">
      <h2 id="queue-title">{say('groups')}</h2>
      <Counts counts={counts} say={say} pick={pick} />
      <form onSubmit={apply} className="filters" aria-label={say('filters')} style={FILTERS}>
        <label style={FIELD}>
          {say('urgency')}
          <select value={draft.urgency ?? 'open'} onChange={(e) => select('urgency', e.target.value)}>
            {(['open', ...GROUPS, 'all'] as const).map((g) => (
              <option key={g} value={g}>
                {say(`group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {say('status')}
          <select value={draft.status ?? ''} onChange={(e) => select('status', e.target.value)}>
            <option value="">{say('any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {say(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {say('kind')}
          <select value={draft.kind ?? ''} onChange={(e) => select('kind', e.target.value)}>
            <option value="">{say('any')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {gardeWord(session.language, 'right', k)}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {say('channel')}
          <select value={draft.channel ?? ''} onChange={(e) => select('channel', e.target.value)}>
            <option value="">{say('any')}</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {say('receivedFrom')}
          <input
            type="date"
            value={draft.receivedFrom?.slice(0, 10) ?? ''}
            onChange={(e) => select('receivedFrom', e.target.value ? `${e.target.value}T00:00:00Z` : '')}
          />
        </label>
        <label style={FIELD}>
          {say('receivedBefore')}
          <input
            type="date"
            value={draft.receivedBefore?.slice(0, 10) ?? ''}
            onChange={(e) => select('receivedBefore', e.target.value ? `${e.target.value}T00:00:00Z` : '')}
          />
        </label>
        <button type="submit">{say('apply')}</button>
      </form>
      {failed && <p role="alert">{say('failed', { code: failed })}</p>}
      {!page && !failed && <p>{say('loading')}</p>}
      {page && page.items.length === 0 && <p>{say('none')}</p>}
      {page && page.items.length > 0 && (
        <table className="requests-table">
          <caption>{say(`group.${filters.urgency ?? 'open'}`)}</caption>
          <thead>
            <tr>
              <th scope="col">{say('due')}</th>
              <th scope="col">{say('urgency')}</th>
              <th scope="col">{say('kind')}</th>
              <th scope="col">{say('status')}</th>
              <th scope="col">{say('channel')}</th>
              <th scope="col">{say('received')}</th>
              <th scope="col">{say('person')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((r) => (
              <tr key={r.id} data-urgency={r.urgency}>
                <td>
                  <a href={requestHref(r.id)}>{longDate(r.dueAt, session.language)}</a>
                </td>
                <td>{say(`group.${r.urgency as 'overdue'}`)}</td>
                <td>{gardeWord(session.language, 'right', r.kind)}</td>
                <td>{say(`status.${r.status as 'received'}`)}</td>
                <td>{nameIn(channels, r.channel)}</td>
                <td>{dateAndTime(r.receivedAt, session.language)}</td>
                <td>
                  <code>{r.subjectPseudonym.slice(0, 8)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="pager">
        {cursors.length > 0 && (
          <button type="button" onClick={() => setCursors([])}>
            {say('first')}
          </button>
        )}
        {page?.next && (
          <button type="button" onClick={() => setCursors((c) => [...c, page.next as string])}>
            {say('more')}
          </button>
        )}
      </p>
    </section>
  );
}

/** Drops empty filters, so the URL the API gets says only what was chosen. */
function clean(f: Filters): Filters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as Filters;
}
