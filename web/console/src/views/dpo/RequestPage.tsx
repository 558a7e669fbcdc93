// One request (issue 15, EN-11, EN-12): where it stands and its history; the identity check that
// keeps only the outcome (the document's number is never typed); the one extension with the
// notice to send; a pause with its reason and the resumption; fulfil or refuse; and the answer
// to download and send, with each delivery recorded; each system's part of it (issue 16), retried
// from here until every one is done.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { longDate } from '../../../../src/i18n.ts';
import { gardeWord } from '../../garde-words.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { ViewProps } from '../../views.ts';
import { dateAndTime, type Language } from '../../words.ts';
import { nameIn, usePolicy } from './dpo-api.ts';
import { FIELD, FORM } from './layout.ts';
import { RequestOutcome } from './RequestOutcome.tsx';
import { RequestSystems } from './RequestSystems.tsx';
import {
  deliveryHref,
  extend,
  fulfil,
  type PauseReason,
  Problem,
  pause,
  type RequestDetail,
  readRequest,
  reject,
  resume,
  verify,
} from './requests-api.ts';
import { type SayDpo, sayDpo } from './requests-words.ts';

const DOCUMENTS = ['id-card', 'passport', 'driving-licence', 'residence-permit'] as const;

type Verification = {
  outcome: string;
  documentType?: string;
  compared: Record<string, boolean>;
  redacted: string[];
};
type Delivery = { until: string; formats: ('html' | 'json' | 'zip')[] };

