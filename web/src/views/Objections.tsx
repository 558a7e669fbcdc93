// "Objections and restriction" (EN-11, Art. 18 and 21, issue 14): the objections that apply to
// this policy's purposes (derived from what the notice publishes: each purpose names the objections
// that stop it), and the restriction of processing, each in plain words (what it stops, what it
// does not), with its state and a button to raise or withdraw it. A change that may end the
// contract (EN-13) is held by Garde, which says how in the person's language: the page shows that
// warning and sends the change again only once the person confirms.
import { useEffect, useRef, useState } from 'react';
import {
  changeObjection,
  changeRestriction,
  type LimitChange,
  type LimitsChanged,
  type ObjectionKind,
  type PublishedPurpose,
  readLimits,
  readPurposes,
} from '../api.ts';
import { ErrorSummary, type Problem } from '../ErrorSummary.tsx';
import { clockTime, longDate } from '../i18n.ts';
import type { ViewProps } from '../Views.tsx';
import { type ObjectionsSay, objectionsSay } from './objections-words.ts';
import { viewTitle } from './titles.ts';

const KINDS: readonly ObjectionKind[] = ['direct-marketing', 'profiling', 'legitimate-interest'];
const GROUNDS = ['groundA', 'groundB', 'groundC', 'groundD'] as const;

type Held = { control: string; impact: string; send: () => Promise<LimitChange>; done: string };

