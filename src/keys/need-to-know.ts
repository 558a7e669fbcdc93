// Need to know (BK-13, EN-8, Art. 5(1)(c) and 25): which kinds of personal data each role may
// see, in one place. Routes that return a kind whole declare it (`reveals`) and the route x
// role test holds their roles to this table; routes that serve several roles (offers) shape
// their answer with mayKnow(). Pure.
import type { Role } from './model.ts';

export const DATA_KINDS = [
  /** Name, contact details, birth date, address: who the person is. */
  'identity',
  /** Raw behaviour: the events tracked on the websites (BK-1..BK-3). */
  'behaviour',
  /** What models derived: interests, propensity scores and the reasons behind them (BK-4). */
  'profiling',
  /** The proof of consent: user agent, network, history (BK-16). */
  'consent-proof',
] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/**
 * The person sees all of their own data (their key reaches only them); the DPO and the admin
 * answer for all of it. Branch and contact-center agents see themes, offers and what they need
 * to serve the person, never behaviour or what models inferred (BK-13). Marketers work on
 * audiences, not on persons' profiles. A processor sees only what its policy entry grants,
 * through its own routes (EN-8). The host (the company's site) only opens privacy pages: nothing.
 */
export const NEED_TO_KNOW: Record<Role, readonly DataKind[]> = {
  customer: DATA_KINDS,
  dpo: DATA_KINDS,
  admin: DATA_KINDS,
  agent: ['identity'],
  marketer: [],
  processor: [],
  host: [],
};

export function mayKnow(role: Role, kind: DataKind): boolean {
  return NEED_TO_KNOW[role].includes(kind);
}

/** Who reads an answer: the caller's role and its audit actor (`key:<id>`). */
export type Reader = { role: Role; actor: string };

/**
 * Who acted, as `reader` may know it. Staff know each other's keys (the audit trail names them);
 * the person sees their own key, and "controller" for anyone who acted for the company: a
 * member of staff's key or a system's is the company's business, not the customer's.
 */
export function actorSeenBy(reader: Reader, actor: string): string {
  return reader.role === 'customer' && actor !== reader.actor ? 'controller' : actor;
}
