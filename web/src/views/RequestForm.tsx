// Asking for a right (EN-11, BK-16): the rights the policy takes through the privacy page, each
// in one plain sentence, with the details the right needs. A right that affects the contract is
// shown with what it does, in the API's words, and sent only once the person confirms (EN-13).
import { useEffect, useRef, useState } from 'react';
import type { PublishedPurpose, RequestDetails, RightKind } from '../api.ts';
import type { Problem } from '../ErrorSummary.tsx';
import type { SayRequests } from './requests-words.ts';

const NOTE_MAX = 500;

export type Ask = { kind: RightKind; details?: RequestDetails };

type Fields = { kind?: RightKind; note: string; purpose: string; objection: string };

const kindControl = (kinds: readonly string[]) => `request-kind-${kinds[0] ?? ''}`;

/** What the person must fill in for the right they chose: each problem names its control. */
// The first objection's radio: where the summary sends the person who chose none.
const OBJECTION_CONTROL = 'request-objection-first';

/** The objections the notice's purposes admit (GET /v1/policy/purposes `objections`), each once. */
const objectionsOf = (purposes: readonly PublishedPurpose[]) => [
  ...new Set(purposes.flatMap((p) => p.objections)),
];

function problemsOf(f: Fields, kinds: readonly RightKind[], say: SayRequests): Problem[] {
  if (!f.kind) return [{ control: kindControl(kinds), message: say('chooseKind') }];
  const out: Problem[] = [];
  if (f.kind === 'rectification' && f.note.trim() === '')
    out.push({ control: 'request-note', message: say('writeNote') });
  if (f.kind === 'rectification' && f.note.length > NOTE_MAX)
    out.push({ control: 'request-note', message: say('noteTooLong') });
  if (f.kind === 'withdraw-consent' && !f.purpose)
    out.push({ control: 'request-purpose', message: say('choosePurpose') });
  if (f.kind === 'objection' && !f.objection)
    out.push({ control: OBJECTION_CONTROL, message: say('chooseObjection') });
  return out;
}

function askOf(f: Fields & { kind: RightKind }): Ask {
  const details: RequestDetails = {};
  if (f.kind === 'rectification') details.note = f.note.trim();
  if (['restriction', 'objection', 'withdraw-consent'].includes(f.kind) && f.purpose)
    details.purpose = f.purpose;
  if (f.kind === 'objection') details.objection = f.objection as NonNullable<RequestDetails['objection']>;
  return Object.keys(details).length > 0 ? { kind: f.kind, details } : { kind: f.kind };
}

