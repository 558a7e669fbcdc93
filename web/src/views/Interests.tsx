// "Your interests" (BK-4, issue 14): the interests Garde derived about the person, each with
// why in the API's plain words (which behaviour, how often, when) and the purpose they are
// derived under; a button deletes one (gone now, never derived again), and one objection stops
// profiling altogether (Art. 21(2)), which deletes them all. The full objections view is another's.
import { useEffect, useRef, useState } from 'react';
import {
  changeObjection,
  deleteInterest,
  type InterestsAnswer,
  type Limits,
  readInterests,
  readLimits,
} from '../api.ts';
import { ErrorSummary, type Problem } from '../ErrorSummary.tsx';
import { clockTime, dateAndTime, sayIn, type ViewWords } from '../i18n.ts';
import type { ViewProps } from '../Views.tsx';
import { viewTitle } from './titles.ts';

const EN = {
  intro:
    'We derive these interests from what you did on our websites after signing in. Each one says which behaviour it comes from and when. Delete any you do not want us to use: it will not be derived again.',
  model: 'They are derived for this purpose: {purpose}.',
  none: 'We hold no interest about you.',
  why: 'Why we think so',
  updated: 'Last worked out on {time}.',
  remove: 'Delete “{topic}”',
  removed: 'The interest “{topic}” was deleted at {time}. It is gone and will not be derived again.',
  notRemoved: 'The interest “{topic}” could not be deleted. Please try again.',
  objectHeading: 'Stop profiling altogether',
  objectText:
    'You may object to profiling at any time. We then stop deriving interests about you and delete those we hold; what we propose to you is no longer based on them.',
  object: 'I object to profiling',
  objected: 'Your objection to profiling was recorded at {time}. Profiling is stopped.',
  stopped: 'You objected to profiling: profiling is stopped. We derive no interest about you and hold none.',
  notObjected: 'Your objection could not be recorded. Please try again.',
  failed: 'Your interests could not be loaded. Please try again later.',
  problem: 'There is a problem',
  loading: 'Loading…',
};

