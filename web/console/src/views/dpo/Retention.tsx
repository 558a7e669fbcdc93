// The DPO's retention screen (EN-10, BK-3; issue 15): the dry run per rule and category as a
// chart followed by its table, the legal holds that keep rows, the categories no rule covers;
// then a run with its progress, polled from GET /v1/retention/runs/{id}. Counts only.
import { useCallback, useEffect, useRef, useState } from 'react';
import { garde } from '../../api.ts';
import { BarChart } from '../../ChartBars.tsx';
import { categoryName as categoryOf, gardeWord } from '../../garde-words.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import { dateAndTime, sayIn } from '../../words.ts';
import { type Answer, usePolicy } from './dpo-api.ts';
import { RETENTION_WORDS } from './retention-words.ts';

type Forecast = Answer<'/v1/retention/dry-run'>;
type Run = Answer<'/v1/retention/runs/{id}'>;

const POLL_MS = 500;

export default function Retention({ session }: ViewProps) {
  const say = sayIn(RETENTION_WORDS, session.language);
  const policy = usePolicy(session.language);
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const [counting, setCounting] = useState(false);
  const [loadFailed, setLoadFailed] = useState(false);
  const [run, setRun] = useState<Run | null>(null);
  const [message, setMessage] = useState<'busy' | 'startFailed' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  // Polls a run until it ends; the state setter and the timer's ref never change.
  const follow = useCallback((id: string) => {
    const poll = async () => {
      const { data } = await garde
        .GET('/v1/retention/runs/{id}', { params: { path: { id } } })
        .catch(() => ({ data: undefined }));
      if (!data) return;
      setRun(data);
      if (data.status === 'running') timer.current = setTimeout(poll, POLL_MS);
    };
    poll();
  }, []);

  // The latest run, when one is going on, is followed from the start.
  useEffect(() => {
    garde.GET('/v1/retention/runs', { params: { query: { limit: 1 } } }).then(
      ({ data }) => {
        const latest = data?.items[0];
        if (latest?.status === 'running') follow(latest.id);
      },
      () => undefined,
    );
  }, [follow]);

  async function count() {
    setCounting(true);
    setLoadFailed(false);
    const { data } = await garde.GET('/v1/retention/dry-run').catch(() => ({ data: undefined }));
    setCounting(false);
    if (data) setForecast(data);
    else setLoadFailed(true);
  }

  async function start() {
    setMessage(null);
    const answer = await garde.POST('/v1/retention/runs').catch(() => null);
    if (!answer) return setMessage('startFailed');
    const { data, error, response } = answer;
    if (data) {
      setRun(data);
      follow(data.id);
      return;
    }
    const running = (error as { running?: string } | undefined)?.running;
    if (response.status === 409 && running) {
      setMessage('busy');
      follow(running);
    } else setMessage('startFailed');
  }

  const ruleOf = (id: string) => policy?.retention.find((r) => r.id === id);
  const categoryName = (id: string) => categoryOf(policy?.categories, id, session.language);
  const ruleLabel = (id: string, category: string) => `${id} — ${categoryName(category)}`;
  const n = (x: number) => x.toLocaleString(session.language);

  return (
    <>
      <p>{say('intro')}</p>
      <section aria-labelledby="retention-dry-run" className="panel">
        <h2 id="retention-dry-run">{say('dryRunHeading')}</h2>
        <p className="hint">{say('dryRunIntro')}</p>
        <button type="button" id="count" onClick={count} disabled={counting}>
          {counting ? say('counting') : say('dryRun')}
        </button>
        <div role="status" aria-live="polite">
          {loadFailed && <p className="refused">{say('loadFailed')}</p>}
          {forecast && (
            <p id="counted">
              {say('countedAt', { at: dateAndTime(forecast.at, session.language), n: n(forecast.totalRows) })}
            </p>
          )}
        </div>
        {forecast && (
          <>
            <BarChart
              id="retention-chart"
              title={say('chartTitle')}
              language={session.language}
              data={forecast.byRule.map((r) => ({ label: ruleLabel(r.rule, r.category), value: r.rows }))}
            />
            <TableScroll label={say('tableCaption')}>
              <table id="retention-table">
                <caption>{say('tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{say('rule')}</th>
                    <th scope="col">{say('category')}</th>
                    <th scope="col">{say('period')}</th>
                    <th scope="col">{say('rows')}</th>
                    <th scope="col">{say('holds')}</th>
                  </tr>
                </thead>
                <tbody>
                  {forecast.byRule.map((r) => {
                    const rule = ruleOf(r.rule);
                    return (
                      <tr key={`${r.rule} ${r.category}`}>
                        <th scope="row">
                          <code>{r.rule}</code>
                        </th>
                        <td>{categoryName(r.category)}</td>
                        <td>
                          {rule?.duration
                            ? rule.durationText
                            : `${rule?.durationText ?? ''} (${say('noPeriod')})`}
                        </td>
                        <td>{n(r.rows)}</td>
                        <td>{n(r.holds)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
            {forecast.unruled.length > 0 && (
              <>
                <h3>{say('unruledHeading')}</h3>
                <ul>
                  {forecast.unruled.map((u) => (
                    <li key={u.category}>
                      {say('unruled', { category: categoryName(u.category), stores: u.stores.join(', ') })}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <details>
              <summary>{say('stepsSummary')}</summary>
              <TableScroll label={say('stepsSummary')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{say('rule')}</th>
                      <th scope="col">{say('store')}</th>
                      <th scope="col">{say('action')}</th>
                      <th scope="col">{say('rows')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {forecast.steps.map((s) => (
                      <tr key={`${s.rule} ${s.store}`}>
                        <td>
                          <code>{s.rule}</code>
                        </td>
                        <td>
                          <code>{s.store}</code>
                        </td>
                        <td>{gardeWord(session.language, 'action', s.action)}</td>
                        <td>
                          {s.failed
                            ? `${say('unreachable')}: ${s.failed}`
                            : s.skipped
                              ? `${say('skipped')}: ${s.skipped}`
                              : n(s.rows)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </details>
          </>
        )}
      </section>

      <section aria-labelledby="retention-run" className="panel">
        <h2 id="retention-run">{say('runHeading')}</h2>
        <p className="hint">{say('runIntro')}</p>
        <button type="button" id="start-run" onClick={start} disabled={run?.status === 'running'}>
          {say('start')}
        </button>
        {run && (
          <div className="field">
            <label htmlFor="run-progress">{say('progress')}</label>
            <progress
              id="run-progress"
              max={Math.max(run.total, 1)}
              value={run.status === 'done' ? Math.max(run.total, 1) : run.processed}
            >
              {say('progressText', { done: String(run.processed), total: String(run.total) })}
            </progress>
          </div>
        )}
        <div role="status" aria-live="polite" id="run-status">
          {message && <p className={message === 'busy' ? 'notice' : 'refused'}>{say(message)}</p>}
          {run?.status === 'running' && (
            <p>{say('running', { done: String(run.processed), total: String(run.total) })}</p>
          )}
          {run?.status === 'done' && (
            <p className="notice">{say('done', { n: n(run.report?.totalRows ?? 0) })}</p>
          )}
          {run?.status === 'failed' && <p className="refused">{say('failed')}</p>}
          {run?.status === 'abandoned' && <p className="refused">{say('abandoned')}</p>}
        </div>
      </section>
    </>
  );
}
