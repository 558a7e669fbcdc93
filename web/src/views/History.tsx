// "History of your choices" (BK-16, EN-11, issue 14): every consent record of the person, newest
// first, a page at a time: when, for which purpose (and channel), given, refused or withdrawn, how
// it was recorded (the policy's consent interfaces, in plain words) and the notice version shown
// then; and the ISO/IEC TS 27560 consent receipt to download.
import { useEffect, useState } from 'react';
import {
  type ConsentEvent,
  type PublishedPurpose,
  readHistory,
  readPurposes,
  receiptAddress,
} from '../api.ts';
import { ErrorSummary } from '../ErrorSummary.tsx';
import { dateAndTime, sayIn, type ViewWords } from '../i18n.ts';
import type { ViewProps } from '../Views.tsx';
import { viewTitle } from './titles.ts';

const EN = {
  intro: 'Every choice about your consent that we have on record, the latest first.',
  loading: 'Loading…',
  failed: 'Your history could not be loaded. Please try again later.',
  moreFailed: 'The older choices could not be loaded. Please try again.',
  errorSummary: 'There is a problem',
  none: 'You have not made any choice about your consent yet.',
  latest: 'Your latest choice was recorded on {time}.',
  moreShown: '{count} older choices shown.',
  entry: '{state}: {purpose}',
  given: 'Consent given',
  refused: 'Consent refused',
  withdrawn: 'Consent withdrawn',
  when: 'When',
  channel: 'Channel',
  how: 'How it was recorded',
  notice: 'Privacy notice shown',
  noticeVersion: 'version {version}',
  noticeVersionIn: 'version {version}, in {language}',
  byYou: 'by you, through {interface}',
  byStaff: 'by our staff, from: {interface}',
  bySignal: 'by your device’s signal: {interface}',
  byGpc: 'by the Global Privacy Control signal your browser sent',
  byApi: 'by our staff or our systems',
  showMore: 'Show older choices',
  receipt: 'Download your consent receipt',
  receiptHint:
    'A file in the ISO/IEC TS 27560 format (JSON-LD), to keep or to give to anyone you choose: it lists the consents in force and how each was given.',
};

