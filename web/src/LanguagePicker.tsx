// The language picker of both pages' top bars (the privacy page's and the console's): the
// language shown is said, not linked; each other one is a link to the same address in it, so it
// works without script too. Followed here, it changes `?language=` in place (no reload, no new
// history entry) and tells the page, which shows itself in that language.
import { LANGUAGE_NAMES, withParam } from './i18n.ts';

/** The address parameter that names the language a page is shown in. */
export const LANGUAGE_PARAM = 'language';

type Props<L extends string> = {
  languages: readonly L[];
  /** The language the page is shown in. */
  current: string;
  /** The navigation's accessible name, in the page's language. */
  label: string;
  onChoose: (language: L) => void;
};

export function LanguagePicker<L extends string>({ languages, current, label, onChoose }: Props<L>) {
  const choose = (language: L) => {
    const url = new URL(window.location.href);
    url.searchParams.set(LANGUAGE_PARAM, language);
    window.history.replaceState(null, '', url);
    onChoose(language);
  };
  return (
    <nav aria-label={label}>
      <ul className="languages">
        {languages.map((l) => (
          <li key={l}>
            {l === current ? (
              <span aria-current="true" lang={l} className="current">
                {LANGUAGE_NAMES[l] ?? l}
              </span>
            ) : (
              <a
                href={withParam(LANGUAGE_PARAM, l)}
                lang={l}
                hrefLang={l}
                onClick={(e) => {
                  e.preventDefault();
                  choose(l);
                }}
              >
                {LANGUAGE_NAMES[l] ?? l}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
