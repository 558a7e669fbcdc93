// The privacy page. Without a session it shows what the notice publishes for everyone: who the
// controller is, its DPO and privacy contact, how to complain, the notice version in force
// (EN-1, EN-14), and that the person opens their own page from their online space.
import { useEffect, useState } from 'react';
import { About } from './About.tsx';
import { type ControllerNotice, readControllerNotice, readSignedIn, type SignedIn, signOut } from './api.ts';
import { noticeDate, wordsFor } from './i18n.ts';
import { LANGUAGE_PARAM, LanguagePicker } from './LanguagePicker.tsx';
import { Views } from './Views.tsx';

function askedLanguage(): string | undefined {
  const asked = new URLSearchParams(window.location.search).get(LANGUAGE_PARAM);
  return asked && /^[a-z]{2}$/.test(asked) ? asked : undefined;
}

type State = { kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; notice: ControllerNotice };

export function App() {
  const [asked, setAsked] = useState(askedLanguage);
  const [state, setState] = useState<State>({ kind: 'loading' });
  // The person the session cookie is for; null signed out; undefined while asking.
  const [who, setWho] = useState<SignedIn | null | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    readSignedIn().then(setWho, () => setWho(null));
  }, []);

  // Issue 17: read again when a choice found the notice no longer in force.
  const [noticeReads, setNoticeReads] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again when the notice changed (noticeReads)
  useEffect(() => {
    let live = true;
    readControllerNotice(asked).then(
      (notice) => live && setState({ kind: 'ready', notice }),
      // A notice already shown stays when reading it again fails: the page, and the alert saying
      // why a choice was not saved, must not vanish with it.
      () => live && setState((s) => (s.kind === 'ready' ? s : { kind: 'failed' })),
    );
    return () => {
      live = false;
    };
  }, [asked, noticeReads]);

  const notice = state.kind === 'ready' ? state.notice : undefined;
  const words = wordsFor(
    notice?.language ?? asked ?? navigator.language.slice(0, 2),
    notice?.languages ?? [],
  );
  const { say } = words;

  useEffect(() => {
    document.documentElement.lang = words.language;
    // Signed in, each view names itself (Views.tsx).
    if (!who)
      document.title = notice ? say('heading', { controller: notice.controller.name }) : say('loading');
  }, [words.language, notice, say, who]);

  return (
    <>
      <a className="skip" href="#main">
        {say('skip')}
      </a>
      <header className="top">
        <div className="wrap top-row">
          <span className="brand">{notice?.controller.name ?? '\u00a0'}</span>
          {notice && notice.languages.length > 1 && (
            <LanguagePicker
              languages={notice.languages}
              current={words.language}
              label={say('languages')}
              onChoose={setAsked}
            />
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="wrap">
        {who && (
          <form
            id="sign-out"
            className="session"
            onSubmit={(e) => {
              e.preventDefault();
              signOut(who).then(
                () => {
                  setWho(null);
                  setSignedOut(true);
                },
                () => setWho(null),
              );
            }}
          >
            <p>{who.givenName ? say('signedIn', { name: who.givenName }) : say('signedInNoName')}</p>
            <button type="submit">{say('signOut')}</button>
          </form>
        )}
        {signedOut && (
          <p role="status" className="session">
            {say('signedOut')}
          </p>
        )}
        {state.kind === 'loading' && <p aria-live="polite">{say('loading')}</p>}
        {state.kind === 'failed' && (
          <div role="alert" className="failed">
            {say('failed')}
          </div>
        )}
        {notice && <h1>{say('heading', { controller: notice.controller.name })}</h1>}
        {notice && !who && (
          <>
            <section aria-labelledby="own-page" className="panel">
              <h2 id="own-page">{say('ownPageHeading')}</h2>
              <p>{say('ownPage', { controller: notice.controller.name })}</p>
            </section>
            <About notice={notice} say={say} />
          </>
        )}
        {notice && who && (
          <Views
            who={who}
            notice={notice}
            language={notice.language}
            say={say}
            noticeChanged={() => setNoticeReads((n) => n + 1)}
          />
        )}
      </main>
      {notice && (
        <footer className="wrap foot">
          <p>
            {say('notice', {
              title: notice.notice.title,
              version: notice.notice.version,
              date: noticeDate(notice.notice.effectiveFrom, words.language),
            })}{' '}
            {/* Issue 17: the notice itself, generated from the same policy, in the page's language. */}
            <a href={`/notice?lang=${notice.language}`} hrefLang={notice.language}>
              {say('readNotice')}
            </a>
          </p>
        </footer>
      )}
    </>
  );
}
