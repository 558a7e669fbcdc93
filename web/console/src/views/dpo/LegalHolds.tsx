// The DPO's legal holds (EN-10, issue 15): every hold in force, of every person, a page at a
// time; place one, release one. Both audited by the API.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ErrorSummary, type Problem } from '../../../../src/ErrorSummary.tsx';
import { garde } from '../../api.ts';
import { categoryName as categoryOf } from '../../garde-words.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import { dateAndTime, sayIn } from '../../words.ts';
import { type ItemOf, isSubjectId, useCursors, usePolicy } from './dpo-api.ts';
import { Field } from './Field.tsx';
import { HOLDS_WORDS } from './holds-words.ts';
import { Pager } from './Pager.tsx';

type Hold = ItemOf<'/v1/legal-holds'>;
type Draft = { person: string; category: string; reason: string; until: string };
const EMPTY: Draft = { person: '', category: '', reason: '', until: '' };
const PAGE = 25;

export default function LegalHolds({ session }: ViewProps) {
  const say = sayIn(HOLDS_WORDS, session.language);
  const policy = usePolicy(session.language);
  const cursors = useCursors();
  const [page, setPage] = useState<{ items: Hold[]; next: string | null } | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState<'placed' | 'released' | 'failed' | null>(null);
  const { after } = cursors;

  const load = useCallback(async () => {
    const { data } = await garde.GET('/v1/legal-holds', {
      params: { query: { limit: PAGE, ...(after ? { after } : {}) } },
    });
    setPage(data ?? null);
    if (!data) setStatus('failed');
  }, [after]);

  useEffect(() => {
    load();
  }, [load]);

  const categoryName = (c: string | null) =>
    c === null ? say('allCategories') : categoryOf(policy?.categories, c, session.language);

  async function place(e: FormEvent) {
    e.preventDefault();
    setStatus(null);
    const found: Problem[] = [];
    if (!isSubjectId(draft.person)) found.push({ control: 'hold-person', message: say('personInvalid') });
    if (draft.reason.trim().length < 3) found.push({ control: 'hold-reason', message: say('reasonInvalid') });
    setProblems(found);
    if (found.length > 0) return;
    // A network failure is said as a failure, never thrown unseen.
    const answer = await garde
      .POST('/v1/subjects/{id}/legal-holds', {
        params: { path: { id: draft.person.trim() } },
        body: {
          reason: draft.reason.trim(),
          ...(draft.category ? { category: draft.category } : {}),
          ...(draft.until ? { until: draft.until } : {}),
        },
      })
      .catch(() => null);
    if (!answer) return setStatus('failed');
    const { data, response } = answer;
    if (data) {
      setDraft(EMPTY);
      setStatus('placed');
      load();
    } else if (response.status === 404) setProblems([{ control: 'hold-person', message: say('notFound') }]);
    else setStatus('failed');
  }

  async function release(h: Hold) {
    setStatus(null);
    const answer = await garde
      .DELETE('/v1/subjects/{id}/legal-holds/{holdId}', {
        params: { path: { id: h.subjectId, holdId: h.id } },
      })
      .catch(() => null);
    setStatus(answer?.response.ok ? 'released' : 'failed');
    load();
  }

  const errorOf = (control: string) => problems.find((p) => p.control === control)?.message;

  return (
    <>
      <p>{say('intro')}</p>
      <ErrorSummary title={say('errorSummary')} problems={problems} />
      <div role="status" aria-live="polite" id="holds-status">
        {status && <p className={status === 'failed' ? 'refused' : 'notice'}>{say(status)}</p>}
      </div>
      <section aria-labelledby="holds-list" className="panel">
        <h2 id="holds-list">{say('listHeading')}</h2>
        {page && page.items.length === 0 && <p>{say('none')}</p>}
        {page && page.items.length > 0 && (
          <TableScroll label={say('caption')}>
            <table id="holds-table">
              <caption>{say('caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{say('person')}</th>
                  <th scope="col">{say('category')}</th>
                  <th scope="col">{say('reason')}</th>
                  <th scope="col">{say('until')}</th>
                  <th scope="col">{say('placedBy')}</th>
                  <th scope="col">{say('placedAt')}</th>
                  <th scope="col">{say('release')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <code>{h.subjectId}</code>
                    </td>
                    <td>{categoryName(h.category)}</td>
                    <td>{h.reason}</td>
                    <td>{h.until ?? say('untilReleased')}</td>
                    <td>
                      <code>{h.placedBy}</code>
                    </td>
                    <td>
                      <time dateTime={h.placedAt}>{dateAndTime(h.placedAt, session.language)}</time>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={say('releaseLabel', {
                          person: h.subjectId,
                          category: categoryName(h.category),
                        })}
                        onClick={() => release(h)}
                      >
                        {say('release')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager cursors={cursors} next={page?.next} firstLabel={say('first')} nextLabel={say('next')} />
      </section>

      <section aria-labelledby="holds-place" className="panel">
        <h2 id="holds-place">{say('placeHeading')}</h2>
        <form id="hold-form" onSubmit={place} noValidate>
          <Field
            id="hold-person"
            label={say('person')}
            hint={say('personHint')}
            error={errorOf('hold-person')}
            value={draft.person}
            onChange={(v) => setDraft({ ...draft, person: v })}
          />
          <div className="field">
            <label htmlFor="hold-category">{say('category')}</label>
            <p className="hint" id="hold-category-hint">
              {say('categoryHint')}
            </p>
            <select
              id="hold-category"
              value={draft.category}
              aria-describedby="hold-category-hint"
              onChange={(e) => setDraft({ ...draft, category: e.target.value })}
            >
              <option value="">{say('allCategories')}</option>
              {(policy?.categories ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <Field
            id="hold-reason"
            label={say('reason')}
            hint={say('reasonHint')}
            error={errorOf('hold-reason')}
            maxLength={500}
            spellCheck
            value={draft.reason}
            onChange={(v) => setDraft({ ...draft, reason: v })}
          />
          <Field
            id="hold-until"
            type="date"
            label={say('until')}
            hint={say('untilHint')}
            value={draft.until}
            onChange={(v) => setDraft({ ...draft, until: v })}
          />
          <button type="submit">{say('place')}</button>
        </form>
      </section>
    </>
  );
}
