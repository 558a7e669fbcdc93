// "Your commercial messages" (BK-7, issue 14): the commercial messages the person received in
// the window the policy counts its cap in (a calendar month or year, or a rolling period), in the
// notice's words (date, channel, what kind), and the limit with how many remain. A policy without
// a cap says there is none. Only the person's own ledger: the API reads nothing of anyone else.
import { useEffect, useState } from 'react';
import { type Communication, type Limits, readCommunications, readLimits } from '../api.ts';
import { dateAndTime, sayIn, type ViewWords } from '../i18n.ts';
import type { ViewProps } from '../Views.tsx';
import { viewTitle } from './titles.ts';

const EN = {
  month: 'this month',
  year: 'this year',
  rolling: 'in the last {period}',
  receivedOne: 'You have received {used} of at most {max} commercial message {when}.',
  receivedMany: 'You have received {used} of at most {max} commercial messages {when}.',
  remaining: 'We may still send you {remaining} {when}.',
  reached: 'The limit is reached: we send you no other commercial message {when}.',
  target:
    'This limit is a target: in exceptional cases, each recorded with who decided it and why, we may exceed it.',
  noCap: 'We set no limit on the number of commercial messages we may send you.',
  listHeading: 'Commercial messages received {when}',
  none: 'You have received no commercial message {when}.',
  date: 'Date',
  channel: 'Channel',
  what: 'Message',
  notCounted: 'Not counted toward the limit.',
  kind: '{kind}: {purpose}',
  failed: 'Your messages could not be loaded. Please try again later.',
  loading: 'Loading…',
};

const WORDS: ViewWords<typeof EN> = {
  en: EN,
  fr: {
    month: 'ce mois-ci',
    year: 'cette année',
    rolling: 'sur une période glissante de {period}',
    receivedOne: 'Vous avez reçu {used} message commercial sur {max} au maximum {when}.',
    receivedMany: 'Vous avez reçu {used} messages commerciaux sur {max} au maximum {when}.',
    remaining: 'Nous pouvons encore vous en envoyer {remaining} {when}.',
    reached: 'La limite est atteinte : nous ne vous envoyons plus aucun message commercial {when}.',
    target:
      'Cette limite est un objectif : dans des cas exceptionnels, chacun enregistré avec qui l’a décidé et pourquoi, nous pouvons la dépasser.',
    noCap: 'Nous ne fixons aucune limite au nombre de messages commerciaux que nous pouvons vous envoyer.',
    listHeading: 'Messages commerciaux reçus {when}',
    none: 'Vous n’avez reçu aucun message commercial {when}.',
    date: 'Date',
    channel: 'Canal',
    what: 'Message',
    notCounted: 'Non compté dans la limite.',
    kind: '{kind} : {purpose}',
    failed: 'Vos messages n’ont pas pu être chargés. Veuillez réessayer plus tard.',
    loading: 'Chargement…',
  },
  nl: {
    month: 'deze maand',
    year: 'dit jaar',
    rolling: 'in de laatste {period}',
    receivedOne: 'U hebt {used} van ten hoogste {max} commercieel bericht ontvangen {when}.',
    receivedMany: 'U hebt {used} van ten hoogste {max} commerciële berichten ontvangen {when}.',
    remaining: 'Wij mogen u {when} nog {remaining} sturen.',
    reached: 'De limiet is bereikt: wij sturen u {when} geen ander commercieel bericht meer.',
    target:
      'Deze limiet is een streefdoel: in uitzonderlijke gevallen, telkens geregistreerd met wie het besliste en waarom, mogen wij ze overschrijden.',
    noCap: 'Wij stellen geen limiet aan het aantal commerciële berichten dat wij u mogen sturen.',
    listHeading: 'Commerciële berichten ontvangen {when}',
    none: 'U hebt {when} geen commercieel bericht ontvangen.',
    date: 'Datum',
    channel: 'Kanaal',
    what: 'Bericht',
    notCounted: 'Telt niet mee voor de limiet.',
    kind: '{kind}: {purpose}',
    failed: 'Uw berichten konden niet worden geladen. Probeer het later opnieuw.',
    loading: 'Laden…',
  },
  de: {
    month: 'in diesem Monat',
    year: 'in diesem Jahr',
    rolling: 'im gleitenden Zeitraum ({period})',
    receivedOne: 'Sie haben {when} {used} von höchstens {max} Werbenachricht erhalten.',
    receivedMany: 'Sie haben {when} {used} von höchstens {max} Werbenachrichten erhalten.',
    remaining: 'Wir dürfen Ihnen {when} noch {remaining} senden.',
    reached: 'Die Grenze ist erreicht: Wir senden Ihnen {when} keine weitere Werbenachricht.',
    target:
      'Diese Grenze ist ein Ziel: In Ausnahmefällen, jeweils erfasst mit wer es entschied und warum, dürfen wir sie überschreiten.',
    noCap: 'Wir setzen keine Grenze für die Zahl der Werbenachrichten, die wir Ihnen senden dürfen.',
    listHeading: 'Werbenachrichten, erhalten {when}',
    none: 'Sie haben {when} keine Werbenachricht erhalten.',
    date: 'Datum',
    channel: 'Kanal',
    what: 'Nachricht',
    notCounted: 'Zählt nicht zur Grenze.',
    kind: '{kind}: {purpose}',
    failed: 'Ihre Nachrichten konnten nicht geladen werden. Bitte versuchen Sie es später erneut.',
    loading: 'Wird geladen…',
  },
};

