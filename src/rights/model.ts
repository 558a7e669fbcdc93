// Data-subject requests (EN-11..EN-14, BK-16): deadlines, the one extension, the states a
// request moves through, and identity verification against the record. Pure: no I/O.
import { addDuration } from '../policy/duration.ts';
import { channelNeedsProof, rightsDeadline, rightsExtension } from '../policy/rights-defaults.ts';
import type { Policy, RIGHTS, Rights } from '../policy/schema.ts';
import { type Identity, sameMailbox } from '../subjects/model.ts';
import { sameName } from './names.ts';

export type RightKind = (typeof RIGHTS)[number];

/** The rights whose answer is a file delivered to the person (Art. 15(3), Art. 20). */
export const DELIVERED_KINDS = ['access', 'portability'] as const satisfies readonly RightKind[];
export type DeliveredKind = (typeof DELIVERED_KINDS)[number];
export const isDeliveredKind = (kind: string): kind is DeliveredKind =>
  (DELIVERED_KINDS as readonly string[]).includes(kind);

export const REQUEST_STATUSES = [
  'received',
  'verified',
  'paused',
  'completed',
  'rejected',
  'routed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * Where a request may go from each state; closed states go nowhere. A paused request goes back
 * to where it was (`resumedStatus`) or is rejected (the person never sent what was asked).
 */
const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['verified', 'rejected', 'paused'],
  verified: ['completed', 'rejected', 'paused'],
  paused: ['received', 'verified', 'rejected'],
  completed: [],
  rejected: [],
  routed: [],
};

export function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return NEXT[from].includes(to);
}

export const isClosed = (s: RequestStatus) => NEXT[s].length === 0;

export type RequestTimes = {
  receivedAt: Date;
  dueAt: Date;
  extendedAt: Date | null;
  closedAt: Date | null;
};

function rightsOf(policy: Policy): Rights {
  return policy.rights;
}

/** Due one deadline after receipt, on the calendar: 31 January + P1M is the last day of February. */
export function dueDate(policy: Policy, receivedAt: Date): Date {
  return addDuration(receivedAt, rightsDeadline(rightsOf(policy)));
}

/**
 * The one extension the GDPR allows (Art. 12(3)): by the policy's extension, or the
 * Regulation's two months where it states none, counted from the original due date. Returns the problem, or the new due date.
 */
export function extension(
  policy: Policy,
  r: RequestTimes & { status: RequestStatus },
  now: Date,
): { dueAt: Date } | { problem: string } {
  const ext = rightsExtension(rightsOf(policy));
  if (isClosed(r.status)) return { problem: `the request is already ${r.status}` };
  // Its deadline moves when it resumes: extending first would count from a date about to change.
  if (r.status === 'paused') return { problem: 'the request is paused: resume it first' };
  if (r.extendedAt) return { problem: 'the request was already extended once' };
  // The subject must be told within the first deadline: an overdue request cannot be extended.
  if (now.getTime() > r.dueAt.getTime()) return { problem: 'the request is already overdue' };
  return { dueAt: addDuration(r.dueAt, ext) };
}

export type Urgency = 'overdue' | 'due-soon' | 'on-time' | 'paused' | 'closed';
export const URGENCIES = ['overdue', 'due-soon', 'on-time', 'paused', 'closed'] as const;

/**
 * The queue's groups. A paused request's clock is stopped (`pause`), so it is in none of the
 * running groups until it resumes; a closed one is in none either.
 */
export function urgency(r: RequestTimes & { status: RequestStatus }, now: Date, soonWithin: string): Urgency {
  if (isClosed(r.status)) return 'closed';
  if (r.status === 'paused') return 'paused';
  if (r.dueAt.getTime() < now.getTime()) return 'overdue';
  return r.dueAt.getTime() <= addDuration(now, soonWithin).getTime() ? 'due-soon' : 'on-time';
}

/**
 * Due-date bounds of a queue filter: open (or closed) requests, paused or running ones, and
 * `dueFrom <= due < dueBefore`, `due <= dueUntil`, `due > dueAfter`.
 */
export type DueWindow = {
  open: boolean;
  closed?: boolean;
  paused?: boolean;
  dueFrom?: Date;
  dueBefore?: Date;
  dueUntil?: Date;
  dueAfter?: Date;
};

/** What the queue may be filtered by: a group of `urgency`, every open request, or all of them. */
export type UrgencyFilter = Urgency | 'open' | 'all';

