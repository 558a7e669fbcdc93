// The parts of a request's step the DPO's and the agent's screens both show (issue 16): its
// system by the policy's name, where it stands in words, what was done there table by table, a
// manual task's to-do list, and the task's actions (reveal the keys to find the person, audited;
// mark it done with a note that holds no personal data).
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { longDate } from '../../../src/i18n.ts';
import { categoryName, gardeWord, problemWords } from '../garde-words.ts';
import type { Language } from '../words.ts';
import {
  completeStep,
  noteOf,
  type PersonKeys,
  revealPerson,
  type Step,
  StepProblem,
  tablesOf,
  taskOf,
} from './steps-api.ts';
import type { SaySteps } from './steps-words.ts';
import './steps.css';

/** What of the policy in force (GET /v1/policy) names a step's parts. */
export type StepNames = {
  datasets?: readonly { id: string; name: string }[];
  categories?: readonly { id: string; name: string }[];
  retention?: readonly { id: string; durationText: string }[];
} | null;

/** An erasure's outcome's kept rows in a system (`outcome.kept` with a dataset): until when. */
export type KeptThere = { dataset?: string; table?: string; until: string | null };

const GARDE = 'garde';

/** A system by the policy's name for it; Garde's own tables by Garde's words. */
export function systemName(names: StepNames, dataset: string, say: SaySteps): string {
  if (dataset === GARDE) return say('garde');
  return names?.datasets?.find((d) => d.id === dataset)?.name ?? dataset;
}

/** The role a task is for, in words. */
export const roleWord = (role: string, say: SaySteps) =>
  ['dpo', 'agent', 'admin', 'marketer'].includes(role) ? say(`role.${role as 'dpo'}`) : role;

/** A problem code as the person reads it: Garde's words for it, else the code. */
export const problemText = (code: string, language: Language, say: SaySteps) =>
  say('failed', { code: problemWords(language, code) ?? code });

/** Whether a step's attempts mean anything: a connector's (Garde's own part and a person's task are not retried). */
export const counted = (s: Step) => s.dataset !== GARDE && s.assignee === null;

/** Where a step stands, in plain words. */
export function statusText(s: Step, say: SaySteps, language: Language): string {
  switch (s.status) {
    case 'done':
      return s.doneAt
        ? say('status.done', { date: longDate(s.doneAt, language) })
        : say('status.done', { date: '' });
    case 'failed':
      return say('status.failed', { error: s.error ?? '' });
    case 'waiting':
      return s.assignee
        ? say('status.task', {
            role: roleWord(s.assignee, say),
            date: s.dueAt ? longDate(s.dueAt, language) : '',
          })
        : say('status.waiting');
    default:
      return say('status.pending');
  }
}

/**
 * What a step did there, one line per table: rows deleted, emptied, corrected, marked, or kept
 * (until when, from the answer once it is made; else the rule's period). Access and
 * portability count what was found. A manual task's note when it was marked done.
 */
export function doneLines(
  s: Step,
  o: { kind: string; names: StepNames; kept: readonly KeptThere[]; say: SaySteps; language: Language },
): string[] {
  const { say, language } = o;
  const reads = o.kind === 'access' || o.kind === 'portability';
  const lines = tablesOf(s).map((t) => {
    const n = t.rows.toLocaleString(language);
    const one = t.rows === 1;
    const rows = one ? 'rows1' : 'rows';
    const op = (o: string) => say(`${one ? 'one' : 'op'}.${o as 'delete'}`);
    if (t.op !== 'keep') return say(rows, { table: t.table, n, what: op(t.op) });
    if (reads) return say(rows, { table: t.table, n, what: op('found') });
    const until = o.kept.find((k) => k.dataset === s.dataset && k.table === t.table)?.until;
    const action = s.actions.find((a) => a.table === t.table && a.op === 'keep') as
      | { rule?: string }
      | undefined;
    const period = o.names?.retention?.find((r) => r.id === action?.rule)?.durationText;
    const what = until
      ? say('keptUntil', { date: longDate(until, language) })
      : period && t.rows > 0
        ? say('keptFor', { period })
        : op('keep');
    return say(rows, { table: t.table, n, what });
  });
  const note = noteOf(s);
  if (note) lines.push(say('note', { note }));
  if (s.dataset === GARDE && s.status === 'done') {
    // Garde's own part is the answer's (RequestOutcome words it in full): its erasure in brief.
    const erased = (s.result as { erased?: unknown } | null)?.erased;
    lines.push(
      Array.isArray(erased) && erased.length > 0
        ? say('gardeErased', {
            categories: erased.map((c) => categoryName(o.names?.categories, String(c), language)).join(', '),
          })
        : say('gardeDone'),
    );
  }
  return lines;
}

