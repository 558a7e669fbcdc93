// The sign-in form (GOV.UK patterns): a visible label and hint, an error summary at the top that
// links to the field, the field's own error message. The key is exchanged for a cookie session and
// dropped from the page's state at once, whatever the answer.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ErrorSummary, type Problem } from '../../src/ErrorSummary.tsx';
import type { SignedOutReason } from './App.tsx';
import { readSignInOptions, type SignedIn, type SignInOptions, signInWithKey } from './api.ts';
import { type Language, SHELL_WORDS, sayIn } from './words.ts';

type Props = { language: Language; reason: SignedOutReason; onSignedIn: (who: SignedIn) => void };

const MESSAGE = {
  invalid: 'keyInvalid',
  role: 'keyRole',
  tooMany: 'tooMany',
  failed: 'signInFailed',
} as const;

export function SignIn({ language, reason, onSignedIn }: Props) {
  const say = sayIn(SHELL_WORDS, language);
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [problem, setProblem] = useState<keyof typeof MESSAGE | 'missing' | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    readSignInOptions().then(setOptions, () => setOptions({ key: true, oidc: null }));
  }, []);
  useEffect(() => {
    document.title = `${say('signInHeading')} – ${say('console')}`;
  }, [say]);
  // Back from a session: the message is what the person hears first.
  useEffect(() => {
    if (reason) heading.current?.focus();
  }, [reason]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const field = e.currentTarget.elements.namedItem('key') as HTMLInputElement;
    const key = field.value.trim();
    field.value = '';
    if (!key) return setProblem('missing');
    setBusy(true);
    const answer = await signInWithKey(key).catch(() => 'failed' as const);
    setBusy(false);
    if (typeof answer === 'string') return setProblem(answer);
    onSignedIn(answer);
  };

  const message = problem === 'missing' ? say('keyMissing') : problem ? say(MESSAGE[problem]) : null;
  const problems: Problem[] = message ? [{ control: 'key', message }] : [];
  return (
    <main id="main" tabIndex={-1} className="wrap narrow">
      <ErrorSummary title={say('errorSummary')} problems={problems} />
      {reason && (
        <p role="status" className="notice">
          {say(reason === 'ended' ? 'sessionEnded' : 'signedOut')}
        </p>
      )}
      <h1 ref={heading} tabIndex={-1}>
        {say('signInHeading')}
      </h1>
      <p>{say('signInIntro')}</p>
      <form id="sign-in" onSubmit={submit} noValidate>
        <div className={message ? 'field field-error' : 'field'}>
          <label htmlFor="key">{say('keyLabel')}</label>
          <p id="key-hint" className="hint">
            {say('keyHint')}
          </p>
          {message && (
            <p id="key-error" className="error-message">
              {message}
            </p>
          )}
          <input
            id="key"
            name="key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={message ? 'key-hint key-error' : 'key-hint'}
            aria-invalid={message ? true : undefined}
          />
        </div>
        <button type="submit" disabled={busy}>
          {say('signIn')}
        </button>
      </form>
      {options?.oidc && (
        <>
          <p className="or">{say('or')}</p>
          <a className="button secondary" href="/console/oidc/start" id="oidc">
            {say('signInWith', { provider: options.oidc.name })}
          </a>
        </>
      )}
    </main>
  );
}