const WORDS: ViewWords<typeof EN> = {
  en: EN,
  fr: {
    intro:
      'Nous déduisons ces centres d’intérêt de ce que vous avez fait sur nos sites après vous être identifié(e). Chacun indique de quel comportement il vient et quand. Supprimez ceux que vous ne voulez pas que nous utilisions : ils ne seront plus déduits.',
    model: 'Ils sont déduits pour cette finalité : {purpose}.',
    none: 'Nous ne détenons aucun centre d’intérêt à votre sujet.',
    why: 'Pourquoi nous le pensons',
    updated: 'Dernier calcul le {time}.',
    remove: 'Supprimer « {topic} »',
    removed:
      'Le centre d’intérêt « {topic} » a été supprimé à {time}. Il n’existe plus et ne sera plus déduit.',
    notRemoved: 'Le centre d’intérêt « {topic} » n’a pas pu être supprimé. Veuillez réessayer.',
    objectHeading: 'Arrêter tout profilage',
    objectText:
      'Vous pouvez vous opposer au profilage à tout moment. Nous cessons alors de déduire des centres d’intérêt à votre sujet et supprimons ceux que nous détenons ; ce que nous vous proposons ne s’appuie plus sur eux.',
    object: 'Je m’oppose au profilage',
    objected: 'Votre opposition au profilage a été enregistrée à {time}. Le profilage est arrêté.',
    stopped:
      'Vous vous êtes opposé(e) au profilage : le profilage est arrêté. Nous ne déduisons ni ne détenons aucun centre d’intérêt à votre sujet.',
    notObjected: 'Votre opposition n’a pas pu être enregistrée. Veuillez réessayer.',
    failed: 'Vos centres d’intérêt n’ont pas pu être chargés. Veuillez réessayer plus tard.',
    problem: 'Il y a un problème',
    loading: 'Chargement…',
  },
  nl: {
    intro:
      'Wij leiden deze interesses af uit wat u na het aanmelden op onze websites deed. Bij elke interesse staat uit welk gedrag ze komt en wanneer. Verwijder wat u niet wilt dat wij gebruiken: het wordt niet opnieuw afgeleid.',
    model: 'Ze worden afgeleid voor dit doel: {purpose}.',
    none: 'Wij hebben geen interesses over u.',
    why: 'Waarom wij dat denken',
    updated: 'Laatst berekend op {time}.',
    remove: '“{topic}” verwijderen',
    removed: 'De interesse “{topic}” is verwijderd om {time}. Ze is weg en wordt niet opnieuw afgeleid.',
    notRemoved: 'De interesse “{topic}” kon niet worden verwijderd. Probeer het opnieuw.',
    objectHeading: 'Profilering helemaal stoppen',
    objectText:
      'U kunt altijd bezwaar maken tegen profilering. Wij leiden dan geen interesses meer over u af en verwijderen die wij hebben; wat wij u voorstellen, steunt er niet langer op.',
    object: 'Ik maak bezwaar tegen profilering',
    objected: 'Uw bezwaar tegen profilering is geregistreerd om {time}. De profilering is gestopt.',
    stopped:
      'U hebt bezwaar gemaakt tegen profilering: de profilering is gestopt. Wij leiden geen interesses over u af en hebben er geen.',
    notObjected: 'Uw bezwaar kon niet worden geregistreerd. Probeer het opnieuw.',
    failed: 'Uw interesses konden niet worden geladen. Probeer het later opnieuw.',
    problem: 'Er is een probleem',
    loading: 'Laden…',
  },
  de: {
    intro:
      'Wir leiten diese Interessen aus dem ab, was Sie nach der Anmeldung auf unseren Websites getan haben. Bei jedem steht, aus welchem Verhalten es stammt und wann. Löschen Sie, was wir nicht nutzen sollen: Es wird nicht erneut abgeleitet.',
    model: 'Sie werden für diesen Zweck abgeleitet: {purpose}.',
    none: 'Wir haben keine Interessen über Sie gespeichert.',
    why: 'Warum wir das annehmen',
    updated: 'Zuletzt berechnet am {time}.',
    remove: '„{topic}“ löschen',
    removed: 'Das Interesse „{topic}“ wurde um {time} gelöscht. Es ist weg und wird nicht erneut abgeleitet.',
    notRemoved: 'Das Interesse „{topic}“ konnte nicht gelöscht werden. Bitte versuchen Sie es erneut.',
    objectHeading: 'Profiling ganz beenden',
    objectText:
      'Sie können dem Profiling jederzeit widersprechen. Wir leiten dann keine Interessen mehr über Sie ab und löschen die vorhandenen; was wir Ihnen vorschlagen, beruht nicht mehr darauf.',
    object: 'Ich widerspreche dem Profiling',
    objected: 'Ihr Widerspruch gegen das Profiling wurde um {time} erfasst. Das Profiling ist beendet.',
    stopped:
      'Sie haben dem Profiling widersprochen: Das Profiling ist beendet. Wir leiten keine Interessen über Sie ab und speichern keine.',
    notObjected: 'Ihr Widerspruch konnte nicht erfasst werden. Bitte versuchen Sie es erneut.',
    failed: 'Ihre Interessen konnten nicht geladen werden. Bitte versuchen Sie es später erneut.',
    problem: 'Es ist ein Problem aufgetreten',
    loading: 'Wird geladen…',
  },
};

const OBJECT_CONTROL = 'object-profiling';
const removeControl = (topic: string) => `remove-${topic}`;

/** Objected to profiling: to all of it, or to the purpose the interests are derived under. */
function objectsToProfiling(limits: Limits, purpose: string | undefined): boolean {
  return limits.objections.some(
    (o) => o.kind === 'profiling' && (o.purpose === null || o.purpose === purpose),
  );
}

