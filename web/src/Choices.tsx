// "Your choices" (BK-16, issue 14): each purpose the notice publishes, in plain words, and for
// each consent purpose a switch (per channel where the policy says so). A change is sent at once,
// with the CSRF token; the page says when it was recorded, or shows an error summary (GOV.UK
// Design System pattern) and puts the switch back to its stored state. Under each switch a hint
// tells apart what an unchecked switch cannot: never asked, refused, withdrawn (and by whom: the
// browser's Global Privacy Control signal withdraws as the policy says), with the date. Issue 17:
// a consent given before the policy widened its purpose no longer counts: the page says what
// changed, in the policy's words, and asks the person to confirm it or withdraw it. A choice
// sent from a notice that is no longer in force, when the new one widened the purpose, is not
// recorded (NOTICE_OUTDATED): the page says what changed, reloads the choices and asks again.
import { useEffect, useState } from 'react';
import {
  type ConsentAnswer,
  type ConsentState,
  NoticeOutdated,
  type PublishedPurpose,
  readConsents,
  readPurposes,
  recordChoice,
  type SignedIn,
} from './api.ts';
import { ErrorSummary } from './ErrorSummary.tsx';
import { clockTime, longDate, type Say } from './i18n.ts';

type Answer = Pick<ConsentAnswer, 'state' | 'recordedAt' | 'source' | 'underGpc' | 'outdated' | 'changes'>;
type Stored = Readonly<Record<string, Answer>>;
type Failure = { control: string; label: string };

const keyOf = (purpose: string, channel = '') => `${purpose}\u0000${channel}`;
const controlOf = (purpose: string, channel = '') => `choice-${purpose}${channel ? `-${channel}` : ''}`;

/** A channel's answer is its own record, else the purpose-wide one (as decide() reads them). */
function answerOf(stored: Stored, purpose: string, channel = ''): Answer {
  return stored[keyOf(purpose, channel)] ?? stored[keyOf(purpose)] ?? { state: 'not-asked' };
}

/** "Not asked yet" or "Withdrawn on 30 November 2026": what an unchecked switch alone cannot say. */
function hintOf(a: Answer, say: Say, language: string): string {
  if (a.state === 'not-asked' || !a.recordedAt) return say('notAsked');
  const date = longDate(a.recordedAt, language);
  if (a.state === 'given' && a.outdated) return say('outdatedOn', { date });
  if (a.state === 'given') return say(a.underGpc ? 'givenUnderGpc' : 'givenOn', { date });
  if (a.state === 'refused') return say('refusedOn', { date });
  return say(a.source === 'gpc' ? 'withdrawnByGpc' : 'withdrawnOn', { date });
}

