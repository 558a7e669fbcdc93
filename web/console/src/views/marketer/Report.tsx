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

/** The last two years' months, newest first, as `YYYY-MM` and their name in the console's language. */
function recentMonths(language: Language): { id: string; text: string }[] {
  const now = new Date();
  const named = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return Array.from({ length: 24 }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    return { id: d.toISOString().slice(0, 7), text: named.format(d) };
  });
}

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
          <select id="report-month" value={month} onChange={(e) => setMonth(e.target.value)}>
            {recentMonths(session.language).map((m) => (
              <option key={m.id} value={m.id}>
                {m.text}
              </option>
            ))}
          </select>
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
      <h2>{cap ? say.count('targetHeading', cap.max, { max: say.num(cap.max) }) : say('noCap')}</h2>
      {cap && (
        <>
          <p className={cap.met ? 'ok' : 'warning'} data-testid="target">
            {cap.met ? say('targetMet') : say.count('targetMissed', cap.subjectsOverUnexplained)}
          </p>
          <p>
            {say('over', {
              n: say.num(cap.subjectsOver),
              overridden: say.num(cap.subjectsOver - cap.subjectsOverUnexplained),
            })}
          </p>
        </>
      )}
      <h2 id="report-distribution-heading">{say('distributionHeading')}</h2>
      <BarChart
        id="report-distribution"
        headingId="report-distribution-heading"
        title={say('distributionHeading')}
        tableCaption={say('chartTable')}
        language={language}
        data={[
          { label: say('none'), value: report.contacted.none },
          { label: say('once'), value: report.contacted.once },
          { label: say('twiceOrMore'), value: report.contacted.twiceOrMore },
        ]}
      />
      <h2 id="report-suppressions-heading">{say('reportSuppressions')}</h2>
      {reasons.length === 0 ? (
        <p>{say('noSuppressions')}</p>
      ) : (
        <BarChart
          id="report-suppressions"
          headingId="report-suppressions-heading"
          title={say('reportSuppressions')}
          tableCaption={say('chartTable')}
          language={language}
          data={reasons.map(([reason, n]) => ({
            label: named.find((x) => x.id === reason)?.text ?? reason,
            value: n,
          }))}
        />
      )}
      <h2 id="report-overrides-heading">{say('overridesHeading')}</h2>
      {report.overridesBy.length === 0 ? (
        <p>{say('noOverrides')}</p>
      ) : (
        <>
          <BarChart
            id="report-overrides"
            headingId="report-overrides-heading"
            title={say('overridesHeading')}
            language={language}
            data={report.overridesBy.map((o) => ({
              label: o.reason ? `${o.actor}: ${o.reason}` : o.actor,
              value: o.count,
            }))}
          />
          <TableScroll label={say('overridesHeading')}>
            <table>
              <caption>{say('chartTable')}</caption>
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
                    <td>{say.num(o.count)}</td>
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