/** The bounds SQL filters by, the same as `urgency` says of each request. */
export function dueWindow(filter: UrgencyFilter | undefined, now: Date, soonWithin: string): DueWindow {
  const soon = addDuration(now, soonWithin);
  switch (filter) {
    case 'overdue':
      return { open: true, paused: false, dueBefore: now };
    case 'due-soon':
      return { open: true, paused: false, dueFrom: now, dueUntil: soon };
    case 'on-time':
      return { open: true, paused: false, dueAfter: soon };
    case 'paused':
      return { open: true, paused: true };
    case 'closed':
      return { open: false, closed: true };
    case 'open':
      return { open: true };
    default:
      return { open: false };
  }
}

/**
 * Why a request waits for the person, its clock stopped (Art. 12(6) and Recital 64: the
 * controller may ask for what it needs to confirm the identity; Recital 63: it may ask the person
 * to say which information or processing an access request is about). The EDPB's Guidelines
 * 01/2022 on the right of access (version 2.0, 28 March 2023, the section on timing) read the
 * month as running from when the controller has the information it asked for: Garde keeps the
 * month and moves the deadline by exactly the time the request was paused.
 */
export const PAUSE_REASONS = ['identity-proof', 'clarification'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** Whether the request may be paused now: open, running, and not yet late (a late answer stays late). */
export function pausable(r: RequestTimes & { status: RequestStatus }, now: Date): string | null {
  if (!canMove(r.status, 'paused')) return `the request is ${r.status}`;
  if (now.getTime() > r.dueAt.getTime()) return 'the request is already overdue';
  return null;
}

/**
 * The deadline after a pause: moved by the time paused, to the millisecond (Art. 12(6), see
 * PAUSE_REASONS). `pausedAt` and `now` are instants; the result is the new due instant.
 */
export function dueAfterPause(dueAt: Date, pausedAt: Date, now: Date): Date {
  return new Date(dueAt.getTime() + Math.max(0, now.getTime() - pausedAt.getTime()));
}

/** Where a resumed request goes back to: verified if its identity was, else received. */
export function resumedStatus(verification: Verification | null): 'verified' | 'received' {
  return verification?.outcome === 'verified' ? 'verified' : 'received';
}

/** Whether the channel needs a proof of identity (letters, e-mails); a portal login is one (rights-defaults.ts). */
export function needsProof(policy: Policy, channel: string): boolean {
  return channelNeedsProof(rightsOf(policy).channels.find((c) => c.id === channel));
}

/**
 * What an operator reads off an ID document. Only the fields the check needs are compared; the
 * rest (document number, photo, address...) is dropped here and never stored (EN-12).
 */
export type IdentityProof = {
  documentType: 'id-card' | 'passport' | 'driving-licence' | 'residence-permit';
  givenName: string;
  familyName: string;
  birthDate: string;
  expiresOn?: string;
  /** A request by e-mail: the address it came from, compared with the record's (any case). */
  fromEmail?: string;
  [unneeded: string]: unknown;
};

export type Verification = {
  method: 'portal-login' | 'id-document';
  outcome: 'verified' | 'failed';
  documentType?: IdentityProof['documentType'];
  /** The fields compared and whether each matched: no values. */
  compared: Record<string, boolean>;
  /** The fields the proof carried that were redacted, by name only. */
  redacted: string[];
  at: string;
};

const NEEDED = ['givenName', 'familyName', 'birthDate'] as const;

export function verifyProof(identity: Identity, proof: IdentityProof, now: Date): Verification {
  const compared: Record<string, boolean> = {
    givenName: !!identity.givenName && sameName(identity.givenName, proof.givenName),
    familyName: !!identity.familyName && sameName(identity.familyName, proof.familyName),
    birthDate: !!identity.birthDate && identity.birthDate === proof.birthDate,
  };
  if (proof.expiresOn !== undefined)
    compared.documentValid = proof.expiresOn >= now.toISOString().slice(0, 10);
  // One mailbox, one person: the sender's address in any case is the record's address.
  if (proof.fromEmail !== undefined)
    compared.fromEmail = !!identity.email && sameMailbox(identity.email, proof.fromEmail);
  const redacted = Object.keys(proof).filter(
    (k) =>
      k !== 'documentType' &&
      k !== 'expiresOn' &&
      k !== 'fromEmail' &&
      !(NEEDED as readonly string[]).includes(k),
  );
  return {
    method: 'id-document',
    outcome: Object.values(compared).every(Boolean) ? 'verified' : 'failed',
    documentType: proof.documentType,
    compared,
    redacted: redacted.sort(),
    at: now.toISOString(),
  };
}

export function portalVerification(now: Date): Verification {
  return { method: 'portal-login', outcome: 'verified', compared: {}, redacted: [], at: now.toISOString() };
}