export function Choices({
  who,
  language,
  notice,
  say,
  noticeChanged,
}: {
  who: SignedIn;
  language: string;
  notice: { notice: { version: string } };
  say: Say;
  noticeChanged?: () => void;
}) {
  const [purposes, setPurposes] = useState<PublishedPurpose[] | undefined>();
  const [stored, setStored] = useState<Stored>({});
  const [failed, setFailed] = useState(false);
  const [status, setStatus] = useState('');
  const [failures, setFailures] = useState<Failure[]>([]);
  const [pending, setPending] = useState<Readonly<Record<string, boolean>>>({});
  // The notice in force when a choice found the page's one outdated, and what changed.
  const [newer, setNewer] = useState<{ version: string; what: string; changes: readonly string[] }>();
  const [reloads, setReloads] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: read again when the notice changed (reloads)
  useEffect(() => {
    let live = true;
    Promise.all([readPurposes(language), readConsents(who, language)]).then(
      ([p, c]) => {
        if (!live) return;
        setPurposes(p);
        setStored(Object.fromEntries(c.map((a: ConsentAnswer) => [keyOf(a.purpose, a.channel), a])));
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [who, language, reloads]);

  const change = (purpose: string, channel: string, label: string, state: ConsentState) => {
    const key = keyOf(purpose, channel);
    const control = controlOf(purpose, channel);
    const wasOutdated = answerOf(stored, purpose, channel).outdated === true;
    setPending((p) => ({ ...p, [key]: state === 'given' }));
    setStatus('');
    const noticeVersion = newer?.version ?? notice.notice.version;
    recordChoice(who, {
      purpose,
      ...(channel ? { channel } : {}),
      state,
      noticeLanguage: language,
      noticeVersion,
    })
      .then(
        ({ recordedAt, source }) => {
          // A purpose-wide answer replaces the purpose's channel records (as Garde records it).
          setStored((s) => ({
            ...(channel
              ? s
              : Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith(`${purpose}\u0000`)))),
            [key]: { state, recordedAt, source },
          }));
          setFailures((f) => f.filter((x) => x.control !== control));
          setStatus(
            say(state === 'given' ? (wasOutdated ? 'confirmedAt' : 'givenAt') : 'withdrawnAt', {
              what: label,
              time: clockTime(recordedAt, language),
            }),
          );
        },
        (err: unknown) => {
          if (err instanceof NoticeOutdated) {
            setNewer({ version: err.noticeVersion, what: label, changes: err.changes });
            setReloads((n) => n + 1);
            noticeChanged?.();
          } else setFailures((f) => [...f.filter((x) => x.control !== control), { control, label }]);
        },
      )
      .finally(() =>
        setPending((p) => {
          const { [key]: _, ...rest } = p;
          return rest;
        }),
      );
  };

  const toggle = (p: PublishedPurpose, channel: string, label: string, what: string) => {
    const key = keyOf(p.id, channel);
    const answer = answerOf(stored, p.id, channel);
    // An outdated consent does not count: the switch shows it off until the person confirms.
    const checked = pending[key] ?? (answer.state === 'given' && !answer.outdated);
    const hint = `${controlOf(p.id, channel)}-hint`;
    return (
      <div className="switch" key={key}>
        <input
          type="checkbox"
          role="switch"
          id={controlOf(p.id, channel)}
          checked={checked}
          aria-checked={checked}
          aria-invalid={failures.some((f) => f.control === controlOf(p.id, channel)) || undefined}
          aria-busy={key in pending || undefined}
          aria-describedby={hint}
          onChange={(e) => {
            // One change at a time per switch: the next waits for the answer to the last.
            if (!(key in pending)) change(p.id, channel, what, e.target.checked ? 'given' : 'withdrawn');
          }}
        />
        <label htmlFor={controlOf(p.id, channel)} id={`${controlOf(p.id, channel)}-label`}>
          {label}
        </label>
        <p className="hint" id={hint}>
          {hintOf(answer, say, language)}
        </p>
        {answer.state === 'given' &&
          answer.outdated &&
          !(key in pending) &&
          outdated(p, channel, what, answer)}
      </div>
    );
  };

  /** What changed since the person agreed, and the two answers they may give now. */
  const outdated = (p: PublishedPurpose, channel: string, what: string, answer: Answer) => {
    const id = `${controlOf(p.id, channel)}-changed`;
    // WCAG 2.4.6: each pair of buttons names the purpose (and channel) it answers for.
    const named = [`purpose-${p.id}`, ...(channel ? [`${controlOf(p.id, channel)}-label`] : [])].join(' ');
    return (
      <section className="outdated" aria-labelledby={id}>
        <p id={id} className="outdated-title">
          {say('outdatedHeading')}
        </p>
        {(answer.changes ?? []).length > 0 && (
          <ul>
            {(answer.changes ?? []).map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        )}
        <p>{say('outdatedAsk')}</p>
        <div className="outdated-actions">
          <button type="button" aria-describedby={named} onClick={() => change(p.id, channel, what, 'given')}>
            {say('confirmConsent')}
          </button>
          <button
            type="button"
            className="secondary"
            aria-describedby={named}
            onClick={() => change(p.id, channel, what, 'withdrawn')}
          >
            {say('withdrawConsent')}
          </button>
        </div>
      </section>
    );
  };

  return (
    <section aria-labelledby="choices" className="choices">
      <h2 id="choices">{say('choicesHeading')}</h2>
      <ErrorSummary
        title={say('errorSummary')}
        problems={failures.map((f) => ({
          control: f.control,
          message: say('notRecorded', { what: f.label }),
        }))}
      />
      <p aria-live="polite" role="status" className="choice-status">
        {status}
      </p>
      {newer && (
        <section role="alert" className="notice-changed">
          <p>{say('noticeChanged', { what: newer.what })}</p>
          {newer.changes.length > 0 && (
            <ul>
              {newer.changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
          <p>{say('noticeChangedAgain')}</p>
        </section>
      )}
      {failed && (
        <p role="alert" className="failed">
          {say('choicesFailed')}
        </p>
      )}
      {purposes === undefined && !failed && <p>{say('loading')}</p>}
      {purposes?.map((p) => (
        <article key={p.id} className="purpose" aria-labelledby={`purpose-${p.id}`}>
          <h3 id={`purpose-${p.id}`}>{p.description}</h3>
          <p>{say('basis', { basis: p.legalBasisText })}</p>
          {p.needsConsent ? (
            <fieldset>
              <legend>{say(p.perChannel ? 'consentPerChannel' : 'consentNeeded')}</legend>
              {p.perChannel && p.channels.length > 0
                ? p.channels.map((c) => toggle(p, c.id, c.name, `${p.description} (${c.name})`))
                : toggle(p, '', say('consentTo'), p.description)}
            </fieldset>
          ) : (
            <p>{say('noConsent')}</p>
          )}
        </article>
      ))}
    </section>
  );
}
