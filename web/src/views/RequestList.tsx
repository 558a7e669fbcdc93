// The person's requests (EN-11): what they asked, when we received it, where it stands in plain
// words, when it is due (and why, if we extended it), and the answer once done. The report and
// the portable copy are offered once the request is done, until the delivery window the answer
// states (outcome.delivery.until); before, the page says by when; after, that it closed.
import { deliveryHref, type RightsRequest, type SignedIn } from '../api.ts';
import { longDate } from '../i18n.ts';
import type { SayRequests } from './requests-words.ts';

/** The report and the copy are ready once the DPO has answered the request (status completed). */
const ready = (r: RightsRequest) => r.status === 'completed';
const prepared = (r: RightsRequest) => r.kind === 'access' || r.kind === 'portability';

function statusWords(r: RightsRequest, say: SayRequests): string {
  if (r.status === 'verified' && prepared(r)) return say('status.preparing');
  if (['received', 'verified', 'paused', 'completed', 'rejected', 'routed'].includes(r.status))
    return say(`status.${r.status as 'received'}`);
  return r.status;
}

function Answer({
  r,
  who,
  language,
  say,
}: {
  r: RightsRequest;
  who: SignedIn;
  language: string;
  say: SayRequests;
}) {
  const reason = (r.outcome as { reason?: unknown } | null)?.reason;
  if (r.status === 'rejected')
    return typeof reason === 'string' ? <p>{say('refusedBecause', { reason })}</p> : null;
  if (!r.closedAt && prepared(r)) return <p>{say('preparing', { date: longDate(r.dueAt, language) })}</p>;
  if (!ready(r)) return null;
  const impact = (r.outcome as { contractImpact?: unknown } | null)?.contractImpact;
  const until = (r.outcome as { delivery?: { until?: unknown } } | null)?.delivery?.until;
  const open = typeof until === 'string' && Date.now() <= new Date(until).getTime();
  const href = (format: 'html' | 'json' | 'zip') => deliveryHref(who, r.id, format, language);
  return (
    <>
      <p>{say(`done.${r.kind as 'access'}`)}</p>
      {typeof impact === 'string' && <p>{impact}</p>}
      {prepared(r) && typeof until === 'string' && (
        <p>{say(open ? 'downloadUntil' : 'downloadClosed', { date: longDate(until, language) })}</p>
      )}
      {open && r.kind === 'access' && (
        <ul className="downloads">
          <li>
            <a href={href('html')} download>
              {say('downloadReportHtml')}
            </a>
          </li>
          <li>
            <a href={href('json')} download>
              {say('downloadReportJson')}
            </a>
          </li>
        </ul>
      )}
      {open && r.kind === 'portability' && (
        <ul className="downloads">
          <li>
            <a href={href('zip')} download>
              {say('downloadCopy')}
            </a>
          </li>
        </ul>
      )}
    </>
  );
}

export function RequestList(props: {
  requests: readonly RightsRequest[];
  who: SignedIn;
  language: string;
  say: SayRequests;
}) {
  const { requests, language, say } = props;
  if (requests.length === 0) return <p>{say('none')}</p>;
  return (
    <ul className="requests">
      {requests.map((r) => (
        <li key={r.id} className="request">
          <h4 id={`request-${r.id}`}>{say(`kind.${r.kind as 'access'}`)}</h4>
          <dl>
            <dt>{say('received')}</dt>
            <dd>{longDate(r.receivedAt, language)}</dd>
            <dt>{say('status')}</dt>
            <dd data-status={r.status}>{statusWords(r, say)}</dd>
            {r.closedAt ? (
              <>
                <dt>{say('closed')}</dt>
                <dd>{longDate(r.closedAt, language)}</dd>
              </>
            ) : (
              <>
                <dt>{say('due')}</dt>
                <dd>
                  {longDate(r.dueAt, language)}
                  {r.extendedAt && r.extensionReason && (
                    <>
                      <br />
                      {say('extended', { date: longDate(r.extendedAt, language), reason: r.extensionReason })}
                    </>
                  )}
                </dd>
              </>
            )}
          </dl>
          <Answer r={r} who={props.who} language={language} say={say} />
        </li>
      ))}
    </ul>
  );
}