const WORDS: ViewWords<typeof EN> = {
  en: EN,
  fr: {
    intro: 'Chaque choix concernant votre consentement que nous avons enregistré, le plus récent d’abord.',
    loading: 'Chargement…',
    failed: 'Votre historique n’a pas pu être chargé. Veuillez réessayer plus tard.',
    moreFailed: 'Les choix plus anciens n’ont pas pu être chargés. Veuillez réessayer.',
    errorSummary: 'Il y a un problème',
    none: 'Vous n’avez encore fait aucun choix concernant votre consentement.',
    latest: 'Votre dernier choix a été enregistré le {time}.',
    moreShown: '{count} choix plus anciens affichés.',
    entry: '{state} : {purpose}',
    given: 'Consentement donné',
    refused: 'Consentement refusé',
    withdrawn: 'Consentement retiré',
    when: 'Quand',
    channel: 'Canal',
    how: 'Comment il a été enregistré',
    notice: 'Déclaration de confidentialité présentée',
    noticeVersion: 'version {version}',
    noticeVersionIn: 'version {version}, en {language}',
    byYou: 'par vous, via {interface}',
    byStaff: 'par notre personnel, à partir de : {interface}',
    bySignal: 'par le signal de votre appareil : {interface}',
    byGpc: 'par le signal Global Privacy Control envoyé par votre navigateur',
    byApi: 'par notre personnel ou nos systèmes',
    showMore: 'Afficher les choix plus anciens',
    receipt: 'Télécharger votre reçu de consentement',
    receiptHint:
      'Un fichier au format ISO/IEC TS 27560 (JSON-LD), à conserver ou à remettre à qui vous voulez : il liste les consentements en vigueur et la manière dont chacun a été donné.',
  },
  nl: {
    intro: 'Elke keuze over uw toestemming die wij hebben vastgelegd, de meest recente eerst.',
    loading: 'Laden…',
    failed: 'Uw geschiedenis kon niet worden geladen. Probeer het later opnieuw.',
    moreFailed: 'De oudere keuzes konden niet worden geladen. Probeer het opnieuw.',
    errorSummary: 'Er is een probleem',
    none: 'U hebt nog geen keuze over uw toestemming gemaakt.',
    latest: 'Uw laatste keuze werd vastgelegd op {time}.',
    moreShown: '{count} oudere keuzes getoond.',
    entry: '{state}: {purpose}',
    given: 'Toestemming gegeven',
    refused: 'Toestemming geweigerd',
    withdrawn: 'Toestemming ingetrokken',
    when: 'Wanneer',
    channel: 'Kanaal',
    how: 'Hoe het werd vastgelegd',
    notice: 'Getoonde privacyverklaring',
    noticeVersion: 'versie {version}',
    noticeVersionIn: 'versie {version}, in het {language}',
    byYou: 'door u, via {interface}',
    byStaff: 'door onze medewerkers, op basis van: {interface}',
    bySignal: 'door het signaal van uw toestel: {interface}',
    byGpc: 'door het Global Privacy Control-signaal van uw browser',
    byApi: 'door onze medewerkers of systemen',
    showMore: 'Oudere keuzes tonen',
    receipt: 'Uw toestemmingsbewijs downloaden',
    receiptHint:
      'Een bestand in het formaat ISO/IEC TS 27560 (JSON-LD), om te bewaren of aan wie u wilt te geven: het vermeldt de geldende toestemmingen en hoe elk werd gegeven.',
  },
  de: {
    intro: 'Jede Entscheidung über Ihre Einwilligung, die wir festgehalten haben, die neueste zuerst.',
    loading: 'Wird geladen…',
    failed: 'Ihr Verlauf konnte nicht geladen werden. Bitte versuchen Sie es später erneut.',
    moreFailed: 'Die älteren Entscheidungen konnten nicht geladen werden. Bitte versuchen Sie es erneut.',
    errorSummary: 'Es ist ein Problem aufgetreten',
    none: 'Sie haben noch keine Entscheidung über Ihre Einwilligung getroffen.',
    latest: 'Ihre letzte Entscheidung wurde am {time} festgehalten.',
    moreShown: '{count} ältere Entscheidungen angezeigt.',
    entry: '{state}: {purpose}',
    given: 'Einwilligung erteilt',
    refused: 'Einwilligung abgelehnt',
    withdrawn: 'Einwilligung widerrufen',
    when: 'Wann',
    channel: 'Kanal',
    how: 'Wie sie festgehalten wurde',
    notice: 'Angezeigte Datenschutzerklärung',
    noticeVersion: 'Version {version}',
    noticeVersionIn: 'Version {version}, auf {language}',
    byYou: 'von Ihnen, über {interface}',
    byStaff: 'von unseren Mitarbeitenden, aus: {interface}',
    bySignal: 'durch das Signal Ihres Geräts: {interface}',
    byGpc: 'durch das Global-Privacy-Control-Signal Ihres Browsers',
    byApi: 'von unseren Mitarbeitenden oder Systemen',
    showMore: 'Ältere Entscheidungen anzeigen',
    receipt: 'Ihren Einwilligungsnachweis herunterladen',
    receiptHint:
      'Eine Datei im Format ISO/IEC TS 27560 (JSON-LD), zum Aufbewahren oder zur Weitergabe an wen Sie möchten: Sie führt die geltenden Einwilligungen auf und wie jede erteilt wurde.',
  },
};

type Say = ReturnType<typeof sayIn<typeof EN>>;