type Standing = NonNullable<Limits['messages']>;

const UNITS: Readonly<Record<string, string>> = { Y: 'year', M: 'month', W: 'week', D: 'day' };

/** "30 days" for P30D, in `language`; a duration of several parts stays as the policy writes it. */
function period(iso: string, language: string): string {
  const m = /^P(\d+)([YMWD])$/.exec(iso);
  if (!m) return iso;
  const unit = UNITS[m[2] as string] as string;
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(Number(m[1]));
}

/** Whether a message belongs to the window its limit counts in now. */
const inWindow = (s: Standing) => (m: Communication) =>
  m.commercial &&
  (s.windowKey !== null ? m.windowKey === s.windowKey : s.windowStart !== null && m.sentAt > s.windowStart);

export function Messages({ who, language }: ViewProps) {
  const say = sayIn(WORDS, language);
  const [standing, setStanding] = useState<Standing | null | undefined>();
  const [messages, setMessages] = useState<Communication[] | undefined>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    readLimits(who)
      .then(async (l) => {
        const s = l.messages;
        const got = s ? await readCommunications(who, language, inWindow(s)) : [];
        if (!live) return;
        setStanding(s);
        setMessages(got);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [who, language]);

  const when = !standing
    ? ''
    : standing.window === 'rolling'
      ? say('rolling', { period: period(standing.rollingWindow ?? '', language) })
      : say(standing.window === 'calendar-year' ? 'year' : 'month');
  const cap = standing?.cap;
  const n = (v: number) => new Intl.NumberFormat(language).format(v);

  return (
    <section aria-labelledby="messages" className="messages">
      <h2 id="messages">{viewTitle('messages', language)}</h2>
      {failed && (
        <p role="alert" className="failed">
          {say('failed')}
        </p>
      )}
      {messages === undefined && !failed && <p>{say('loading')}</p>}
      {standing && messages && (
        <>
          <div className="limit panel">
            {cap ? (
              <>
                <p>
                  {say(cap.max === 1 ? 'receivedOne' : 'receivedMany', {
                    used: n(cap.used),
                    max: n(cap.max),
                    when,
                  })}
                </p>
                <p>
                  {cap.remaining > 0
                    ? say('remaining', { remaining: n(cap.remaining), when })
                    : say('reached', { when })}
                </p>
                {cap.mode === 'target' && <p>{say('target')}</p>}
              </>
            ) : (
              <p>{say('noCap')}</p>
            )}
          </div>
          <h3 id="messages-list">{say('listHeading', { when })}</h3>
          {messages.length === 0 ? (
            <p>{say('none', { when })}</p>
          ) : (
            <ul className="message-list" aria-labelledby="messages-list">
              {messages.map((m) => (
                <li key={m.id} className="message">
                  <dl>
                    <dt>{say('date')}</dt>
                    <dd>{dateAndTime(m.sentAt, language)}</dd>
                    <dt>{say('channel')}</dt>
                    <dd>{m.channelText}</dd>
                    <dt>{say('what')}</dt>
                    <dd>
                      {say('kind', { kind: m.messageClassText, purpose: m.purposeText })}
                      {cap && !m.counted && <> {say('notCounted')}</>}
                    </dd>
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
