// The DPO's consent proof for a person (issue 15): the ledger, every choice with its time,
// purpose and channel by name, the interface it came through in the policy's words, the notice
// version and language, who recorded it and from what device; the ISO/IEC TS 27560 receipt.
// Issue 17: the current record of a consent a policy change outdated is marked as no longer
// counting, with what changed (GET /v1/subjects/{id}/consents `outdated`, `changes`).
import { type FormEvent, useEffect, useState } from 'react';
import { ErrorSummary, type Problem } from '../../../../src/ErrorSummary.tsx';
import { garde } from '../../api.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import { dateAndTime, sayIn } from '../../words.ts';
import { CONSENT_PROOF_WORDS } from './consent-proof-words.ts';
import { type ItemOf, isSubjectId, nameIn, useCursors, usePolicy } from './dpo-api.ts';
import { Field } from './Field.tsx';
import { Pager } from './Pager.tsx';

type ConsentEvent = ItemOf<'/v1/subjects/{id}/consents/history'>;
const PAGE = 25;
/** Per purpose and channel, the current record that no longer counts: when it was made, what changed. */
type Outdated = ReadonlyMap<string, { at: number; changes: readonly string[] }>;
const keyOf = (purpose: string, channel: string) => `${purpose}\u0000${channel}`;

export default function ConsentProof({ session }: ViewProps) {
  const say = sayIn(CONSENT_PROOF_WORDS, session.language);
  const policy = usePolicy(session.language);
  const [draft, setDraft] = useState('');
  const [person, setPerson] = useState<string | null>(null);
  const [problem, setProblem] = useState<'personInvalid' | 'notFound' | null>(null);
  const [failed, setFailed] = useState(false);
  const cursors = useCursors();
  const [page, setPage] = useState<{ items: ConsentEvent[]; next: string | null } | null>(null);
  const { after } = cursors;
  const [outdated, setOutdated] = useState<Outdated>(new Map());

  useEffect(() => {
    setOutdated(new Map());
    if (!person) return;
    let live = true;
    garde
      .GET('/v1/subjects/{id}/consents', {
        params: { path: { id: person }, query: { language: session.language } },
      })
      .then(({ data }) => {
        if (!live || !data) return;
        const old = data.items.filter((a) => a.outdated && a.recordedAt);
        setOutdated(
          new Map(
            old.map((a) => [
              keyOf(a.purpose, a.channel),
              { at: Date.parse(a.recordedAt as string), changes: a.changes ?? [] },
            ]),
          ),
        );
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [person, session.language]);
  /** The record is the current answer, and a policy change outdated it. */
  const outdatedOf = (e: ConsentEvent) => {
    const o = outdated.get(keyOf(e.purpose, e.channel));
    return e.state === 'given' && o && o.at === Date.parse(e.recordedAt) ? o : undefined;
  };

  useEffect(() => {
    if (!person) return;
    let live = true;
    garde
      .GET('/v1/subjects/{id}/consents/history', {
        params: {
          path: { id: person },
          query: { order: 'newest-first', limit: PAGE, ...(after ? { after } : {}) },
        },
      })
      .then(({ data, response }) => {
        if (!live) return;
        if (data) {
          setPage(data);
          return;
        }
        setPage(null);
        if (response.status === 404) setProblem('notFound');
        else setFailed(true);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [person, after]);

  function show(e: FormEvent) {
    e.preventDefault();
    setFailed(false);
    if (!isSubjectId(draft)) {
      setProblem('personInvalid');
      return;
    }
    setProblem(null);
    cursors.first();
    setPerson(draft.trim());
  }

  const problems: Problem[] = problem ? [{ control: 'proof-person', message: say(problem) }] : [];
  const error = problems[0]?.message;
  const channelName = (c: string) => (c === '' ? say('allChannels') : nameIn(policy?.channels, c));

  return (
    <>
      <p>{say('intro')}</p>
      <ErrorSummary title={say('errorSummary')} problems={problems} />
      <form id="proof-form" className="panel" onSubmit={show} noValidate>
        <Field
          id="proof-person"
          label={say('person')}
          hint={say('personHint')}
          error={error}
          value={draft}
          onChange={setDraft}
        />
        <button type="submit">{say('show')}</button>
      </form>
      {failed && <p className="refused">{say('failed')}</p>}
      {person && page && (
        <>
          <section aria-labelledby="proof-ledger" className="panel">
            <h2 id="proof-ledger">{say('ledgerHeading')}</h2>
            {page.items.length === 0 ? (
              <p>{say('none')}</p>
            ) : (
              <TableScroll label={say('caption', { person })}>
                <table id="proof-table">
                  <caption>{say('caption', { person })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{say('at')}</th>
                      <th scope="col">{say('purpose')}</th>
                      <th scope="col">{say('channel')}</th>
                      <th scope="col">{say('state')}</th>
                      <th scope="col">{say('source')}</th>
                      <th scope="col">{say('notice')}</th>
                      <th scope="col">{say('language')}</th>
                      <th scope="col">{say('recordedBy')}</th>
                      <th scope="col">{say('device')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((e) => (
                      <tr key={e.id}>
                        <td>
                          <time dateTime={e.recordedAt}>{dateAndTime(e.recordedAt, session.language)}</time>
                        </td>
                        <td>{nameIn(policy?.purposes, e.purpose)}</td>
                        <td>{channelName(e.channel)}</td>
                        <td>
                          {say(`state_${e.state}`)}
                          {outdatedOf(e) && (
                            <p className="outdated-marker">
                              <strong>{say('outdated')}</strong> {say('outdatedWhy')}
                              {(outdatedOf(e)?.changes.length ?? 0) > 0 && (
                                <>
                                  {' '}
                                  {say('outdatedChanges')} {outdatedOf(e)?.changes.join('; ')}
                                </>
                              )}
                            </p>
                          )}
                        </td>
                        <td>
                          {nameIn(policy?.consentInterfaces, e.source)} (<code>{e.source}</code>)
                          {e.gpc && (
                            <>
                              <br />
                              {say('gpc')}
                            </>
                          )}
                        </td>
                        <td>{e.noticeVersion}</td>
                        <td>{e.noticeLanguage ?? '—'}</td>
                        <td>
                          <code>{e.actor}</code>
                        </td>
                        <td>{[e.userAgent, e.ipPrefix].filter(Boolean).join(' · ') || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <Pager cursors={cursors} next={page.next} firstLabel={say('first')} nextLabel={say('next')} />
          </section>
          <section aria-labelledby="proof-receipt" className="panel">
            <h2 id="proof-receipt">{say('receiptHeading')}</h2>
            <p className="hint">{say('receiptIntro')}</p>
            <a
              id="receipt-download"
              className="button"
              href={`/v1/subjects/${person}/consents/receipt`}
              download
            >
              {say('receipt')}
            </a>
          </section>
        </>
      )}
    </>
  );
}
