// Which systems are pending (issue 16, EN-11): the steps of open requests not done yet, failed
// first, then by the request's due date (GET /v1/rights-steps), each linking to its request, where
// the DPO tries again or handles the task.
import { useEffect, useState } from 'react';
import { longDate } from '../../../../src/i18n.ts';
import { gardeWord } from '../../garde-words.ts';
import { counted, problemText, statusText, systemName } from '../../rights-steps/StepParts.tsx';
import { type OpenStep, readOpenSteps, StepProblem } from '../../rights-steps/steps-api.ts';
import { saySteps } from '../../rights-steps/steps-words.ts';
import type { ViewProps } from '../../views.ts';
import { usePolicy } from './dpo-api.ts';

/** Opens one request (as RequestsQueue's links do). */
const requestHref = (id: string) => `?view=dpo-request&id=${encodeURIComponent(id)}`;

export default function PendingSystems({ session }: ViewProps) {
  const language = session.language;
  const say = saySteps(language);
  const policy = usePolicy(language);
  const [steps, setSteps] = useState<OpenStep[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    readOpenSteps().then(setSteps, (e: unknown) =>
      setFailed(problemText(e instanceof StepProblem ? e.message : 'UNKNOWN', language, saySteps(language))),
    );
  }, [language]);

  return (
    <section aria-labelledby="pending-title" className="dpo-pending">
      <h2 id="pending-title">{say('pendingHeading')}</h2>
      <p>{say('pendingIntro')}</p>
      {failed && <p role="alert">{failed}</p>}
      {!steps && !failed && <p>{say('loading')}</p>}
      {steps && steps.length === 0 && <p>{say('pendingNone')}</p>}
      {steps && steps.length > 0 && (
        // Cards rather than a table: an error is long, and each reads at 360 px without a sideways scroll.
        <ol className="steps pending-systems" aria-label={say('pendingTable')}>
          {steps.map((s) => (
            <li key={`${s.requestId} ${s.dataset}`} data-dataset={s.dataset} data-step-status={s.status}>
              <h3>{systemName(policy, s.dataset, say)}</h3>
              <dl>
                <dt>{say('request')}</dt>
                <dd>
                  <a href={requestHref(s.requestId)}>
                    {say('requestDue', {
                      right: gardeWord(language, 'right', s.kind),
                      date: longDate(s.requestDueAt, language),
                    })}
                  </a>
                </dd>
                <dt>{say('stepStatus')}</dt>
                <dd className="step-status">{statusText(s, say, language)}</dd>
                {counted(s) && (
                  <>
                    <dt>{say('attempts')}</dt>
                    <dd>{s.attempts.toLocaleString(language)}</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
