// The signed-in page is a set of views, one task each (GOV.UK: one thing per page), named in a
// navigation list. The view is in the address (`?view=`), so a reload, the back button and a
// bookmark keep it; moving to another view puts the focus on its heading.
import { type ComponentType, useEffect, useRef, useState } from 'react';
import { About } from './About.tsx';
import type { ControllerNotice, SignedIn } from './api.ts';
import { Choices } from './Choices.tsx';
import { type Say, withParam } from './i18n.ts';
import { History, historyTitle } from './views/History.tsx';
import { Interests, interestsTitle } from './views/Interests.tsx';
import { Messages, messagesTitle } from './views/Messages.tsx';
import { Objections, objectionsTitle } from './views/Objections.tsx';
import { Requests } from './views/Requests.tsx';
import { requestsTitle } from './views/requests-words.ts';
import { Subscriptions, subscriptionsTitle } from './views/Subscriptions.tsx';
import { Themes, themesTitle } from './views/Themes.tsx';

/** What every view is given: the person, the language the page shows, and its notice. */
export type ViewProps = { who: SignedIn; language: string; notice: ControllerNotice; say: Say };

type View = {
  id: string;
  title: (say: Say, language: string) => string;
  Body: ComponentType<ViewProps>;
  /** Shown only when the policy declares this feature (GET /v1/policy/controller `features`). */
  feature?: ControllerNotice['features'][number];
};

/** The views in the order the navigation lists them; the first is where the page opens. */
const VIEWS: readonly View[] = [
  { id: 'choices', title: (say) => say('choicesHeading'), Body: Choices },
  { id: 'history', title: (_, language) => historyTitle(language), Body: History },
  { id: 'objections', title: (_, language) => objectionsTitle(language), Body: Objections },
  // BK-4: interests are derived from tracked behaviour; a policy that tracks nothing has none.
  { id: 'interests', title: (_, language) => interestsTitle(language), Body: Interests, feature: 'tracking' },
  {
    id: 'messages',
    title: (_, language) => messagesTitle(language),
    Body: Messages,
    feature: 'communications',
  },
  {
    id: 'subscriptions',
    title: (_, language) => subscriptionsTitle(language),
    Body: Subscriptions,
    feature: 'subscriptions',
  },
  { id: 'themes', title: (_, language) => themesTitle(language), Body: Themes, feature: 'themes' },
  { id: 'requests', title: (_say, language) => requestsTitle(language), Body: Requests },
  {
    id: 'about',
    title: (say) => say('aboutHeading'),
    Body: ({ notice, say }) => (
      <>
        <h2>{say('aboutHeading')}</h2>
        <About notice={notice} say={say} level={3} />
      </>
    ),
  },
];

const VIEW_PARAM = 'view';

/** The views this policy has: a view for a feature the policy does not declare is not offered. */
const viewsFor = (notice: ControllerNotice) =>
  VIEWS.filter((v) => v.feature === undefined || notice.features.includes(v.feature));

function viewInAddress(): string {
  return new URLSearchParams(window.location.search).get(VIEW_PARAM) ?? '';
}

export function Views(props: ViewProps) {
  const { say, language } = props;
  const [current, setCurrent] = useState(viewInAddress);
  const moved = useRef(false);
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const back = () => {
      moved.current = true;
      setCurrent(viewInAddress());
    };
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);

  useEffect(() => {
    if (!moved.current) return;
    const heading = body.current?.querySelector('h2');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  });

  const open = (id: string) => {
    window.history.pushState(null, '', withParam(VIEW_PARAM, id));
    moved.current = true;
    setCurrent(id);
  };

  const offered = viewsFor(props.notice);
  const view = offered.find((v) => v.id === current) ?? (offered[0] as View);
  const title = view.title(say, language);
  useEffect(() => {
    document.title = `${title} – ${say('heading', { controller: props.notice.controller.name })}`;
  }, [title, say, props.notice.controller.name]);
  return (
    <>
      <nav aria-label={say('viewsNav')} className="views">
        <ul>
          {offered.map((v) => (
            <li key={v.id}>
              <a
                href={withParam(VIEW_PARAM, v.id)}
                aria-current={v.id === view.id ? 'page' : undefined}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  open(v.id);
                }}
              >
                {v.title(say, language)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div ref={body} key={view.id}>
        <view.Body {...props} />
      </div>
    </>
  );
}
