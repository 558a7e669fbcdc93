// Subjects and their lifecycle (EN-3): prospect -> customer -> former, and back to customer.
// Pure: the rules a change must satisfy, independent of storage.
import type { Lifecycle } from '../policy/schema.ts';

export type Identity = {
  givenName?: string | null;
  familyName?: string | null;
  birthDate?: string | null;
  email?: string | null;
  phone?: string | null;
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  language?: string | null;
};

export type Subject = {
  id: string;
  externalRef: string | null;
  lifecycle: Lifecycle;
  controller: string;
  customerSince: string | null;
  contractEndedOn: string | null;
  lastContactAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  identity: Identity & { hasIdCardNumber: boolean };
};

/** The fields a create or update may set. `idCardNumber` is sealed before storage. */
export type SubjectChange = {
  externalRef?: string | null;
  lifecycle?: Lifecycle;
  controller?: string;
  customerSince?: string | null;
  contractEndedOn?: string | null;
  lastContactAt?: string | null;
  identity?: Identity & { idCardNumber?: string | null };
};

export type SubjectFacts = Pick<Subject, 'lifecycle' | 'customerSince' | 'contractEndedOn'> & {
  birthDate: string | null;
};

const ALLOWED: Record<Lifecycle, readonly Lifecycle[]> = {
  prospect: ['prospect', 'customer'],
  customer: ['customer', 'former'],
  former: ['former', 'customer'],
};

/** Returns the rule a change breaks, in words fit for an API answer, or null. */
export function checkSubject(
  before: SubjectFacts | null,
  after: SubjectFacts,
  controllers: readonly string[],
  controller: string,
  today: string,
): string | null {
  if (before && !ALLOWED[before.lifecycle].includes(after.lifecycle)) {
    return `lifecycle cannot go from ${before.lifecycle} to ${after.lifecycle}`;
  }
  if (after.lifecycle === 'former' && !after.contractEndedOn)
    return 'a former customer needs contractEndedOn';
  if (after.lifecycle === 'prospect' && after.customerSince) return 'a prospect has no customerSince';
  // A returning customer's last contract ended before this relationship began: only the end of
  // the relationship being described is compared with its start.
  if (
    after.lifecycle === 'former' &&
    after.customerSince &&
    after.contractEndedOn &&
    after.contractEndedOn < after.customerSince
  ) {
    return 'contractEndedOn is before customerSince';
  }
  if (after.birthDate && after.birthDate > today) return 'birthDate is in the future';
  if (after.customerSince && after.customerSince > today) return 'customerSince is in the future';
  if (after.lifecycle === 'former' && after.contractEndedOn && after.contractEndedOn > today)
    return "contractEndedOn is in the future: a former customer's contract has ended";
  if (!controllers.includes(controller)) return `unknown controller "${controller}"`;
  return null;
}

/** What a lifecycle change sets besides itself: see `lifecycleEffects`. */
export type LifecycleEffects = {
  customerSince?: string;
  contractEndedOn?: null;
  /** When the person became a customer, from a prospect (or as of customerSince on create). */
  customerFrom?: Date | null;
  /** When a former customer last came back. */
  returnedAt?: Date;
  /** When a customer last left. */
  leftAt?: Date;
};

const midnight = (day: string) => new Date(`${day}T00:00:00.000Z`);
const dayAfter = (day: string) => new Date(midnight(day).getTime() + 86_400_000);

/**
 * EN-3, BK-1: the instants a lifecycle change records besides itself, so that behaviour is
 * judged by the lifecycle the person had when it happened: a purpose covers what happened since
 * the person last entered its lifecycles from outside them (decide/lifecycle.ts).
 * - prospect -> customer: `customerFrom` is this instant, whatever day `customerSince` states
 *   (what they did before, as a prospect, stays a prospect's); customerSince defaults to today;
 * - former -> customer: `returnedAt` is this instant; the ended contract no longer describes the
 *   relationship (contractEndedOn cleared, so a later departure states its own end);
 * - customer -> former: `leftAt` is this instant;
 * - on create, Garde learns a past it did not see: a customer or former customer is one from the
 *   start of the day `customerSince` states (from now, without one), a former one left at the end
 *   of `contractEndedOn`.
 * Rewriting `customerSince` later changes no instant. `before` is null on create. Pure.
 */
export function lifecycleEffects(
  before: Lifecycle | null,
  change: Pick<SubjectChange, 'lifecycle' | 'customerSince' | 'contractEndedOn'>,
  now: Date,
): LifecycleEffects {
  const after = change.lifecycle ?? before;
  if (before === null) {
    // Without a stated day, Garde knows of the relationship from now: it covers nothing before.
    return {
      ...(after !== 'prospect'
        ? { customerFrom: change.customerSince ? midnight(change.customerSince) : now }
        : {}),
      ...(after === 'former' && change.contractEndedOn ? { leftAt: dayAfter(change.contractEndedOn) } : {}),
    };
  }
  if (after === before) return {};
  if (after === 'customer' && before === 'prospect')
    return {
      customerFrom: now,
      ...(change.customerSince ? {} : { customerSince: now.toISOString().slice(0, 10) }),
    };
  if (after === 'customer' && before === 'former')
    return { returnedAt: now, ...(change.contractEndedOn === undefined ? { contractEndedOn: null } : {}) };
  if (after === 'former') return { leftAt: now };
  return {};
}

/** The fields a change really modifies, for the audit digest (values are digested, never logged). */
export function changedFields(change: SubjectChange): string[] {
  const top = Object.keys(change).filter(
    (k) => k !== 'identity' && change[k as keyof SubjectChange] !== undefined,
  );
  const identity = Object.keys(change.identity ?? {}).map((k) => `identity.${k}`);
  return [...top, ...identity].sort();
}

/**
 * One mailbox, one person: e-mail addresses are the same mailbox whatever their case (the SQL
 * side compares lower(email)).
 */
export function sameMailbox(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** What an If-Match header asks for: any current version (`*`), or one of these. */
export type IfMatch = 'any' | readonly number[];

const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e]*)"$/;

/**
 * If-Match (RFC 9110 §13.1.1): `*` matches the subject as it is; otherwise the versions its
 * strong entity tags name (`"3", "4"`). A weak tag (`W/"3"`) never matches, as the strong
 * comparison If-Match requires; a tag Garde never issued matches nothing. A bare number (`3`)
 * is read as `"3"`, as clients that drop the quotes mean it.
 */
export function ifMatchVersions(header: string): IfMatch {
  const value = header.trim();
  if (value === '*') return 'any';
  if (/^[0-9]{1,9}$/.test(value)) return [Number(value)];
  const versions: number[] = [];
  for (const part of value.split(',')) {
    const tag = ENTITY_TAG.exec(part.trim());
    if (!tag || tag[1] || !/^[0-9]{1,9}$/.test(tag[2] as string)) continue;
    versions.push(Number(tag[2]));
  }
  return versions;
}
