// The agent's customers (issue 15, BK-13): find the customer in front of them by customer number,
// e-mail address or name, then open their card (themes, offers, the check before a contact and
// the contact's log). The results show what an agent may know: the customer number and the name,
// possible duplicates flagged; pages come from the API's keyset cursor ("more"), never all at once.
import { type FormEvent, useState } from 'react';
import { ErrorSummary, type Problem } from '../../../../src/ErrorSummary.tsx';
import { garde } from '../../api.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import { sayIn } from '../../words.ts';
import { type Customer, CustomerCard } from './CustomerCard.tsx';
import { CUSTOMERS_WORDS } from './customers-words.ts';

type Hit = {
  id: string;
  customerNumber: string | null;
  displayName: string | null;
  matchedBy: 'customer-number' | 'email' | 'name';
  possibleDuplicates: { id: string; reason: 'same-name-and-birth-date' | 'same-mailbox' }[];
};

const PAGE = 20;

export default function Customers({ session }: ViewProps) {
  const say = sayIn(CUSTOMERS_WORDS, session.language);
  const [query, setQuery] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [hits, setHits] = useState<Hit[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<Customer | null>(null);

  async function fetchPage(q: string, after: string | null): Promise<void> {
    setBusy(true);
    setFailed(false);
    try {
      const { data } = await garde.GET('/v1/subject-search', {
        params: { query: { q, limit: PAGE, ...(after ? { after } : {}) } },
      });
      if (!data) throw new Error('search refused');
      setHits((before) => (after ? [...before, ...data.items] : data.items));
      setNext(data.next);
      setAsked(q);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const q = query.trim();
    const problem = q === '' ? say('queryMissing') : q.length < 2 ? say('queryShort') : null;
    setProblems(problem ? [{ control: 'customer-query', message: problem }] : []);
    if (!problem) void fetchPage(q, null);
  }

  if (open) {
    return (
      <>
        <p>
          <button type="button" className="secondary" onClick={() => setOpen(null)}>
            {say('back')}
          </button>
        </p>
        <CustomerCard customer={open} session={session} />
      </>
    );
  }

  const queryError = problems.find((p) => p.control === 'customer-query');
  return (
    <>
      <ErrorSummary title={say('errorSummary')} problems={problems} />
      <section aria-labelledby="search-heading" className="panel">
        <h2 id="search-heading">{say('searchHeading')}</h2>
        <search>
          <form onSubmit={submit} noValidate>
            <div className={queryError ? 'field field-error' : 'field'}>
              <label htmlFor="customer-query">{say('searchLabel')}</label>
              <p className="hint" id="customer-query-hint">
                {say('searchHint')}
              </p>
              {queryError && (
                <p className="error-message" id="customer-query-error">
                  {queryError.message}
                </p>
              )}
              <input
                type="search"
                id="customer-query"
                name="q"
                autoComplete="off"
                spellCheck={false}
                maxLength={200}
                value={query}
                aria-describedby={
                  queryError ? 'customer-query-hint customer-query-error' : 'customer-query-hint'
                }
                aria-invalid={queryError ? true : undefined}
                onChange={(e) => setQuery(e.target.value)}
              />
            </div>
            <button type="submit" disabled={busy}>
              {busy ? say('searching') : say('search')}
            </button>
          </form>
        </search>
      </section>
      <div aria-live="polite">
        {failed && <p className="refused">{say('searchFailed')}</p>}
        {asked !== null && !failed && (
          <p id="results-count">
            {hits.length === 0
              ? say('noResults')
              : next
                ? say('resultsMore', { count: String(hits.length) })
                : hits.length === 1
                  ? say('resultsOne')
                  : say('resultsCount', { count: String(hits.length) })}
          </p>
        )}
      </div>
      {hits.length > 0 && (
        // The table's scrolling box is the landmark named as its caption (TableScroll): the
        // section is not one too, so no two landmarks share a name.
        <section className="panel">
          <TableScroll label={say('resultsCaption')}>
            <table className="results">
              <caption id="results-caption">{say('resultsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{say('name')}</th>
                  <th scope="col">{say('customerNumber')}</th>
                  <th scope="col">{say('matchedBy')}</th>
                  <th scope="col">{say('duplicates')}</th>
                </tr>
              </thead>
              <tbody>
                {hits.map((h) => (
                  <tr key={h.id} data-subject={h.id}>
                    <th scope="row">
                      <button
                        type="button"
                        className="secondary"
                        aria-label={say('openRecord', { name: h.displayName ?? say('noName') })}
                        onClick={() => setOpen(h)}
                      >
                        {h.displayName ?? say('noName')}
                      </button>
                    </th>
                    <td>{h.customerNumber ?? '—'}</td>
                    <td>{say(`matched.${h.matchedBy}`)}</td>
                    <td>
                      {h.possibleDuplicates.length === 0 ? (
                        say('noDuplicates')
                      ) : (
                        <ul className="duplicates">
                          {h.possibleDuplicates.map((d) => (
                            <li key={`${d.id} ${d.reason}`}>
                              <strong>{say(`duplicate.${d.reason}`)}</strong>{' '}
                              <button
                                type="button"
                                className="secondary"
                                onClick={() =>
                                  setOpen({
                                    id: d.id,
                                    displayName:
                                      d.reason === 'same-name-and-birth-date' ? h.displayName : null,
                                    customerNumber: null,
                                  })
                                }
                              >
                                {say('openDuplicate')}
                              </button>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {next && asked !== null && (
            <p>
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => void fetchPage(asked, next)}
              >
                {say('more')}
              </button>
            </p>
          )}
        </section>
      )}
    </>
  );
}
