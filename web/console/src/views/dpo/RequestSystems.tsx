// A request's systems on its page (issue 16, EN-11): each system that holds the person's data,
// Garde's own first, with where it stands in words (done, failed with the error, waiting on the
// system, a task for a role due a date), its attempts and what was done there. When one failed or
// is pending, "Try again" fulfils the request again: the server runs only what is not done, so a
// system is never acted on twice. A manual task is handled here too (keys, mark done).
import { useRef, useState } from 'react';
import {
  counted,
  doneLines,
  type KeptThere,
  problemText,
  type StepNames,
  statusText,
  systemName,
  TaskActions,
  TaskList,
} from '../../rights-steps/StepParts.tsx';
import type { Step } from '../../rights-steps/steps-api.ts';
import { saySteps } from '../../rights-steps/steps-words.ts';
import type { Language } from '../../words.ts';
import { Problem } from './requests-api.ts';

export function RequestSystems({
  requestId,
  kind,
  steps,
  outcome,
  names,
  language,
  open,
  retry,
  reload,
}: {
  requestId: string;
  kind: string;
  steps: readonly Step[];
  outcome: Record<string, unknown> | null;
  names: StepNames;
  language: Language;
  /** The request is still open (a closed one is only shown). */
  open: boolean;
  /** Fulfils the request again; resolves to its steps after. */
  retry: () => Promise<{ steps?: readonly Step[]; status: string }>;
  /** Reads the request again (after a task was marked done). */
  reload: () => Promise<unknown>;
}) {
  const say = saySteps(language);
  const [said, setSaid] = useState('');
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const kept = ((outcome?.kept as KeptThere[] | undefined) ?? []).filter((k) => k.dataset);
  // A system that confirms later (http) is asked again too; a person's task is marked done instead.
  const stuck = steps.some(
    (s) => s.status === 'failed' || s.status === 'pending' || (s.status === 'waiting' && !s.assignee),
  );

  /** Announces the result and brings the keyboard back to the list (the button may be gone). */
  const settle = (message: string) => {
    setSaid(message);
    heading.current?.focus();
  };
  const onRetry = async () => {
    setBusy(true);
    setFailed(null);
    setSaid('');
    try {
      const after = await retry();
      const all = after.steps?.length ?? 0;
      const done = after.steps?.filter((s) => s.status === 'done').length ?? 0;
      settle(
        after.status === 'completed'
          ? say('retriedAll')
          : say('retried', { done: String(done), all: String(all) }),
      );
    } catch (e) {
      setFailed(problemText(e instanceof Problem ? e.message : 'UNKNOWN', language, say));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="systems-title" className="request-systems">
      <h3 id="systems-title" ref={heading} tabIndex={-1}>
        {say('systemsHeading')}
      </h3>
      <p>{say('systemsIntro')}</p>
      <div role="status" aria-live="polite" id="systems-status">
        {said}
      </div>
      {failed && <p role="alert">{failed}</p>}
      <ol className="steps">
        {steps.map((s) => {
          const system = systemName(names, s.dataset, say);
          const lines = doneLines(s, { kind, names, kept, say, language });
          const task = s.assignee !== null && s.status !== 'done';
          return (
            <li key={s.dataset} data-dataset={s.dataset} data-step-status={s.status}>
              <h4>{system}</h4>
              <dl>
                <dt>{say('stepStatus')}</dt>
                <dd className="step-status">{statusText(s, say, language)}</dd>
                {counted(s) && (
                  <>
                    <dt>{say('attempts')}</dt>
                    <dd className="step-attempts">{s.attempts.toLocaleString(language)}</dd>
                  </>
                )}
                <dt>{say('whatWasDone')}</dt>
                <dd>
                  {lines.length === 0 ? (
                    say('nothingYet')
                  ) : (
                    <ul className="done-lines">
                      {lines.map((l) => (
                        <li key={l}>{l}</li>
                      ))}
                    </ul>
                  )}
                </dd>
              </dl>
              {task && (
                <>
                  <p className="task-heading">{say('task.heading', { system })}</p>
                  <TaskList step={s} names={names} say={say} language={language} />
                  {open && (
                    <TaskActions
                      requestId={requestId}
                      step={s}
                      system={system}
                      say={say}
                      language={language}
                      level={5}
                      onDone={(message) => reload().then(() => settle(message))}
                    />
                  )}
                </>
              )}
            </li>
          );
        })}
      </ol>
      {open && stuck && (
        <div className="retry">
          <p id="retry-hint">{say('retryHint')}</p>
          <button type="button" onClick={onRetry} disabled={busy} aria-describedby="retry-hint">
            {say('retry')}
          </button>
        </div>
      )}
    </section>
  );
}