export function RequestForm(props: {
  kinds: readonly RightKind[];
  purposes: readonly PublishedPurpose[];
  say: SayRequests;
  busy: boolean;
  /** The problems to show beside the fields (the view's error summary lists them too). */
  problems: readonly Problem[];
  onProblems: (p: Problem[]) => void;
  onAsk: (ask: Ask) => void;
  /** Set when the API answered that this right affects the contract: confirm or cancel. */
  impact?: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { kinds, purposes, say, problems } = props;
  const [f, setF] = useState<Fields>({ note: '', purpose: '', objection: '' });
  const check = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (props.impact) check.current?.focus();
  }, [props.impact]);

  const problemAt = (control: string) => problems.find((p) => p.control === control)?.message;
  const fieldError = (control: string) => {
    const message = problemAt(control);
    return message ? (
      <p className="field-error" id={`${control}-error`}>
        {message}
      </p>
    ) : null;
  };
  const invalid = (control: string) =>
    problemAt(control) ? { 'aria-invalid': true as const, 'aria-describedby': `${control}-error` } : {};

  if (props.impact && f.kind)
    return (
      <section className="check" aria-labelledby="request-check">
        <h3 id="request-check" tabIndex={-1} ref={check}>
          {say('checkHeading')}
        </h3>
        <p>{say('checkAsk', { what: say(`kind.${f.kind}`) })}</p>
        <div className="warning-text">
          <span aria-hidden="true" className="warning-icon">
            !
          </span>
          <strong>{props.impact}</strong>
        </div>
        <div className="buttons">
          <button type="button" id="request-confirm" disabled={props.busy} onClick={props.onConfirm}>
            {say('confirm')}
          </button>
          <button type="button" className="secondary" onClick={props.onCancel}>
            {say('cancel')}
          </button>
        </div>
      </section>
    );

  const purposeChoice = (required: boolean) => {
    const shown = f.kind === 'withdraw-consent' ? purposes.filter((p) => p.needsConsent) : purposes;
    return (
      <div className={`field${problemAt('request-purpose') ? ' invalid' : ''}`}>
        <label htmlFor="request-purpose">{say('purposeLabel')}</label>
        {fieldError('request-purpose')}
        <select
          id="request-purpose"
          value={f.purpose}
          onChange={(e) => setF({ ...f, purpose: e.target.value })}
          {...invalid('request-purpose')}
        >
          <option value="">{required ? '' : say('purposeAll')}</option>
          {shown.map((p) => (
            <option key={p.id} value={p.id}>
              {p.description}
            </option>
          ))}
        </select>
      </div>
    );
  };

  const kindId = kindControl(kinds);
  return (
    <form
      noValidate
      className="request-form"
      onSubmit={(e) => {
        e.preventDefault();
        const found = problemsOf(f, kinds, say);
        props.onProblems(found);
        if (found.length === 0 && f.kind) props.onAsk(askOf({ ...f, kind: f.kind }));
      }}
    >
      <fieldset className={`field${problemAt(kindId) ? ' invalid' : ''}`} {...invalid(kindId)}>
        <legend>{say('kindLegend')}</legend>
        {fieldError(kindId)}
        {kinds.map((k) => (
          <div className="radio" key={k}>
            <input
              type="radio"
              name="kind"
              id={`request-kind-${k}`}
              value={k}
              checked={f.kind === k}
              aria-describedby={`request-explain-${k}`}
              onChange={() => setF({ ...f, kind: k, purpose: '' })}
            />
            <label htmlFor={`request-kind-${k}`}>{say(`kind.${k}`)}</label>
            <p className="hint" id={`request-explain-${k}`}>
              {say(`explain.${k}`)}
            </p>
          </div>
        ))}
      </fieldset>
      {f.kind === 'rectification' && (
        <div className={`field${problemAt('request-note') ? ' invalid' : ''}`}>
          <label htmlFor="request-note">{say('noteLabel')}</label>
          <p className="hint" id="request-note-hint">
            {say('noteHint')}
          </p>
          {fieldError('request-note')}
          <textarea
            id="request-note"
            rows={4}
            value={f.note}
            onChange={(e) => setF({ ...f, note: e.target.value })}
            aria-describedby={
              problemAt('request-note') ? 'request-note-hint request-note-error' : 'request-note-hint'
            }
            aria-invalid={problemAt('request-note') ? true : undefined}
          />
        </div>
      )}
      {f.kind === 'objection' && (
        <fieldset
          className={`field${problemAt(OBJECTION_CONTROL) ? ' invalid' : ''}`}
          {...invalid(OBJECTION_CONTROL)}
        >
          <legend>{say('objectionLegend')}</legend>
          {fieldError(OBJECTION_CONTROL)}
          {objectionsOf(purposes).map((o, i) => (
            <div className="radio" key={o}>
              <input
                type="radio"
                name="objection"
                id={i === 0 ? OBJECTION_CONTROL : `request-objection-${o}`}
                value={o}
                checked={f.objection === o}
                onChange={() => setF({ ...f, objection: o })}
              />
              <label htmlFor={i === 0 ? OBJECTION_CONTROL : `request-objection-${o}`}>
                {say(`objection.${o}`)}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      {(f.kind === 'restriction' || f.kind === 'objection') && purposeChoice(false)}
      {f.kind === 'withdraw-consent' && purposeChoice(true)}
      <button type="submit" id="request-submit" disabled={props.busy}>
        {say('continue')}
      </button>
    </form>
  );
}