/** A manual task's to-do list: per table, what to do with which category. */
export function TaskList({
  step,
  names,
  say,
  language,
}: {
  step: Step;
  names: StepNames;
  say: SaySteps;
  language: Language;
}) {
  const items = taskOf(step);
  if (items.length === 0) return null;
  const known = (a: string) =>
    ['erase', 'keep', 'erase-expired', 'access', 'portability', 'rectification', 'restriction'].includes(a);
  return (
    <ul className="task-items">
      {items.map((i) => (
        <li key={`${i.table} ${i.category} ${i.action}`}>
          {known(i.action)
            ? say(`task.${i.action as 'erase'}`, {
                table: i.table,
                category: categoryName(names?.categories, i.category, language),
              })
            : `${i.table}: ${i.action} ${categoryName(names?.categories, i.category, language)}`}
        </li>
      ))}
    </ul>
  );
}

/**
 * A manual task's actions: reveal the keys to find the person there (the server audits it; said
 * before the button), and mark it done with an optional note. `onDone` gets the words to announce.
 */
export function TaskActions({
  requestId,
  step,
  system,
  say,
  language,
  level,
  onDone,
}: {
  requestId: string;
  step: Step;
  system: string;
  say: SaySteps;
  language: Language;
  /** The keys' heading level: one below the task's own heading. */
  level: 4 | 5;
  onDone: (message: string) => void;
}) {
  const KeysHeading = `h${level}` as 'h4';
  const uid = useId();
  const [keys, setKeys] = useState<PersonKeys | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keysHeading = useRef<HTMLHeadingElement>(null);
  // The keys take the button's place: take the reader to them.
  useEffect(() => {
    if (keys) keysHeading.current?.focus();
  }, [keys]);
  const errorOf = (e: unknown) =>
    problemText(e instanceof StepProblem ? e.message : 'UNKNOWN', language, say);

  const reveal = async () => {
    setFailed(null);
    try {
      setKeys(await revealPerson(requestId, step.dataset));
    } catch (e) {
      setFailed(errorOf(e));
    }
  };
  const markDone = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const note = String(new FormData(e.currentTarget).get('note') ?? '').trim();
    setBusy(true);
    setFailed(null);
    try {
      const out = await completeStep(requestId, step.dataset, note || undefined);
      setKeys(null);
      onDone(say(out.requestCompleted ? 'markedAnswered' : 'marked', { system }));
    } catch (err) {
      setFailed(errorOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="task-actions">
      {failed && <p role="alert">{failed}</p>}
      <p id={`${uid}-reveal-hint`}>{say('revealHint')}</p>
      {!keys && (
        <button type="button" onClick={reveal} aria-describedby={`${uid}-reveal-hint`}>
          {say('reveal')}
        </button>
      )}
      {keys && (
        <div className="person-keys">
          <KeysHeading ref={keysHeading} tabIndex={-1}>
            {say('keysHeading', { system })}
          </KeysHeading>
          <dl>
            {(['external-ref', 'email', 'subject-id'] as const)
              .filter((k) => keys.keys[k])
              .map((k) => (
                <div key={k}>
                  <dt>{say(`key.${k}`)}</dt>
                  <dd>
                    <code>{keys.keys[k]}</code>
                  </dd>
                </div>
              ))}
            {Object.entries(keys.corrected ?? {}).map(([field, value]) => (
              <div key={field}>
                <dt>{say('corrected', { field: gardeWord(language, 'field', field) })}</dt>
                <dd>{value ?? '—'}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      <form onSubmit={markDone} className="task-done">
        <label htmlFor={`${uid}-note`}>{say('noteLabel')}</label>
        <p id={`${uid}-note-hint`} className="hint">
          {say('noteHint')}
        </p>
        <textarea
          id={`${uid}-note`}
          name="note"
          maxLength={500}
          rows={2}
          aria-describedby={`${uid}-note-hint`}
        />
        <button type="submit" disabled={busy}>
          {say('markDone')}
        </button>
      </form>
    </div>
  );
}
