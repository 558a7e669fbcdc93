// The DPO's audit trail (issue 15; Art. 5(2)): filter by person, actor, action and days, page
// through the entries newest first (server-side keyset cursors), verify the hash chain, download
// what the filters match. The trail holds ids and digests only; each reading is itself recorded.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ErrorSummary, type Problem } from '../../../../src/ErrorSummary.tsx';
import { garde } from '../../api.ts';
import { auditActionWords, KNOWN_AUDIT_ACTIONS } from '../../audit-action-words.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import { dateAndTime, type Language, sayIn } from '../../words.ts';
import { AUDIT_WORDS } from './audit-words.ts';
import { type Answer, type ItemOf, isSubjectId, useCursors } from './dpo-api.ts';
import { Field } from './Field.tsx';
import { Pager } from './Pager.tsx';

type Filter = { person: string; actor: string; action: string; from: string; to: string };
type Entry = ItemOf<'/v1/audit'>;
type Verification = Answer<'/v1/audit/verification'>;

const EMPTY: Filter = { person: '', actor: '', action: '', from: '', to: '' };
const PAGE = 25;
const ACTION = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.?$/;
const DAY_MS = 86_400_000;

/** The filter as the API's query: days become UTC instants, the last day included. */
function queryOf(f: Filter) {
  const q: Record<string, string> = {};
  if (f.person.trim()) q.person = f.person.trim();
  if (f.actor.trim()) q.actor = f.actor.trim();
  if (f.action.trim()) q.action = f.action.trim();
  if (f.from) q.from = new Date(`${f.from}T00:00:00Z`).toISOString();
  if (f.to) q.to = new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY_MS).toISOString();
  return q;
}

/**
 * An action in words with its code under them (the DPO filters by the code); an action a later
 * Garde writes and this console does not know shows as its code.
 */
function ActionCell({
  action,
  detail,
  language,
}: {
  action: string;
  detail?: Record<string, string> | null;
  language: Language;
}) {
  const words = auditActionWords(language, action);
  return (
    <td>
      {words ?? <code>{action}</code>}
      {words !== undefined && <code className="secondary-code">{action}</code>}
      {/* The non-personal ids the action concerns (a disclosure's campaign and processor). */}
      {Object.entries(detail ?? {}).map(([key, value]) => (
        <code key={key} className="secondary-code" title={value}>
          {key}: {value.length > 40 ? `${value.slice(0, 12)}…` : value}
        </code>
      ))}
    </td>
  );
}

