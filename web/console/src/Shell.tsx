// The signed-in console: who is signed in and the sign-out button, the navigation of the role's
// screens, and the screen the address names (`?view=`). Moving to a screen (or signing in) puts the
// focus on its heading; a screen of another role, or none, is said so instead of being shown.
import { type ComponentType, lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { readSignedIn, type SignedIn } from './api.ts';
import {
  type ConsoleView,
  type Session,
  VIEW_PARAM,
  VIEWS,
  type ViewProps,
  viewHref,
  viewsOf,
} from './views.ts';
import { type Language, SHELL_WORDS, sayIn } from './words.ts';

type Props = {
  who: SignedIn;
  language: Language;
  onSignOut: () => void;
  /** Told who is signed in after each move: the session's new expiry, or (401) that it ended. */
  onRefresh: (who: SignedIn | null) => void;
};

// One lazy component per view, made once: React keeps a view's state across renders.
const BODIES = new Map<string, ComponentType<ViewProps>>(VIEWS.map((v) => [v.id, lazy(v.load)]));

function viewInAddress(): string {
  return new URLSearchParams(window.location.search).get(VIEW_PARAM) ?? '';
}

export function Shell({ who, language, onSignOut, onRefresh }: Props) {
  const say = sayIn(SHELL_WORDS, language);
  const [current, setCurrent] = useState(viewInAddress);
  const heading = useRef<HTMLHeadingElement>(null);
  // Signing in is a move too: the heading of the first screen takes the focus.
  const moved = useRef(true);
  const offered = viewsOf(who.role);
  const first = offered[0] as ConsoleView;
  const asked = current === '' ? first : VIEWS.find((v) => v.id === current);
  const allowed = asked?.roles.includes(who.role) === true;

  const session: Session = useMemo(
    () => ({
      role: who.role,
      actor: who.actor,
      displayName: who.displayName,
      csrfToken: who.csrfToken ?? '',
      expiresAt: who.expiresAt ?? '',
      policyLanguages: who.languages,
      language,
    }),
    [who, language],
  );

  useEffect(() => {
    const back = () => {
      moved.current = true;
      setCurrent(viewInAddress());
    };
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);

  const title = allowed ? asked.title[language] : say(asked ? 'notForRole' : 'noSuchView');
  useEffect(() => {
    document.title = `${title} – ${say('console')}`;
    if (moved.current) {
      heading.current?.focus();
      moved.current = false;
    }
  }, [title, say]);

  const open = (id: string) => {
    window.history.pushState(null, '', viewHref(id));
    moved.current = true;
    setCurrent(id);
    // Each move asks the server: the session's expiry moves on, or the console learns it ended
    // (api.ts sends it back to the sign-in form) even on a screen that calls nothing itself.
    readSignedIn().then(onRefresh, () => {});
  };

  const Body = allowed ? BODIES.get(asked.id) : undefined;
  return (
    <>
      {/* A landmark of its own: every piece of the page sits in one (axe `region`). */}
      <section className="wrap session-bar" aria-label={say('sessionBar')}>
        <p>{say('signedInAs', { name: who.displayName, role: say(`role_${who.role}`) })}</p>
        <form
          id="sign-out"
          onSubmit={(e) => {
            e.preventDefault();
            onSignOut();
          }}
        >
          <button type="submit" className="secondary">
            {say('signOut')}
          </button>
        </form>
      </section>
      <div className="wrap layout">
        <nav aria-label={say('viewsNav')} className="views">
          <ul>
            {offered.map((v) => (
              <li key={v.id}>
                <a
                  href={viewHref(v.id)}
                  data-view={v.id}
                  aria-current={allowed && v.id === asked.id ? 'page' : undefined}
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    open(v.id);
                  }}
                >
                  {v.title[language]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {Body ? (
            <Suspense key={asked?.id} fallback={<p aria-live="polite">{say('loading')}</p>}>
              <Body session={session} />
            </Suspense>
          ) : (
            <div role="alert" className="refused" id="refused">
              <p>
                {asked
                  ? say('notForRoleText', {
                      view: asked.title[language],
                      roles: asked.roles.map((r) => say(`role_${r}`)).join(', '),
                      role: say(`role_${who.role}`),
                    })
                  : say('noSuchViewText')}
              </p>
              <p>
                <a
                  href={viewHref(first.id)}
                  onClick={(e) => {
                    e.preventDefault();
                    open(first.id);
                  }}
                >
                  {say('backToStart', { view: first.title[language] })}
                </a>
              </p>
            </div>
          )}
        </main>
      </div>
    </>
  );
}
