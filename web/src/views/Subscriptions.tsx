// "Your subscriptions" (BK-8, issue 14): each newsletter, alert or magazine the policy offers, in
// the person's language, whether they receive it and since when, and a switch to subscribe or
// unsubscribe. A subscription is kept apart from consent: this view never touches a consent, and
// says so. A change is sent at once with the CSRF token; the page says what was recorded and when.
import { useEffect, useState } from 'react';
import {
  changeSubscription,
  type PublishedSubscription,
  readPublishedSubscriptions,
  readSubscriptions,
} from '../api.ts';
import { ErrorSummary } from '../ErrorSummary.tsx';
import { clockTime, longDate, sayIn, type ViewWords } from '../i18n.ts';
import type { ViewProps } from '../Views.tsx';
import { viewTitle } from './titles.ts';

const EN = {
  apart:
    'A subscription is not consent to marketing, and consent to marketing is not a subscription: you change each on its own.',
  newsletter: 'Newsletter',
  alert: 'Alert',
  magazine: 'Magazine',
  since: 'You have been subscribed since {date}.',
  notSubscribed: 'You are not subscribed.',
  subscribed: 'Subscribed',
  subscribedAt: '{what}: subscription recorded at {time}.',
  unsubscribedAt: '{what}: unsubscription recorded at {time}.',
  already: '{what}: nothing to change, this was already recorded.',
  none: 'We offer no newsletter, alert or magazine at the moment.',
  errorSummary: 'There is a problem',
  notRecorded: 'Your change to “{what}” could not be saved. Please try again.',
  failed: 'Your subscriptions could not be loaded. Please try again later.',
  loading: 'Loading…',
};

const WORDS: ViewWords<typeof EN> = {
  en: EN,
  fr: {
    apart:
      'Un abonnement n’est pas un consentement au marketing, et un consentement au marketing n’est pas un abonnement : vous modifiez l’un sans l’autre.',
    newsletter: 'Lettre d’information',
    alert: 'Alerte',
    magazine: 'Magazine',
    since: 'Vous êtes abonné depuis le {date}.',
    notSubscribed: 'Vous n’êtes pas abonné.',
    subscribed: 'Abonné',
    subscribedAt: '{what} : abonnement enregistré à {time}.',
    unsubscribedAt: '{what} : désabonnement enregistré à {time}.',
    already: '{what} : rien à changer, c’était déjà enregistré.',
    none: 'Nous ne proposons aucune lettre d’information, alerte ou magazine pour le moment.',
    errorSummary: 'Il y a un problème',
    notRecorded: 'Votre changement pour « {what} » n’a pas pu être enregistré. Veuillez réessayer.',
    failed: 'Vos abonnements n’ont pas pu être chargés. Veuillez réessayer plus tard.',
    loading: 'Chargement…',
  },
  nl: {
    apart:
      'Een abonnement is geen toestemming voor marketing, en toestemming voor marketing is geen abonnement: u wijzigt het ene los van het andere.',
    newsletter: 'Nieuwsbrief',
    alert: 'Melding',
    magazine: 'Magazine',
    since: 'U bent geabonneerd sinds {date}.',
    notSubscribed: 'U bent niet geabonneerd.',
    subscribed: 'Geabonneerd',
    subscribedAt: '{what}: abonnement geregistreerd om {time}.',
    unsubscribedAt: '{what}: uitschrijving geregistreerd om {time}.',
    already: '{what}: niets te wijzigen, dit was al geregistreerd.',
    none: 'Wij bieden momenteel geen nieuwsbrief, melding of magazine aan.',
    errorSummary: 'Er is een probleem',
    notRecorded: 'Uw wijziging voor “{what}” kon niet worden bewaard. Probeer het opnieuw.',
    failed: 'Uw abonnementen konden niet worden geladen. Probeer het later opnieuw.',
    loading: 'Laden…',
  },
  de: {
    apart:
      'Ein Abonnement ist keine Einwilligung in Werbung, und eine Einwilligung in Werbung ist kein Abonnement: Sie ändern das eine unabhängig vom anderen.',
    newsletter: 'Newsletter',
    alert: 'Benachrichtigung',
    magazine: 'Magazin',
    since: 'Sie sind seit dem {date} abonniert.',
    notSubscribed: 'Sie sind nicht abonniert.',
    subscribed: 'Abonniert',
    subscribedAt: '{what}: Abonnement um {time} gespeichert.',
    unsubscribedAt: '{what}: Abmeldung um {time} gespeichert.',
    already: '{what}: nichts zu ändern, dies war bereits gespeichert.',
    none: 'Wir bieten derzeit keinen Newsletter, keine Benachrichtigung und kein Magazin an.',
    errorSummary: 'Es gibt ein Problem',
    notRecorded: 'Ihre Änderung für „{what}“ konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.',
    failed: 'Ihre Abonnements konnten nicht geladen werden. Bitte versuchen Sie es später erneut.',
    loading: 'Wird geladen…',
  },
};

