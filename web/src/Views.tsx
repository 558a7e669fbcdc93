// The signed-in page is a set of views, one task each (GOV.UK: one thing per page), named in a
// navigation list. The view is in the address (`?view=`), so a reload, the back button and a
// bookmark keep it; moving to another view puts the focus on its heading.
import { type ComponentType, lazy, Suspense, useEffect, useRef, useState } from 'react';
import { About } from './About.tsx';
import type { ControllerNotice, SignedIn } from './api.ts';
import { Choices } from './Choices.tsx';
import { type Say, withParam } from './i18n.ts';
import { viewTitle } from './views/titles.ts';

// Every view but the first is its own chunk, fetched when opened: the first load stays small
// (issue 14: under 100 kB of JavaScript, gzipped), however many views the page grows.
const History = lazy(() => import('./views/History.tsx').then((m) => ({ default: m.History })));
const Objections = lazy(() => import('./views/Objections.tsx').then((m) => ({ default: m.Objections })));
const Interests = lazy(() => import('./views/Interests.tsx').then((m) => ({ default: m.Interests })));
const Messages = lazy(() => import('./views/Messages.tsx').then((m) => ({ default: m.Messages })));
const Subscriptions = lazy(() =>
  import('./views/Subscriptions.tsx').then((m) => ({ default: m.Subscriptions })),
);
const Themes = lazy(() => import('./views/Themes.tsx').then((m) => ({ default: m.Themes })));
const Requests = lazy(() => import('./views/Requests.tsx').then((m) => ({ default: m.Requests })));

/**
 * What every view is given: the person, the language the page shows, and its notice;
 * `noticeChanged` reads the notice again (issue 17: a choice found it no longer in force).
 */
export type ViewProps = {
  who: SignedIn;
  language: string;
  notice: ControllerNotice;
  say: Say;
  noticeChanged?: () => void;
};

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
  { id: 'history', title: (_, language) => viewTitle('history', language), Body: History },
  { id: 'objections', title: (_, language) => viewTitle('objections', language), Body: Objections },
  // BK-4: interests are derived from tracked behaviour; a policy that tracks nothing has none.
  {
    id: 'interests',
    title: (_, language) => viewTitle('interests', language),
    Body: Interests,
    feature: 'tracking',
  },
  {
    id: 'messages',
    title: (_, language) => viewTitle('messages', language),
    Body: Messages,
    feature: 'communications',
  },
  {
    id: 'subscriptions',
    title: (_, language) => viewTitle('subscriptions', language),
    Body: Subscriptions,
    feature: 'subscriptions',
  },
  { id: 'themes', title: (_, language) => viewTitle('themes', language), Body: Themes, feature: 'themes' },
  { id: 'requests', title: (_, language) => viewTitle('requests', language), Body: Requests },
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
    const box = body.current;
    if (!moved.current || !box) return;
    // A view fetched on demand shows its heading once its chunk arrives: focus it then.
    const focusHeading = () => {
      const heading = box.querySelector('h2');
      if (!heading) return false;
      heading.setAttribute('tabindex', '-1');
      heading.focus();
      moved.current = false;
      return true;
    };
    if (focusHeading()) return;
    const watch = new MutationObserver(() => focusHeading() && watch.disconnect());
    watch.observe(box, { childList: true, subtree: true });
    return () => watch.disconnect();
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
        <Suspense fallback={<p aria-live="polite">{say('loading')}</p>}>
          <view.Body {...props} />
        </Suspense>
      </div>
    </>
  );
}