export function Interests({ who, language }: ViewProps) {
  const say = sayIn(WORDS, language);
  const [answer, setAnswer] = useState<InterestsAnswer | undefined>();
  const [objected, setObjected] = useState(false);
  const [failed, setFailed] = useState(false);
  const [status, setStatus] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  // After a deletion its button is gone: the focus goes to the next one, else to the objection.
  const refocus = useRef<number | null>(null);
  useEffect(() => {
    if (refocus.current === null || !answer) return;
    const buttons = list.current?.querySelectorAll('button') ?? [];
    const next = buttons[Math.min(refocus.current, buttons.length - 1)] as HTMLButtonElement | undefined;
    refocus.current = null;
    (next ?? document.getElementById(OBJECT_CONTROL))?.focus();
  }, [answer]);

  useEffect(() => {
    let live = true;
    Promise.all([readInterests(who, language), readLimits(who)]).then(
      ([a, l]) => {
        if (!live) return;
        setAnswer(a);
        setObjected(objectsToProfiling(l, a.purpose?.id));
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [who, language]);

  const remove = (topic: string, index: number) => {
    const control = removeControl(topic);
    setBusy(true);
    setStatus('');
    deleteInterest(who, topic)
      .then(
        () => {
          setAnswer((a) => a && { ...a, items: a.items.filter((i) => i.topic !== topic) });
          setProblems((p) => p.filter((x) => x.control !== control));
          setStatus(say('removed', { topic, time: clockTime(new Date().toISOString(), language) }));
          refocus.current = index;
        },
        () =>
          setProblems((p) => [
            ...p.filter((x) => x.control !== control),
            { control, message: say('notRemoved', { topic }) },
          ]),
      )
      .finally(() => setBusy(false));
  };

  const object = () => {
    setBusy(true);
    setStatus('');
    changeObjection(who, { kind: 'profiling', action: 'raise' })
      .then(
        (answer) => {
          const recordedAt = 'done' in answer ? answer.done.recordedAt : null;
          setObjected(true);
          // The objection deletes every interest (Art. 21(3)): the list says so by being empty.
          setAnswer((a) => a && { ...a, items: [] });
          setProblems((p) => p.filter((x) => x.control !== OBJECT_CONTROL));
          setStatus(say('objected', { time: clockTime(recordedAt ?? new Date().toISOString(), language) }));
        },
        () =>
          setProblems((p) => [
            ...p.filter((x) => x.control !== OBJECT_CONTROL),
            { control: OBJECT_CONTROL, message: say('notObjected') },
          ]),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="interests" className="interests">
      <h2 id="interests">{viewTitle('interests', language)}</h2>
      <ErrorSummary title={say('problem')} problems={problems} />
      <p aria-live="polite" role="status" className="choice-status">
        {status}
      </p>
      {failed && (
        <p role="alert" className="failed">
          {say('failed')}
        </p>
      )}
      {answer === undefined && !failed && <p>{say('loading')}</p>}
      {answer && (
        <>
          <p>{say('intro')}</p>
          {answer.purpose && <p>{say('model', { purpose: answer.purpose.description })}</p>}
          {objected && <p className="stopped">{say('stopped')}</p>}
          {answer.items.length === 0 && !objected && <p>{say('none')}</p>}
          {answer.items.length > 0 && (
            <ul className="interest-list" ref={list}>
              {answer.items.map((i, index) => (
                <li key={i.topic} className="interest">
                  <h3 id={`interest-${i.topic}`}>{i.topic}</h3>
                  <p className="why-label" id={`why-${i.topic}`}>
                    {say('why')}
                  </p>
                  <ul aria-labelledby={`why-${i.topic}`}>
                    {i.why.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                  <p>{say('updated', { time: dateAndTime(i.scoredAt, language) })}</p>
                  <button
                    type="button"
                    id={removeControl(i.topic)}
                    className="action"
                    aria-disabled={busy || undefined}
                    onClick={() => !busy && remove(i.topic, index)}
                  >
                    {say('remove', { topic: i.topic })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {!objected && (
            <div className="object">
              <h3 id="object-heading">{say('objectHeading')}</h3>
              <p id="object-text">{say('objectText')}</p>
              <button
                type="button"
                id={OBJECT_CONTROL}
                className="action"
                aria-describedby="object-text"
                aria-disabled={busy || undefined}
                onClick={() => !busy && object()}
              >
                {say('object')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