const controlOf = (topic: string) => `subscription-${topic}`;

export function Subscriptions({ who, language }: ViewProps) {
  const say = sayIn(WORDS, language);
  const [offered, setOffered] = useState<PublishedSubscription[] | undefined>();
  // Topic -> since, for what the person is subscribed to.
  const [since, setSince] = useState<Readonly<Record<string, string>>>({});
  const [failed, setFailed] = useState(false);
  const [status, setStatus] = useState('');
  const [failures, setFailures] = useState<PublishedSubscription[]>([]);
  const [pending, setPending] = useState<Readonly<Record<string, boolean>>>({});

  useEffect(() => {
    let live = true;
    Promise.all([readPublishedSubscriptions(language), readSubscriptions(who)]).then(
      ([o, s]) => {
        if (!live) return;
        setOffered(o);
        setSince(Object.fromEntries(s.map((x) => [x.topic, x.since])));
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [who, language]);

  const change = (s: PublishedSubscription, subscribe: boolean) => {
    setPending((p) => ({ ...p, [s.id]: subscribe }));
    setStatus('');
    changeSubscription(who, s.id, subscribe ? 'subscribe' : 'unsubscribe')
      .then(
        (answer) => {
          setSince(Object.fromEntries(answer.items.map((x) => [x.topic, x.since])));
          setFailures((f) => f.filter((x) => x.id !== s.id));
          const what = s.description;
          setStatus(
            answer.changed && answer.recordedAt
              ? say(subscribe ? 'subscribedAt' : 'unsubscribedAt', {
                  what,
                  time: clockTime(answer.recordedAt, language),
                })
              : say('already', { what }),
          );
        },
        () => setFailures((f) => [...f.filter((x) => x.id !== s.id), s]),
      )
      .finally(() =>
        setPending((p) => {
          const { [s.id]: _, ...rest } = p;
          return rest;
        }),
      );
  };

  return (
    <section aria-labelledby="subscriptions" className="choices">
      <h2 id="subscriptions">{viewTitle('subscriptions', language)}</h2>
      <p>{say('apart')}</p>
      <ErrorSummary
        title={say('errorSummary')}
        problems={failures.map((f) => ({
          control: controlOf(f.id),
          message: say('notRecorded', { what: f.description }),
        }))}
      />
      <p aria-live="polite" role="status" className="choice-status">
        {status}
      </p>
      {failed && (
        <p role="alert" className="failed">
          {say('failed')}
        </p>
      )}
      {offered === undefined && !failed && <p>{say('loading')}</p>}
      {offered?.length === 0 && <p>{say('none')}</p>}
      {offered?.map((s) => {
        const control = controlOf(s.id);
        const from = since[s.id];
        const checked = pending[s.id] ?? from !== undefined;
        return (
          <article key={s.id} className="purpose" aria-labelledby={`${control}-name`}>
            <h3 id={`${control}-name`}>{s.description}</h3>
            <p className="kind">{say(s.kind)}</p>
            <p>{from ? say('since', { date: longDate(from, language) }) : say('notSubscribed')}</p>
            <div className="switch">
              <input
                type="checkbox"
                role="switch"
                id={control}
                checked={checked}
                aria-checked={checked}
                aria-labelledby={`${control}-name ${control}-label`}
                aria-invalid={failures.some((f) => f.id === s.id) || undefined}
                aria-busy={s.id in pending || undefined}
                onChange={(e) => {
                  // One change at a time per switch: the next waits for the answer to the last.
                  if (!(s.id in pending)) change(s, e.target.checked);
                }}
              />
              <label htmlFor={control} id={`${control}-label`}>
                {say('subscribed')}
              </label>
            </div>
          </article>
        );
      })}
    </section>
  );
}