function History({ r, say, language }: { r: RequestDetail; say: SayDpo; language: Language }) {
  return (
    <TableScroll label={say('history')}>
      <table>
        <caption>{say('history')}</caption>
        <thead>
          <tr>
            <th scope="col">{say('at')}</th>
            <th scope="col">{say('status')}</th>
            <th scope="col">{say('note')}</th>
            <th scope="col">{say('actor')}</th>
          </tr>
        </thead>
        <tbody>
          {(r.history ?? []).map((h) => (
            <tr key={`${h.at}-${h.status}-${h.note ?? ''}`}>
              <td>{dateAndTime(h.at, language)}</td>
              <td>{say(`status.${h.status as 'received'}`)}</td>
              <td>{h.note ?? ''}</td>
              <td>{h.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function VerificationSummary({ v, say, language }: { v: Verification; say: SayDpo; language: Language }) {
  const field = (f: string) => gardeWord(language, 'field', f);
  return (
    <div className="verification">
      <p>{say('verification', { outcome: gardeWord(language, 'verification', v.outcome) })}</p>
      <dl>
        <dt>{say('compared')}</dt>
        <dd>
          {Object.entries(v.compared)
            .map(([k, ok]) => `${field(k)} ${ok ? '✓' : '✗'}`)
            .join(', ') || '—'}
        </dd>
        <dt>{say('redacted')}</dt>
        <dd>{v.redacted.map(field).join(', ') || '—'}</dd>
      </dl>
    </div>
  );
}

export default function RequestPage({ session }: ViewProps) {
  const say = sayDpo(session.language);
  const requestId = new URLSearchParams(window.location.search).get('id') ?? '';
  const [r, setR] = useState<RequestDetail | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; language: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const policy = usePolicy(session.language);

  const load = useCallback(
    () =>
      readRequest(requestId).then(setR, (e: unknown) =>
        setFailed(e instanceof Problem ? e.message : 'UNKNOWN'),
      ),
    [requestId],
  );
  useEffect(() => {
    load();
  }, [load]);

  /** Runs one action, then reads the request again (its history and deliveries changed). */
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setFailed(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setFailed(e instanceof Problem ? e.message : 'UNKNOWN');
    } finally {
      setBusy(false);
    }
  };

  if (!r) return <p>{failed ? say('failed', { code: failed }) : say('loading')}</p>;
  const lang = session.language;
  const open = !r.closedAt;
  const verification = r.verification as Verification | null;
  const delivery = (r.outcome as { delivery?: Delivery } | null)?.delivery;
  // Once fulfilment began, its steps exist: "Try again" (RequestSystems) carries it on.
  const steps = r.steps ?? [];

  const onVerify = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '');
    act(() =>
      verify(r.id, {
        documentType: text('documentType') as (typeof DOCUMENTS)[number],
        givenName: text('givenName'),
        familyName: text('familyName'),
        birthDate: text('birthDate'),
        ...(text('expiresOn') ? { expiresOn: text('expiresOn') } : {}),
      }),
    );
  };
  const onExtend = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '');
    act(async () => {
      const out = await extend(r.id, reason);
      setNotice({ text: out.notice ?? '', language: lang });
    });
  };
  const onPause = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    act(async () => {
      const out = await pause(
        r.id,
        String(f.get('reason')) as PauseReason,
        String(f.get('note') ?? '') || undefined,
      );
      setNotice({ text: out.notice ?? '', language: lang });
    });
  };
  const onFulfil = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const confirm = new FormData(e.currentTarget).get('confirmContractEnd') === 'on';
    act(() => fulfil(r.id, confirm));
  };
  const onReject = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('rejectReason') ?? '');
    act(() => reject(r.id, reason));
  };

  return (
    <section aria-labelledby="request-title" className="dpo-request">
      <p>
        <a href="?view=dpo-requests">{say('back')}</a>
      </p>
      <h2 id="request-title">
        {say('requestTitle')}: {gardeWord(lang, 'right', r.kind)}{' '}
        <code>{r.subjectPseudonym.slice(0, 8)}</code>
      </h2>
      <dl className="request-facts">
        <dt>{say('status')}</dt>
        <dd data-status={r.status}>{say(`status.${r.status as 'received'}`)}</dd>
        <dt>{say('channel')}</dt>
        <dd>{nameIn(policy?.rightsChannels, r.channel)}</dd>
        <dt>{say('received')}</dt>
        <dd>{dateAndTime(r.receivedAt, lang)}</dd>
        <dt>{say('due')}</dt>
        <dd>
          {longDate(r.dueAt, lang)} ({say(`group.${r.urgency as 'overdue'}`)})
        </dd>
      </dl>
      {r.pausedAt && r.pauseReason && (
        <p className="paused">
          {say('pausedSince', {
            date: longDate(r.pausedAt, lang),
            reason: say(`pause.${r.pauseReason as PauseReason}`),
          })}
        </p>
      )}
      {failed && <p role="alert">{say('failed', { code: failed })}</p>}
      {notice && (
        <div className="notice-to-send" role="status">
          <h3>{say('noticeToSend', { language: notice.language })}</h3>
          <p>{notice.text}</p>
        </div>
      )}
      {verification && <VerificationSummary v={verification} say={say} language={lang} />}

      {(r.status === 'received' || (r.status === 'paused' && verification?.outcome !== 'verified')) && (
        <form onSubmit={onVerify} aria-labelledby="verify-title" className="verify" style={FORM}>
          <h3 id="verify-title">{say('verifyHeading')}</h3>
          <p id="verify-hint">{say('verifyHint')}</p>
          <label style={FIELD}>
            {say('documentType')}
            <select name="documentType" aria-describedby="verify-hint">
              {DOCUMENTS.map((d) => (
                <option key={d} value={d}>
                  {say(`document.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <label style={FIELD}>
            {say('givenName')}
            <input name="givenName" required autoComplete="off" />
          </label>
          <label style={FIELD}>
            {say('familyName')}
            <input name="familyName" required autoComplete="off" />
          </label>
          <label style={FIELD}>
            {say('birthDate')}
            <input name="birthDate" type="date" required />
          </label>
          <label style={FIELD}>
            {say('expiresOn')}
            <input name="expiresOn" type="date" />
          </label>
          <button type="submit" disabled={busy}>
            {say('verify')}
          </button>
        </form>
      )}

      {open && r.status !== 'paused' && !r.extendedAt && (
        <form onSubmit={onExtend} aria-labelledby="extend-title" style={FORM}>
          <h3 id="extend-title">{say('extendHeading')}</h3>
          <label style={FIELD}>
            {say('reason')}
            <textarea name="reason" required minLength={3} maxLength={500} />
          </label>
          <button type="submit" disabled={busy}>
            {say('extend')}
          </button>
        </form>
      )}

      {open && r.status !== 'paused' && (
        <form onSubmit={onPause} aria-labelledby="pause-title" style={FORM}>
          <h3 id="pause-title">{say('pauseHeading')}</h3>
          <p>{say('pauseHint')}</p>
          <label style={FIELD}>
            {say('pauseReason')}
            <select name="reason">
              {(['identity-proof', 'clarification'] as const).map((p) => (
                <option key={p} value={p}>
                  {say(`pause.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label style={FIELD}>
            {say('pauseNote')}
            <input name="note" maxLength={500} />
          </label>
          <button type="submit" disabled={busy}>
            {say('pause')}
          </button>
        </form>
      )}
      {r.status === 'paused' && (
        <p>
          <button type="button" disabled={busy} onClick={() => act(() => resume(r.id))}>
            {say('resume')}
          </button>
        </p>
      )}

      {open && (
        <section aria-labelledby="answer-title">
          <h3 id="answer-title">{say('answerHeading')}</h3>
          {r.status === 'verified' && steps.length === 0 && (
            <form onSubmit={onFulfil} style={FORM}>
              {r.kind === 'erasure' && (
                <label style={FIELD}>
                  <input type="checkbox" name="confirmContractEnd" /> {say('confirmContractEnd')}
                </label>
              )}
              <button type="submit" disabled={busy}>
                {say('fulfil')}
              </button>
            </form>
          )}
          <form onSubmit={onReject} style={FORM}>
            <label style={FIELD}>
              {say('rejectReason')}
              <textarea name="rejectReason" required minLength={3} maxLength={500} />
            </label>
            <button type="submit" disabled={busy}>
              {say('reject')}
            </button>
          </form>
        </section>
      )}

      {steps.length > 0 && (
        <RequestSystems
          requestId={r.id}
          kind={r.kind}
          steps={steps}
          outcome={r.outcome as Record<string, unknown> | null}
          names={policy}
          language={lang}
          open={open}
          retry={async () => {
            const after = await fulfil(r.id, false);
            await load();
            return after;
          }}
          reload={load}
        />
      )}

      {r.outcome && (
        <RequestOutcome
          outcome={r.outcome as Record<string, unknown>}
          policy={policy}
          say={say}
          language={lang}
        />
      )}

      {delivery && (
        <section aria-labelledby="delivery-title">
          <h3 id="delivery-title">{say('deliveryHeading')}</h3>
          <p>{say('deliveryUntil', { date: longDate(delivery.until, lang) })}</p>
          <ul className="downloads">
            {delivery.formats.map((f) => (
              <li key={f}>
                <a href={deliveryHref(r.id, f, lang)} download>
                  {say('download', { format: f })}
                </a>
              </li>
            ))}
          </ul>
          {(r.deliveries ?? []).length > 0 && (
            <table>
              <caption>{say('deliveries')}</caption>
              <thead>
                <tr>
                  <th scope="col">{say('at')}</th>
                  <th scope="col">{say('via')}</th>
                  <th scope="col">{say('actor')}</th>
                  <th scope="col">SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {(r.deliveries ?? []).map((d) => (
                  <tr key={`${d.at}-${d.sha256}`}>
                    <td>{dateAndTime(d.at, lang)}</td>
                    <td>{say(`via.${d.via as 'staff'}`)}</td>
                    <td>{d.actor}</td>
                    <td>
                      <code>{d.sha256.slice(0, 16)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <History r={r} say={say} language={lang} />
    </section>
  );
}
