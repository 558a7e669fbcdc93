// The month's communications report for the marketer and the DPO (BK-7): people by commercial
// messages received (0, 1, 2+), the overrides with who and why, the campaigns' suppressions by
// reason, and whether the promise was kept; by month and by channel.
import { useEffect, useState } from 'react';
import { BarChart } from '../../ChartBars.tsx';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import type { Language } from '../../words.ts';
import { type CommsReport, type Named, readCommunicationsCatalogue, readReport } from './marketer-api.ts';
import { marketerSay } from './marketer-words.ts';

const thisMonth = () => new Date().toISOString().slice(0, 7);

export default function Report({ session }: ViewProps) {
  const say = marketerSay(session.language);
  const [month, setMonth] = useState(thisMonth());
  const [channel, setChannel] = useState('');
  const [asked, setAsked] = useState({ month: thisMonth(), channel: '' });
  const [channels, setChannels] = useState<Named[]>([]);
  const [reasons, setReasons] = useState<Named[]>([]);
  const [report, setReport] = useState<CommsReport | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    readCommunicationsCatalogue(session.language).then(
      (c) => {
        setChannels(c.channels);
        setReasons(c.reasons);
      },
      () => setChannels([]),
    );
  }, [session.language]);
  useEffect(() => {
    setFailed(false);
    readReport(asked.month, asked.channel || undefined).then(setReport, () => setFailed(true));
  }, [asked]);

  return (
    <div className="marketer">
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ month, channel });
        }}
      >
        <p className="field">
          <label htmlFor="report-month">{say('month')}</label>
          <input id="report-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </p>
        <p className="field">
          <label htmlFor="report-channel">{say('channel')}</label>
          <select id="report-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">{say('all')}</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.text}
              </option>
            ))}
          </select>
        </p>
        <button type="submit">{say('show')}</button>
      </form>
      {failed && <p role="alert">{say('failed')}</p>}
      {!report && !failed && <p>{say('loading')}</p>}
      {report && <ReportBody report={report} say={say} language={session.language} reasons={reasons} />}
    </div>
  );
}

function ReportBody({
  report,
  say,
  language,
  reasons: named,
}: {
  report: CommsReport;
  say: ReturnType<typeof marketerSay>;
  language: Language;
  /** The words of decide()'s reason codes (GET /v1/policy): the chart names reasons, not codes. */
  reasons: Named[];
}) {
  const cap = report.cap;
  const reasons = Object.entries(report.suppressions);
  return (
    <div aria-live="polite">
      <h2>{cap ? say('targetHeading', { max: String(cap.max) }) : say('noCap')}</h2>
      {cap && (
        <>
          <p className={cap.met ? 'ok' : 'warning'} data-testid="target">
            {cap.met ? say('targetMet') : say('targetMissed', { n: String(cap.subjectsOverUnexplained) })}
          </p>
          <p>
            {say('over', {
              n: String(cap.subjectsOver),
              overridden: String(cap.subjectsOver - cap.subjectsOverUnexplained),
            })}
          </p>
        </>
      )}
      <BarChart
        id="report-distribution"
        title={say('distributionHeading')}
        tableCaption={say('chartTable')}
        language={language}
        data={[
          { label: say('none'), value: report.contacted.none },
          { label: say('once'), value: report.contacted.once },
          { label: say('twiceOrMore'), value: report.contacted.twiceOrMore },
        ]}
      />
      <h2>{say('reportSuppressions')}</h2>
      {reasons.length === 0 ? (
        <p>{say('noSuppressions')}</p>
      ) : (
        <BarChart
          id="report-suppressions"
          title={say('reportSuppressions')}
          tableCaption={say('chartTable')}
          language={language}
          data={reasons.map(([reason, n]) => ({
            label: named.find((x) => x.id === reason)?.text ?? reason,
            value: n,
          }))}
        />
      )}
      <h2>{say('overridesHeading')}</h2>
      {report.overridesBy.length === 0 ? (
        <p>{say('noOverrides')}</p>
      ) : (
        <>
          <BarChart
            id="report-overrides"
            title={say('overridesHeading')}
            language={language}
            data={report.overridesBy.map((o) => ({
              label: o.reason ? `${o.actor}: ${o.reason}` : o.actor,
              value: o.count,
            }))}
          />
          <TableScroll label={say('overridesHeading')}>
            <table>
              <caption>{say('overridesHeading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{say('actor')}</th>
                  <th scope="col">{say('why')}</th>
                  <th scope="col">{say('count')}</th>
                </tr>
              </thead>
              <tbody>
                {report.overridesBy.map((o) => (
                  <tr key={`${o.actor}|${o.reason}`}>
                    <td>{o.actor}</td>
                    <td>{o.reason}</td>
                    <td>{o.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </div>
  );
}
