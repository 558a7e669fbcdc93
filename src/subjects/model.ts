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
  if (!controllers.includes(controller)) return `unknown controller "${controller}"`;
  return null;
}

/** What a lifecycle change sets besides itself: see `lifecycleEffects`. */
export type LifecycleEffects = {
  customerSince?: string;
  contractEndedOn?: null;
  /** The instant from which the current customer relationship covers behaviour. */
  customerFrom?: Date | null;
};

/**
 * EN-3, BK-1: what a change of lifecycle sets besides itself, so that behaviour is judged by
 * the lifecycle the person had when it happened (a purpose for customers never covers what a
 * prospect or a former customer did):
 * - becoming a customer again or for the first time, without a stated `customerSince`: the
 *   relationship begins now (customerSince today, customerFrom this instant), and a former
 *   customer's ended contract no longer describes it (contractEndedOn cleared; a later departure
 *   states its own end);
 * - a stated `customerSince` covers from the start of that day (UTC), null from nothing known.
 * `before` is null on create. Pure.
 */
export function lifecycleEffects(
  before: Lifecycle | null,
  change: Pick<SubjectChange, 'lifecycle' | 'customerSince' | 'contractEndedOn'>,
  now: Date,
): LifecycleEffects {
  if (change.customerSince !== undefined) {
    const returning = before === 'former' && change.lifecycle === 'customer';
    return {
      customerFrom: change.customerSince === null ? null : new Date(`${change.customerSince}T00:00:00.000Z`),
      ...(returning && change.contractEndedOn === undefined ? { contractEndedOn: null } : {}),
    };
  }
  if (before === null || before === 'customer' || change.lifecycle !== 'customer') return {};
  return {
    customerSince: now.toISOString().slice(0, 10),
    customerFrom: now,
    ...(before === 'former' && change.contractEndedOn === undefined ? { contractEndedOn: null } : {}),
  };
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
