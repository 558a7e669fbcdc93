// Where the console opens for every role: who is signed in, as what, until when if idle, under
// which name the audit trail records their actions, and the screens of their role.
import { type ViewProps, viewHref, viewsOf } from '../views.ts';
import { dateAndTime, SHELL_WORDS, sayIn } from '../words.ts';
import { OVERVIEW_WORDS } from './overview-words.ts';

export default function Overview({ session }: ViewProps) {
  const say = sayIn(OVERVIEW_WORDS, session.language);
  const shell = sayIn(SHELL_WORDS, session.language);
  const screens = viewsOf(session.role).filter((v) => !v.id.endsWith('-overview'));
  return (
    <>
      <section aria-labelledby="who" className="panel">
        <h2 id="who">{say('whoHeading')}</h2>
        <dl className="facts">
          <dt>{say('name')}</dt>
          <dd>{session.displayName}</dd>
          <dt>{say('role')}</dt>
          <dd>{shell(`role_${session.role}`)}</dd>
          <dt>{say('actor')}</dt>
          <dd>
            <code>{session.actor}</code>
          </dd>
          <dt>{say('expires')}</dt>
          <dd>
            <time dateTime={session.expiresAt}>{dateAndTime(session.expiresAt, session.language)}</time>
          </dd>
        </dl>
        <p className="hint">{say('expiresHint')}</p>
      </section>
      <section aria-labelledby="screens" className="panel">
        <h2 id="screens">{say('screensHeading')}</h2>
        {screens.length === 0 ? (
          <p>{say('noScreens')}</p>
        ) : (
          <ul className="screens">
            {screens.map((v) => (
              <li key={v.id}>
                <a href={viewHref(v.id)}>{v.title[session.language]}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
