// Before and after a contact (BK-12, BK-7): the agent chooses the contact once (channel, kind of
// message, purpose, on whose behalf: the policy's, from GET /v1/contact-options), checks that the
// customer may be contacted for it today (the decision and its reasons in words, and the period's
// count), then logs what came of it as a code. Whether it counts toward the limit is the policy's
// answer (the message class), shown before and after.
import { type FormEvent, useEffect, useState } from 'react';
import { garde } from '../../api.ts';
import type { Session } from '../../views.ts';
import { dateAndTime, sayIn } from '../../words.ts';
import { apiLanguage } from './CustomerCard.tsx';
import { CUSTOMERS_WORDS } from './customers-words.ts';

type Options = {
  channels: { id: string; name: string }[];
  purposes: { id: string; name: string }[];
  messageClasses: { id: string; name: string; countsTowardCap: boolean; purposes: string[] }[];
  senders: { id: string; name: string }[];
  outcomes: string[];
};
type Check = {
  allow: boolean;
  reasons: { code: string; text: string }[];
  cap: { window: string; used: number; max: number } | null;
};
// The answer stands apart from the button that asked for it.
const SPACED = { marginTop: '1rem' };

type Logged = { at: string; counted: boolean } | { refused: string[] } | 'failed';

export function ContactForms({ subjectId, session }: { subjectId: string; session: Session }) {
  const say = sayIn(CUSTOMERS_WORDS, session.language);
  const language = apiLanguage(session);
  const [options, setOptions] = useState<Options | 'loading' | 'failed'>('loading');
  const [channel, setChannel] = useState('');
  const [messageClass, setMessageClass] = useState('');
  const [purpose, setPurpose] = useState('');
  const [sender, setSender] = useState('');
  const [outcome, setOutcome] = useState('');
  const [check, setCheck] = useState<Check | 'failed' | null>(null);
  const [logged, setLogged] = useState<Logged | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    garde
      .GET('/v1/contact-options', { params: { query: { language } } })
      .then(({ data }) => {
        if (!data) return setOptions('failed');
        setOptions(data);
        const cls = data.messageClasses[0];
        setChannel(data.channels[0]?.id ?? '');
        setMessageClass(cls?.id ?? '');
        setPurpose(cls?.purposes[0] ?? '');
        setSender(data.senders[0]?.id ?? '');
        setOutcome(data.outcomes[0] ?? '');
      })
      .catch(() => setOptions('failed'));
  }, [language]);

  if (options === 'loading') return <p>{say('loading')}</p>;
  if (options === 'failed') return <p className="refused">{say('loadFailed')}</p>;

  const cls = options.messageClasses.find((c) => c.id === messageClass);
  const purposes = options.purposes.filter((p) => cls?.purposes.includes(p.id));
  const contact = { purpose, channel, messageClass, ...(sender ? { sender } : {}) };

  async function runCheck() {
    const { data } = await garde.GET('/v1/subjects/{id}/contact-check', {
      params: { path: { id: subjectId }, query: contact },
    });
    setCheck(data ?? 'failed');
  }

  async function onCheck(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setLogged(null);
    await runCheck().catch(() => setCheck('failed'));
    setBusy(false);
  }

  async function onLog(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const { data, error } = await garde.POST('/v1/subjects/{id}/contacts', {
        params: { path: { id: subjectId } },
        body: { ...contact, outcome: outcome as 'informed' },
      });
      if (data) {
        setLogged({ at: data.sentAt, counted: data.counted });
        await runCheck().catch(() => setCheck('failed'));
      } else {
        const reasons = (error as { reasons?: { text: string }[] } | undefined)?.reasons?.map((r) => r.text);
        setLogged(reasons?.length ? { refused: reasons } : 'failed');
      }
    } catch {
      setLogged('failed');
    } finally {
      setBusy(false);
    }
  }

  const select = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    items: { id: string; name: string }[],
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        {items.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <section aria-labelledby="check-heading" className="panel">
        <h3 id="check-heading">{say('checkHeading')}</h3>
        <p className="hint">{say('checkIntro')}</p>
        <form onSubmit={onCheck} id="contact-check">
          {select('contact-channel', say('channel'), channel, setChannel, options.channels)}
          {select(
            'contact-class',
            say('messageClass'),
            messageClass,
            (v) => {
              setMessageClass(v);
              setPurpose(options.messageClasses.find((c) => c.id === v)?.purposes[0] ?? '');
            },
            options.messageClasses,
          )}
          {select('contact-purpose', say('purpose'), purpose, setPurpose, purposes)}
          {select('contact-sender', say('from'), sender, setSender, [
            ...options.senders,
            { id: '', name: say('anySender') },
          ])}
          <p className="hint">{cls?.countsTowardCap ? say('counts') : say('notCounted')}</p>
          <button type="submit" disabled={busy}>
            {busy ? say('checking') : say('check')}
          </button>
        </form>
        <div aria-live="polite" id="contact-decision" style={SPACED}>
          {check === 'failed' && <p className="refused">{say('loadFailed')}</p>}
          {check && check !== 'failed' && (
            <div className={check.allow ? 'notice' : 'refused'}>
              <p>
                <strong>{check.allow ? say('allowed') : say('refused')}</strong>
              </p>
              {check.reasons.length > 0 && (
                <>
                  <p>{say('because')}</p>
                  <ul>
                    {check.reasons.map((r) => (
                      <li key={r.code}>{r.text}</li>
                    ))}
                  </ul>
                </>
              )}
              <p>
                {check.cap
                  ? say('capLine', {
                      window: check.cap.window,
                      used: String(check.cap.used),
                      max: String(check.cap.max),
                    })
                  : say('noCap')}
              </p>
            </div>
          )}
        </div>
      </section>

      <section aria-labelledby="log-heading" className="panel">
        <h3 id="log-heading">{say('logHeading')}</h3>
        <p className="hint">{say('logIntro')}</p>
        <form onSubmit={onLog} id="contact-log">
          {select(
            'contact-outcome',
            say('outcome'),
            outcome,
            setOutcome,
            options.outcomes.map((o) => ({ id: o, name: say(`outcome.${o}` as 'outcome.informed') })),
          )}
          <button type="submit" disabled={busy}>
            {busy ? say('logging') : say('logContact')}
          </button>
        </form>
        <div aria-live="polite" id="contact-logged" style={SPACED}>
          {logged === 'failed' && <p className="refused">{say('logFailed')}</p>}
          {logged && logged !== 'failed' && 'refused' in logged && (
            <div className="refused">
              <p>{say('logRefused')}</p>
              <ul>
                {logged.refused.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          )}
          {logged && logged !== 'failed' && 'at' in logged && (
            <p className="notice">
              {say('logged', {
                time: dateAndTime(logged.at, session.language),
                counted: logged.counted ? say('loggedCounted') : say('loggedNotCounted'),
              })}
            </p>
          )}
        </div>
      </section>
    </>
  );
}
