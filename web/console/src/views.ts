// The console's screens, one registry for the navigation, the `?view=` routing and the role check.
// Each view is its own chunk, fetched when opened. A view is listed only for its roles; opened by
// address from another role, the shell says it is not for that role (and the API answers 403
// anyway: the server, not this list, is what enforces least privilege).
//
// To add a screen: put it in views/<area>/<Name>.tsx (area: dpo, marketer, agent), default-export
// a component taking ViewProps, keep its words next to it (<name>-words.ts, typed `Words<...>`),
// and add an entry below. Its title heads the screen (the shell renders it as the page's <h1> and
// moves the focus there): the view's own headings start at <h2>.
import type { ComponentType } from 'react';
import { withParam } from '../../src/i18n.ts';
import type { SignedIn, StaffRole } from './api.ts';
import { AGENT_VIEWS } from './views/agent/entries.ts';
import { MARKETER_VIEWS } from './views/marketer/entries.ts';
import type { Language, Words } from './words.ts';

/** What every view is given: who is signed in and the language the console shows. */
export type Session = Omit<SignedIn, 'csrfToken' | 'expiresAt' | 'languages'> & {
  /** Sent by the shared client with every change (api.ts); here for a view that posts a form itself. */
  csrfToken: string;
  /** When the session ends unless used again (ISO 8601). */
  expiresAt: string;
  /** The policy's languages, its first first (the names the API gives are in one of them). */
  policyLanguages: string[];
  /** The language the console shows: ask the API for names in it (`?language=`). */
  language: Language;
};

export type ViewProps = { session: Session };

export type ConsoleView = {
  id: string;
  roles: readonly StaffRole[];
  title: Words<string>;
  load: () => Promise<{ default: ComponentType<ViewProps> }>;
  /**
   * `false` for a screen of one thing (it needs an `id` in the address): opened from another
   * screen's links, never from the navigation, where it would open empty. Listed by default.
   */
  listed?: false;
};

const OVERVIEW: Words<string> = { en: 'Overview', fr: 'Vue d’ensemble', nl: 'Overzicht' };
const overview = () => import('./views/Overview.tsx');

/** In navigation order; a role's first view is where the console opens for it. */
export const VIEWS: readonly ConsoleView[] = [
  // One overview per role (who is signed in, until when, and the role's screens): its own id, so
  // an address names a screen of one role.
  { id: 'dpo-overview', roles: ['dpo'], title: OVERVIEW, load: overview },
  { id: 'marketer-overview', roles: ['marketer'], title: OVERVIEW, load: overview },
  { id: 'agent-overview', roles: ['agent'], title: OVERVIEW, load: overview },
  // The DPO's requests (issue 15, EN-11, EN-12): the queue, one request, and the intake.
  {
    id: 'dpo-requests',
    roles: ['dpo'],
    title: { en: 'Rights requests', fr: 'Demandes d’exercice des droits', nl: 'Verzoeken van betrokkenen' },
    load: () => import('./views/dpo/RequestsQueue.tsx'),
  },
  {
    id: 'dpo-intake',
    roles: ['dpo'],
    title: { en: 'Record a request', fr: 'Enregistrer une demande', nl: 'Een verzoek registreren' },
    load: () => import('./views/dpo/RequestIntake.tsx'),
  },
  {
    id: 'dpo-request',
    roles: ['dpo'],
    title: { en: 'A rights request', fr: 'Une demande', nl: 'Een verzoek' },
    load: () => import('./views/dpo/RequestPage.tsx'),
    // Opened from the queue's links (RequestsQueue.tsx requestHref), with the request's id.
    listed: false,
  },
  // Issue 16: the systems where an open request is not done yet (failed first), each to its request.
  {
    id: 'dpo-systems',
    roles: ['dpo'],
    title: { en: 'Systems pending', fr: 'Systèmes en attente', nl: 'Systemen in afwachting' },
    load: () => import('./views/dpo/PendingSystems.tsx'),
  },
  // The DPO's oversight (EN-10, BK-16): the audit trail, retention, legal holds, consent proof, the policy.
  {
    id: 'dpo-audit',
    roles: ['dpo'],
    title: { en: 'Audit trail', fr: 'Piste d’audit', nl: 'Auditspoor' },
    load: () => import('./views/dpo/Audit.tsx'),
  },
  {
    id: 'dpo-retention',
    roles: ['dpo'],
    title: { en: 'Retention', fr: 'Conservation', nl: 'Bewaring' },
    load: () => import('./views/dpo/Retention.tsx'),
  },
  {
    id: 'dpo-legal-holds',
    roles: ['dpo'],
    title: { en: 'Legal holds', fr: 'Gels juridiques', nl: 'Juridische blokkeringen' },
    load: () => import('./views/dpo/LegalHolds.tsx'),
  },
  {
    id: 'dpo-consent-proof',
    roles: ['dpo'],
    title: { en: 'Consent proof', fr: 'Preuve du consentement', nl: 'Bewijs van toestemming' },
    load: () => import('./views/dpo/ConsentProof.tsx'),
  },
  {
    id: 'dpo-policy',
    roles: ['dpo'],
    title: { en: 'Policy in force', fr: 'Politique en vigueur', nl: 'Geldend beleid' },
    load: () => import('./views/dpo/Policy.tsx'),
  },
  // The marketer's screens (BK-7, BK-13): campaigns, their preview and send; the month's report.
  ...MARKETER_VIEWS,
  // The agent's screens (BK-13): find a customer, their card, the check before a contact, its log.
  ...AGENT_VIEWS,
];

/** The views listed for `role`, in navigation order (it may open its unlisted ones too, by link). */
export const viewsOf = (role: StaffRole): ConsoleView[] =>
  VIEWS.filter((v) => v.roles.includes(role) && v.listed !== false);

export const VIEW_PARAM = 'view';

/** The address of a view, the language kept. */
export const viewHref = (id: string) => withParam(VIEW_PARAM, id);