export function Objections({ who, language }: ViewProps) {
  const say: ObjectionsSay = objectionsSay(language);
  const [purposes, setPurposes] = useState<PublishedPurpose[] | undefined>();
  const [limits, setLimits] = useState<LimitsChanged | undefined>();
  const [failed, setFailed] = useState(false);
  const [status, setStatus] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState('');
  const [held, setHeld] = useState<Held | undefined>();
  const [ground, setGround] = useState('');
  const warning = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    Promise.all([readPurposes(language), readLimits(who)]).then(
      ([p, l]) => {
        if (!live) return;
        setPurposes(p);
        setLimits(l);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [who, language]);

  useEffect(() => {
    if (held) warning.current?.focus();
  }, [held]);

  /** Sends a change; held for confirmation when Garde says it may end the contract. */
  const run = (
    control: string,
    send: () => Promise<LimitChange>,
    done: string,
    confirmed?: () => Promise<LimitChange>,
  ) => {
    setBusy(control);
    setStatus('');
    send()
      .then(
        (answer) => {
          setProblems((p) => p.filter((x) => x.control !== control));
          if ('contractImpact' in answer) {
            setHeld({ control, impact: answer.contractImpact, send: confirmed ?? send, done });
            return;
          }
          setHeld(undefined);
          setLimits(answer.done);
          // Garde's moment of record; a change that found it already so keeps the moment it was asked.
          const at = answer.done.recordedAt ?? new Date().toISOString();
          setStatus(say('recordedAt', { what: done, time: clockTime(at, language) }));
        },
        () =>
          setProblems((p) => [
            ...p.filter((x) => x.control !== control),
            { control, message: say('notSaved') },
          ]),
      )
      .finally(() => setBusy(''));
  };

  const objectionButton = (kind: ObjectionKind, objected: boolean) => {
    const control = `objection-${kind}`;
    const action = objected ? 'lift' : 'raise';
    const done = say(`${kind}.${objected ? 'lifted' : 'raised'}`);
    return (
      <button
        type="button"
        id={control}
        className="button"
        aria-busy={busy === control || undefined}
        onClick={() =>
          busy === '' &&
          held === undefined &&
          run(
            control,
            () => changeObjection(who, { kind, action }),
            done,
            () => changeObjection(who, { kind, action, confirmContractImpact: true }),
          )
        }
      >
        {say(`${kind}.${action}`)}
      </button>
    );
  };

  const restrictionAll = limits?.restrictions.find((r) => r.purpose === null);
  const restrict = () => {
    const control = 'restriction';
    if (restrictionAll) {
      const reason = say('liftReason');
      run(control, () => changeRestriction(who, { action: 'lift', reason }), say('restriction.lifted'));
      return;
    }
    if (!ground) {
      setProblems((p) => [
        ...p.filter((x) => x.control !== 'ground-groundA'),
        { control: 'ground-groundA', message: say('chooseGround') },
      ]);
      return;
    }
    const reason = say(ground as (typeof GROUNDS)[number]);
    setProblems((p) => p.filter((x) => x.control !== 'ground-groundA'));
    run(
      control,
      () => changeRestriction(who, { action: 'impose', reason }),
      say('restriction.imposed'),
      () => changeRestriction(who, { action: 'impose', reason, confirmContractImpact: true }),
    );
  };

  const confirmPanel = (control: string) =>
    held?.control === control && (
      <section className="warning-panel" aria-labelledby={`${control}-warning`}>
        <h4 id={`${control}-warning`} tabIndex={-1} ref={warning}>
          {say('warningTitle')}
        </h4>
        <p>{held.impact}</p>
        <p>{say('warningAsk')}</p>
        <button
          type="button"
          id={`${control}-confirm`}
          className="button warning"
          aria-busy={busy === control || undefined}
          onClick={() => busy === '' && run(control, held.send, held.done)}
        >
          {say('confirm')}
        </button>
        <button
          type="button"
          id={`${control}-cancel`}
          className="button secondary"
          onClick={() => {
            setHeld(undefined);
            setStatus(say('cancelled'));
            document.getElementById(control)?.focus();
          }}
        >
          {say('cancel')}
        </button>
      </section>
    );

  const kinds = KINDS.filter((k) => purposes?.some((p) => p.objections.includes(k)));
  const nameOf = (id: string) => purposes?.find((p) => p.id === id)?.description ?? id;
  return (
    <section aria-labelledby="objections" className="objections">
      <h2 id="objections">{viewTitle('objections', language)}</h2>
      <ErrorSummary title={say('errorSummary')} problems={problems} />
      <p aria-live="polite" role="status" className="view-status">
        {status}
      </p>
      <p>{say('intro')}</p>
      {failed && (
        <p role="alert" className="failed">
          {say('failed')}
        </p>
      )}
      {(purposes === undefined || limits === undefined) && !failed && <p>{say('loading')}</p>}
      {purposes &&
        limits &&
        kinds.map((kind) => {
          const all = limits.objections.some((o) => o.kind === kind && o.purpose === null);
          const some = limits.objections.filter((o) => o.kind === kind && o.purpose !== null);
          const stops = purposes.filter((p) => p.objections.includes(kind));
          return (
            <section key={kind} className="limit" aria-labelledby={`limit-${kind}`}>
              <h3 id={`limit-${kind}`}>{say(`${kind}.title`)}</h3>
              <p>{say(`${kind}.what`)}</p>
              <p>{say('stops')}</p>
              <ul>
                {stops.map((p) => (
                  <li key={p.id}>{p.description}</li>
                ))}
              </ul>
              <p>
                {say('doesNotStop')} {say(`${kind}.notStopped`)}
              </p>
              <p className="state" id={`state-${kind}`}>
                {all
                  ? say('objecting')
                  : some.length > 0
                    ? say('objectingFor', {
                        purposes: some.map((o) => nameOf(o.purpose as string)).join(', '),
                      })
                    : say('notObjecting')}
              </p>
              {objectionButton(kind, all)}
              {confirmPanel(`objection-${kind}`)}
            </section>
          );
        })}
      {purposes && limits && (
        <section className="limit" aria-labelledby="limit-restriction">
          <h3 id="limit-restriction">{say('restriction.title')}</h3>
          <p>{say('restriction.what')}</p>
          <p>
            {say('stops')} {say('restriction.stops')}
          </p>
          <p>
            {say('doesNotStop')} {say('restriction.notStopped')}
          </p>
          <p className="state" id="state-restriction">
            {restrictionAll
              ? say('restricted', {
                  date: longDate(restrictionAll.since, language),
                  reason: restrictionAll.reason,
                })
              : say('notRestricted')}
          </p>
          {limits.restrictions
            .filter((r) => r.purpose !== null)
            .map((r) => (
              <p key={r.purpose}>
                {say('restrictedFor', {
                  purpose: nameOf(r.purpose as string),
                  date: longDate(r.since, language),
                })}
              </p>
            ))}
          {!restrictionAll && (
            <fieldset>
              <legend>{say('why')}</legend>
              {GROUNDS.map((g) => (
                <div className="radio" key={g}>
                  <input
                    type="radio"
                    name="restriction-ground"
                    id={`ground-${g}`}
                    value={g}
                    checked={ground === g}
                    onChange={() => setGround(g)}
                  />
                  <label htmlFor={`ground-${g}`}>{say(g)}</label>
                </div>
              ))}
            </fieldset>
          )}
          <button
            type="button"
            id="restriction"
            className="button"
            aria-busy={busy === 'restriction' || undefined}
            onClick={() => busy === '' && held === undefined && restrict()}
          >
            {say(restrictionAll ? 'restriction.lift' : 'restriction.impose')}
          </button>
          {confirmPanel('restriction')}
        </section>
      )}
    </section>
  );
}