export default function Audit({ session }: ViewProps) {
  const say = sayIn(AUDIT_WORDS, session.language);
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [problems, setProblems] = useState<Problem[]>([]);
  const cursors = useCursors();
  const [page, setPage] = useState<{ items: Entry[]; next: string | null } | null>(null);
  const [failed, setFailed] = useState(false);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const { after } = cursors;

  const load = useCallback(async () => {
    setFailed(false);
    const { data } = await garde.GET('/v1/audit', {
      params: { query: { ...queryOf(filter), limit: PAGE, ...(after ? { after } : {}) } },
    });
    if (data) setPage(data);
    else setFailed(true);
  }, [filter, after]);

  useEffect(() => {
    load();
  }, [load]);

  function apply(e: FormEvent) {
    e.preventDefault();
    const found: Problem[] = [];
    if (draft.person.trim() && !isSubjectId(draft.person))
      found.push({ control: 'audit-person', message: say('personInvalid') });
    if (draft.action.trim() && !ACTION.test(draft.action.trim()))
      found.push({ control: 'audit-action', message: say('actionInvalid') });
    if (draft.from && draft.to && draft.from > draft.to)
      found.push({ control: 'audit-to', message: say('rangeInvalid') });
    setProblems(found);
    if (found.length > 0) return;
    setFilter(draft);
    cursors.first();
  }

  function clear() {
    setDraft(EMPTY);
    setFilter(EMPTY);
    setProblems([]);
    cursors.first();
  }

  async function verify() {
    setVerifying(true);
    // A network failure is a failure too: said, never thrown unseen.
    const { data } = await garde.GET('/v1/audit/verification').catch(() => ({ data: undefined }));
    setVerifying(false);
    setVerification(data ?? null);
    if (!data) setFailed(true);
  }

  const errorOf = (control: string) => problems.find((p) => p.control === control)?.message;
  const field = (key: keyof Filter, type: 'text' | 'date', hint?: string, list?: string) => (
    <Field
      list={list}
      id={`audit-${key}`}
      name={key}
      type={type}
      label={say(key)}
      hint={hint}
      error={errorOf(`audit-${key}`)}
      value={draft[key]}
      onChange={(v) => setDraft({ ...draft, [key]: v })}
    />
  );

  const exportHref = (format: 'csv' | 'ndjson') =>
    `/v1/audit/export?${new URLSearchParams({ ...queryOf(filter), format })}`;
  const reason = (r: NonNullable<Verification['break']>['reason']) =>
    say(
      r === 'hash-mismatch'
        ? 'reason_hashMismatch'
        : r === 'broken-link'
          ? 'reason_brokenLink'
          : 'reason_gap',
    );

  return (
    <>
      <p>{say('intro')}</p>
      <ErrorSummary title={say('errorSummary')} problems={problems} />
      <section aria-labelledby="audit-filters" className="panel">
        <h2 id="audit-filters">{say('filters')}</h2>
        <form id="audit-filter" onSubmit={apply} noValidate>
          {field('person', 'text', say('personHint'))}
          {field('actor', 'text', say('actorHint'))}
          {field('action', 'text', say('actionHint'), 'audit-action-list')}
          {/* The known actions by their words; the field still takes any code or family. */}
          <datalist id="audit-action-list">
            {KNOWN_AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {auditActionWords(session.language, a)}
              </option>
            ))}
          </datalist>
          {field('from', 'date')}
          {field('to', 'date')}
          <button type="submit">{say('apply')}</button>{' '}
          <button type="button" className="secondary" onClick={clear}>
            {say('clear')}
          </button>
        </form>
      </section>

      <section aria-labelledby="audit-entries" className="panel">
        <h2 id="audit-entries">{say('entries')}</h2>
        {failed && <p className="refused">{say('loadFailed')}</p>}
        {page && page.items.length === 0 && <p id="audit-none">{say('none')}</p>}
        {page && page.items.length > 0 && (
          <TableScroll label={say('page', { n: String(cursors.page) })}>
            <table id="audit-table">
              <caption>{say('page', { n: String(cursors.page) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{say('seq')}</th>
                  <th scope="col">{say('at')}</th>
                  <th scope="col">{say('who')}</th>
                  <th scope="col">{say('what')}</th>
                  <th scope="col">{say('subject')}</th>
                  <th scope="col">{say('digest')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td>
                      <time dateTime={e.at}>{dateAndTime(e.at, session.language)}</time>
                    </td>
                    <td>
                      <code>{e.actor}</code>
                    </td>
                    <ActionCell action={e.action} detail={e.detail} language={session.language} />
                    <td>{e.subjectId ? <code>{e.subjectId}</code> : '—'}</td>
                    <td>
                      <code title={e.changeDigest}>{e.changeDigest.slice(0, 12)}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager
          cursors={cursors}
          next={page?.next}
          firstLabel={say('first')}
          nextLabel={say('next')}
          id="audit-next"
        />
      </section>

      <section aria-labelledby="audit-verify" className="panel">
        <h2 id="audit-verify">{say('verifyHeading')}</h2>
        <p className="hint">{say('verifyIntro')}</p>
        <button type="button" id="verify-chain" onClick={verify} disabled={verifying}>
          {verifying ? say('verifying') : say('verify')}
        </button>
        <div role="status" aria-live="polite" id="verify-result">
          {verification?.intact && (
            <p className="notice">
              {say('intact', {
                n: verification.entries.toLocaleString(session.language),
                at: dateAndTime(verification.checkedAt, session.language),
              })}
            </p>
          )}
          {verification && !verification.intact && verification.break && (
            <p className="refused">
              {say('broken', {
                seq: String(verification.break.seq),
                reason: reason(verification.break.reason),
                at: verification.break.at ? dateAndTime(verification.break.at, session.language) : '—',
                n: verification.entries.toLocaleString(session.language),
              })}
            </p>
          )}
        </div>
      </section>

      <section aria-labelledby="audit-export" className="panel">
        <h2 id="audit-export">{say('exportHeading')}</h2>
        <p className="hint">{say('exportIntro')}</p>
        <ul className="screens">
          <li>
            <a id="export-csv" href={exportHref('csv')} download>
              {say('exportCsv')}
            </a>
          </li>
          <li>
            <a id="export-ndjson" href={exportHref('ndjson')} download>
              {say('exportNdjson')}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}
