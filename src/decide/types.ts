import type { Lifecycle } from '../policy/schema.ts';
import type { ReasonCode } from './reasons.ts';

/** The states a consent can be recorded in (the ledger's `state`). */
export const CONSENT_STATES = ['given', 'refused', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];
/**
 * How a consent record answers once the policy's changes are taken into account: `outdated` is a
 * `given` record made under an earlier policy whose change since renews its purpose (issue 17,
 * src/policy/diff.ts): it no longer counts until the person gives it again (Art. 7(1), 13(3)).
 */
export type EffectiveConsent = ConsentState | 'outdated';

/**
 * A span of time (ms since the epoch, `from` null: from the start) whose `given` records of a
 * purpose are outdated: the policy then in force differs from the current one in a way that
 * renews the purpose's consent (src/policy-versions/model.ts works them out at start-up).
 */
export type OutdatedWindow = { from: number | null; to: number };
export type ObjectionKind = 'direct-marketing' | 'profiling' | 'legitimate-interest';

/** When an objection or a restriction was last lifted: permission was interrupted until then. */
export type Lift =
  | { what: 'objection'; kind: ObjectionKind; purpose: string | null; at: string | Date }
  | { what: 'restriction'; purpose: string | null; at: string | Date };

/** Everything decide() needs to know about one person: the projections, read in one go. */
export type SubjectState = {
  lifecycle: Lifecycle;
  /** 'self', or the partner controller we process this subject's data for (EN-2). */
  controller: string;
  contractEndedOn: string | null;
  lastContactAt: string | Date | null;
  /**
   * When the person entered each lifecycle from another (EN-3, src/decide/lifecycle.ts): became
   * a customer, came back as one, left. What happened before a purpose's lifecycles were entered
   * is not covered by it.
   */
  customerFrom?: string | Date | null;
  returnedAt?: string | Date | null;
  leftAt?: string | Date | null;
  /**
   * The current consent records, keyed by purpose (a record for every channel) or
   * `purpose:channel` (a channel's own record, which wins for that channel). A purpose-wide
   * record made by the person replaces the channel records before it (src/decide/consent.ts).
   */
  consents: Readonly<Record<string, ConsentState>>;
  /** For each `given` entry of `consents` (same keys): since when it has held without a break. */
  consentSince?: Readonly<Record<string, string | Date>>;
  /**
   * For each entry of `consents` (same keys): when the record that answers was made. Read against
   * the policy's outdated windows (compile.ts); a key without it is never outdated.
   */
  consentRecordedAt?: Readonly<Record<string, string | Date>>;
  /** Active objections; `purpose` null means every purpose of that kind. */
  objections: readonly { kind: ObjectionKind; purpose: string | null }[];
  /** Active restrictions (Art. 18); `purpose` null means all processing. */
  restrictions: readonly { purpose: string | null }[];
  /** The last commercial contact, for the former-customer frequency rule. */
  lastCommercialContactAt?: string | Date | null;
  /** The newsletters, alerts and magazines the person subscribed to (BK-8). */
  subscriptions?: readonly string[];
  /**
   * When each event the policy names under `retentionEvents` (an account closed, the last login)
   * last happened for the person, keyed by event id: the start of the retention clocks that count
   * from it (src/retention/events.ts). An event not reported has not happened.
   */
  retentionEvents?: Readonly<Record<string, string | Date>>;
  /**
   * The last lift of each objection and restriction, read only when data is judged at the time
   * it came into being (`DecisionRequest.occurredAt`); absent otherwise.
   */
  lifted?: readonly Lift[];
};

export type DecisionAction = 'process' | 'contact' | 'keep' | 'disclose';

export type DecisionRequest = {
  purpose: string;
  /**
   * process (default): use the data; contact: send a message on a channel; keep: store it;
   * disclose: hand fields of it to a recipient.
   */
  action?: DecisionAction;
  /** The channel: for contact, where the message goes; for any action, whose consent applies. */
  channel?: string;
  sender?: string;
  domain?: string;
  /** The person is logged in right now (banner, in-app). */
  identifiedSession?: boolean;
  /** For contact: the policy's message class; an objection to marketing spares non-commercial ones. */
  messageClass?: string;
  /** For contact with a class that rests on a subscription (BK-8): which one. */
  subscription?: string;
  /** For disclose: the policy's recipient and the fields it would receive. */
  recipient?: string;
  fields?: readonly string[];
  /**
   * When the data came into being (a behaviour event, BK-1, BK-16): permission must have held
   * then and without a break since (no later consent, no objection or restriction lifted since).
   */
  occurredAt?: string | Date;
};

export type Decision = { allow: boolean; reasons: ReasonCode[] };