/** How a record came in, in plain words: the policy's interface, or Garde's own api and gpc. */
function howRecorded(e: ConsentEvent, notice: ViewProps['notice'], say: Say): string {
  if (e.source === 'gpc') return say('byGpc');
  const known = notice.consentInterfaces.find((x) => x.id === e.source);
  if (!known) return say('byApi');
  const words = { interface: known.description };
  if (known.recordedBy === 'controller') return say('byStaff', words);
  return say(known.signal ? 'bySignal' : 'byYou', words);
}

/** "French" in English, "français" in French: the browser knows every language's name. */
function languageName(code: string, language: string): string {
  return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
}

export function History({ who, language, notice }: ViewProps) {
  const say = sayIn(WORDS, language);
  const [purposes, setPurposes] = useState<PublishedPurpose[]>([]);
  const [items, setItems] = useState<ConsentEvent[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [moreFailed, setMoreFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');

  useEffect(() => {
    let live = true;
    Promise.all([readPurposes(language), readHistory(who)]).then(
      ([p, page]) => {
        if (!live) return;
        setPurposes(p);
        setItems(page.items);
        setNext(page.next);
        const latest = page.items[0];
        if (latest)
          setStatus(sayIn(WORDS, language)('latest', { time: dateAndTime(latest.recordedAt, language) }));
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [who, language]);

  const more = () => {
    if (!next || busy) return;
    setBusy(true);
    readHistory(who, next)
      .then(
        (page) => {
          setItems((old) => [...(old ?? []), ...page.items]);
          setNext(page.next);
          setMoreFailed(false);
          setStatus(say('moreShown', { count: String(page.items.length) }));
        },
        () => setMoreFailed(true),
      )
      .finally(() => setBusy(false));
  };

  const purposeOf = (id: string) => purposes.find((p) => p.id === id);
  return (
    <section aria-labelledby="history" className="history-view">
      <h2 id="history">{viewTitle('history', language)}</h2>
      <ErrorSummary
        title={say('errorSummary')}
        problems={moreFailed ? [{ control: 'history-more', message: say('moreFailed') }] : []}
      />
      <p aria-live="polite" role="status" className="view-status">
        {status}
      </p>
      <p>{say('intro')}</p>
      <p>
        <a className="button secondary" id="consent-receipt" href={receiptAddress(who)} download>
          {say('receipt')}
        </a>
      </p>
      <p className="hint">{say('receiptHint')}</p>
      {failed && (
        <p role="alert" className="failed">
          {say('failed')}
        </p>
      )}
      {items === undefined && !failed && <p>{say('loading')}</p>}
      {items?.length === 0 && <p>{say('none')}</p>}
      {items && items.length > 0 && (
        <ol className="history">
          {items.map((e) => {
            const p = purposeOf(e.purpose);
            const channel = p?.channels.find((c) => c.id === e.channel)?.name ?? e.channel;
            const version = e.noticeLanguage
              ? say('noticeVersionIn', {
                  version: e.noticeVersion,
                  language: languageName(e.noticeLanguage, language),
                })
              : say('noticeVersion', { version: e.noticeVersion });
            return (
              <li key={e.id} data-event={e.id}>
                <h3>{say('entry', { state: say(e.state), purpose: p?.description ?? e.purpose })}</h3>
                <dl>
                  <dt>{say('when')}</dt>
                  <dd>
                    <time dateTime={e.recordedAt}>{dateAndTime(e.recordedAt, language)}</time>
                  </dd>
                  {e.channel && (
                    <>
                      <dt>{say('channel')}</dt>
                      <dd>{channel}</dd>
                    </>
                  )}
                  <dt>{say('how')}</dt>
                  <dd>{howRecorded(e, notice, say)}</dd>
                  <dt>{say('notice')}</dt>
                  <dd>{version}</dd>
                </dl>
              </li>
            );
          })}
        </ol>
      )}
      {next && (
        <button
          type="button"
          id="history-more"
          className="button secondary"
          onClick={more}
          aria-busy={busy || undefined}
        >
          {say('showMore')}
        </button>
      )}
    </section>
  );
}
