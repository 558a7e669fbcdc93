// The console: the sign-in form until a session is open, then the shell of the signed-in role.
// A session that ends (an answer 401: idle, signed out elsewhere, key revoked) brings the form
// back with a message; so does signing out.
import { useCallback, useEffect, useState } from 'react';
import { LanguagePicker } from '../../src/LanguagePicker.tsx';
import { onSessionEnded, readSignedIn, type SignedIn, signOut } from './api.ts';
import { Shell } from './Shell.tsx';
import { SignIn } from './SignIn.tsx';
import { LANGUAGES, type Language, SHELL_WORDS, sayIn, startingLanguage } from './words.ts';

/** Why the sign-in form shows: a message for a session that ended or was signed out. */
export type SignedOutReason = 'ended' | 'signedOut' | null;

export function App() {
  const [language, setLanguage] = useState<Language>(startingLanguage);
  // undefined while asking the server whether a session is live.
  const [who, setWho] = useState<SignedIn | null | undefined>(undefined);
  const [reason, setReason] = useState<SignedOutReason>(null);
  const say = sayIn(SHELL_WORDS, language);

  useEffect(() => {
    readSignedIn().then(setWho, () => setWho(null));
    return onSessionEnded(() => {
      setWho((was) => {
        if (was) setReason('ended');
        return null;
      });
    });
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const leave = useCallback(() => {
    signOut().then(
      () => {
        setWho(null);
        setReason('signedOut');
      },
      () => setWho(null),
    );
  }, []);

  return (
    <>
      <a className="skip" href="#main">
        {say('skip')}
      </a>
      <header className="top">
        <div className="wrap top-row">
          <span className="brand">{say('console')}</span>
          <LanguagePicker
            languages={LANGUAGES}
            current={language}
            label={say('languages')}
            onChoose={setLanguage}
          />
        </div>
      </header>
      {who === undefined && (
        <main id="main" tabIndex={-1} className="wrap">
          <p aria-live="polite">{say('loading')}</p>
        </main>
      )}
      {who === null && (
        <SignIn
          language={language}
          reason={reason}
          onSignedIn={(w) => {
            setReason(null);
            setWho(w);
          }}
        />
      )}
      {who && <Shell who={who} language={language} onSignOut={leave} onRefresh={(w) => w && setWho(w)} />}
    </>
  );
}
