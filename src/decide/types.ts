import type { Lifecycle } from '../policy/schema.ts';
import type { ReasonCode } from './reasons.ts';

export type ConsentState = 'given' | 'refused' | 'withdrawn';
export type ObjectionKind = 'direct-marketing' | 'profiling' | 'legitimate-interest';

/** Everything decide() needs to know about one person: the projections, read in one go. */
export type SubjectState = {
  lifecycle: Lifecycle;
  /** 'self', or the partner controller we process this subject's data for (EN-2). */
  controller: string;
  contractEndedOn: string | null;
  lastContactAt: string | Date | null;
  /** Keyed by purpose, or `purpose:channel` for per-channel consent. */
  consents: Readonly<Record<string, ConsentState>>;
  /** Active objections; `purpose` null means every purpose of that kind. */
  objections: readonly { kind: ObjectionKind; purpose: string | null }[];
  /** Active restrictions (Art. 18); `purpose` null means all processing. */
  restrictions: readonly { purpose: string | null }[];
  /** The last commercial contact, for the former-customer frequency rule. */
  lastCommercialContactAt?: string | Date | null;
};

export type DecisionAction = 'process' | 'contact' | 'keep' | 'disclose';

export type DecisionRequest = {
  purpose: string;
  /**
   * process (default): use the data; contact: send a message on a channel; keep: store it;
   * disclose: hand fields of it to a recipient.
   */
  action?: DecisionAction;
  channel?: string;
  sender?: string;
  domain?: string;
  /** The person is logged in right now (banner, in-app). */
  identifiedSession?: boolean;
  /** For contact: the policy's message class; an objection to marketing spares non-commercial ones. */
  messageClass?: string;
  /** For disclose: the policy's recipient and the fields it would receive. */
  recipient?: string;
  fields?: readonly string[];
};

export type Decision = { allow: boolean; reasons: ReasonCode[] };
