// The agent's tasks (issue 16): a request's part in a system nobody can automate, that the policy
// gives to the agent (datasets[].task.role). Each says what to do there, table by table; the agent
// may reveal the keys to find the person there (audited) and mark it done. Nothing else of the
// request is shown: not its history, its identity check nor its answer.
import { useEffect, useRef, useState } from 'react';
import { longDate } from '../../../../src/i18n.ts';
import { gardeWord } from '../../garde-words.ts';
import {
  problemText,
  type StepNames,
  statusText,
  systemName,
  TaskActions,
  TaskList,
} from '../../rights-steps/StepParts.tsx';
import { type OpenStep, readOpenSteps, readStepNames, StepProblem } from '../../rights-steps/steps-api.ts';
import { saySteps } from '../../rights-steps/steps-words.ts';
import type { ViewProps } from '../../views.ts';

export default function Tasks({ session }: ViewProps) {
  const language = session.language;
  const say = saySteps(language);
  const [tasks, setTasks] = useState<OpenStep[] | null>(null);
  const [names, setNames] = useState<StepNames>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    readStepNames(language).then(setNames, () => setNames(null));
  }, [language]);
  useEffect(() => {
    readOpenSteps().then(
      (steps) => setTasks(steps.filter((s) => s.assignee !== null)),
      (e: unknown) =>
        setFailed(
          problemText(e instanceof StepProblem ? e.message : 'UNKNOWN', language, saySteps(language)),
        ),
    );
  }, [language]);

  const done = (t: OpenStep, message: string) => {
    setTasks((all) => (all ?? []).filter((x) => !(x.requestId === t.requestId && x.dataset === t.dataset)));
    setSaid(message);
    heading.current?.focus();
  };

  return (
    <section aria-labelledby="tasks-title" className="agent-tasks">
      <h2 id="tasks-title" ref={heading} tabIndex={-1}>
        {say('tasksHeading')}
      </h2>
      <p>{say('tasksIntro')}</p>
      <div role="status" aria-live="polite" id="tasks-status">
        {said}
      </div>
      {failed && <p role="alert">{failed}</p>}
      {!tasks && !failed && <p>{say('loading')}</p>}
      {tasks && tasks.length === 0 && <p>{say('tasksNone')}</p>}
      {tasks && tasks.length > 0 && (
        <ol className="steps">
          {tasks.map((t) => {
            const system = systemName(names, t.dataset, say);
            return (
              <li
                key={`${t.requestId} ${t.dataset}`}
                data-dataset={t.dataset}
                data-step-status={t.status}
                data-request={t.requestId}
              >
                <h3>{system}</h3>
                <p>
                  {say('taskFor', {
                    right: gardeWord(language, 'right', t.kind),
                    date: longDate(t.requestDueAt, language),
                  })}
                </p>
                <p className="step-status">{statusText(t, say, language)}</p>
                <p className="task-heading">{say('task.heading', { system })}</p>
                <TaskList step={t} names={names} say={say} language={language} />
                <TaskActions
                  requestId={t.requestId}
                  step={t}
                  system={system}
                  say={say}
                  language={language}
                  level={4}
                  onDone={(message) => done(t, message)}
                />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
