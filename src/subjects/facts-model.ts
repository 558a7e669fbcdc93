// Lifecycle facts from the controller's systems (issue 16, EN-3, EN-10, BK-4): the contract's
// start and end, the last contact, the products held. They arrive pushed through the API or read
// from a dataset (src/datasets/facts-sync.ts); both go through these rules. Pure.
import type { Lifecycle } from '../policy/schema.ts';
import type { Subject, SubjectChange } from './model.ts';

/** A product or account the person holds: `product` is one of the policy's products. */
export type HoldingFact = { product: string; account: string; since: string };

/**
 * What a system knows of one person. An absent key says nothing (Garde keeps what it has);
 * `holdings` is the whole set the person holds (those not listed are no longer held).
 */
export type Facts = {
  lifecycle?: Lifecycle;
  customerSince?: string | null;
  contractEndedOn?: string | null;
  /** An ISO 8601 instant. */
  lastContactAt?: string | null;
  holdings?: readonly HoldingFact[];
};

export type FactsBefore = Pick<Subject, 'lifecycle' | 'customerSince' | 'contractEndedOn' | 'lastContactAt'>;

/**
 * EN-3: the lifecycle the facts describe, when they do not state one. A contract end on or before
 * `today` makes a customer former (their former-customer window runs from it, EN-10); a contract
 * that has not ended (null, or a day to come) makes a prospect or a former customer a customer;
 * a start of relationship alone makes a prospect a customer. Otherwise the lifecycle stays.
 */
export function lifecycleOf(before: Lifecycle, f: Facts, today: string): Lifecycle {
  if (f.lifecycle) return f.lifecycle;
  if (f.contractEndedOn !== undefined) {
    if (f.contractEndedOn !== null && f.contractEndedOn <= today) return 'former';
    return 'customer';
  }
  if (f.customerSince && before === 'prospect') return 'customer';
  return before;
}

const sameInstant = (a: string | Date | null, b: string | null) =>
  a === null || b === null ? a === b : new Date(a).getTime() === new Date(b).getTime();

/**
 * The subject fields the facts change, compared with what Garde holds: empty when the facts are
 * what Garde already knows (a repeated push or sync changes nothing). The lifecycle rules
 * (checkSubject, lifecycleEffects) are applied by the caller to the result.
 */
export function factChange(before: FactsBefore, f: Facts, today: string): SubjectChange {
  const change: SubjectChange = {};
  const lifecycle = lifecycleOf(before.lifecycle, f, today);
  if (lifecycle !== before.lifecycle) change.lifecycle = lifecycle;
  if (f.customerSince !== undefined && f.customerSince !== before.customerSince)
    change.customerSince = f.customerSince;
  if (f.contractEndedOn !== undefined && f.contractEndedOn !== before.contractEndedOn)
    change.contractEndedOn = f.contractEndedOn;
  if (f.lastContactAt !== undefined && !sameInstant(before.lastContactAt, f.lastContactAt))
    change.lastContactAt = f.lastContactAt === null ? null : new Date(f.lastContactAt).toISOString();
  return change;
}

/** Why a fact's value cannot be taken, as `[field path, reason]`, or null. Values are never quoted. */
export function factProblem(
  f: Facts,
  products: ReadonlySet<string>,
  today: string,
  now: Date,
): [string, string] | null {
  if (f.lastContactAt && new Date(f.lastContactAt).getTime() > now.getTime())
    return ['lastContactAt', 'is in the future: report a contact once it happened'];
  const seen = new Set<string>();
  for (const [i, h] of (f.holdings ?? []).entries()) {
    if (!products.has(h.product))
      return [
        `holdings/${i}/product`,
        `is not a product of the policy (${[...products].join(', ') || 'it declares none'})`,
      ];
    if (h.since > today) return [`holdings/${i}/since`, 'is in the future'];
    const key = JSON.stringify([h.product, h.account]);
    if (seen.has(key)) return [`holdings/${i}/account`, 'is listed twice for this product'];
    seen.add(key);
  }
  return null;
}

export type HeldRow = { product: string; account: string; since: string };

/** What turns `held` into `wanted`: holdings to write (new, or held since another day), and to remove. */
export function holdingsDiff(
  held: readonly HeldRow[],
  wanted: readonly HoldingFact[],
): { write: HoldingFact[]; remove: HeldRow[] } {
  const key = (h: { product: string; account: string }) => JSON.stringify([h.product, h.account]);
  const now = new Map(held.map((h) => [key(h), h]));
  const next = new Set(wanted.map(key));
  return {
    write: wanted.filter((w) => now.get(key(w))?.since !== w.since),
    remove: held.filter((h) => !next.has(key(h))),
  };
}
