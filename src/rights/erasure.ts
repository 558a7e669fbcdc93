// Erasure (Art. 17, EN-11, EN-13): what goes, what stays and why. Pure: the plan is computed
// from the policy, the subject, the categories held and the legal holds; erasure-store.ts
// carries it out in one transaction.
import { addDuration, toDate } from '../policy/duration.ts';
import type { Lifecycle, Policy } from '../policy/schema.ts';
import type { StoreSummary } from './data.ts';

export type Hold = { category: string | null; reason: string; until: string | null };

export type Kept = {
  category: string;
  /** 'legal-obligation' (a policy rule), 'legal-hold' (a hold row) or 'proof' (pseudonymised). */
  basis: 'legal-obligation' | 'legal-hold' | 'proof';
  reason: string;
  rule?: string;
  /** The day it will be deleted; null when it depends on an event still to come. */
  until: string | null;
};

export type ErasurePlan = {
  /** The contract cannot continue (EN-13): erasure ends it today. */
  endsContract: boolean;
  kept: Kept[];
  erased: string[];
  /** Stores emptied (deleted) and pseudonymised. */
  stores: { deleted: string[]; pseudonymised: string[] };
  /** The subject row itself goes when nothing is kept. */
  deleteSubject: boolean;
  /** Recipients to notify, with the categories they received. */
  notify: { recipient: string; categories: string[] }[];
};

export type ErasureSubject = {
  lifecycle: Lifecycle;
  contractEndedOn: string | null;
  lastContactAt: Date | null;
};

const day = (d: Date) => d.toISOString().slice(0, 10);

export function planErasure(
  policy: Policy,
  subject: ErasureSubject,
  data: readonly StoreSummary[],
  holds: readonly Hold[],
  now: Date,
): ErasurePlan {
  const endsContract = subject.lifecycle === 'customer';
  // Erasure of a customer ends the contract today: the contract clocks start now.
  const lifecycle: Lifecycle = endsContract ? 'former' : subject.lifecycle;
  const contractEnd = endsContract ? day(now) : subject.contractEndedOn;
  // Records of the rights handled are kept by design, not held data to plan for.
  const held = new Set(data.filter((d) => d.rows > 0 && d.store.erase !== 'keep').map((d) => d.category));
  const kept: Kept[] = [];
  for (const category of held) {
    for (const rule of policy.retention) {
      if (rule.category !== category || !rule.legalObligation) continue;
      if (rule.lifecycles && !rule.lifecycles.includes(lifecycle)) continue;
      const until = obligationEnd(
        rule.clock,
        rule.duration,
        category,
        data,
        contractEnd,
        subject.lastContactAt,
      );
      if (until === undefined || until <= day(now)) continue;
      kept.push({
        category,
        basis: rule.action === 'anonymise' ? 'proof' : 'legal-obligation',
        reason: `Kept under a legal obligation: ${rule.duration} from ${rule.clock}`,
        rule: rule.id,
        until,
      });
    }
    for (const h of holds) {
      if (h.category !== null && h.category !== category) continue;
      if (h.until !== null && h.until <= day(now)) continue;
      kept.push({ category, basis: 'legal-hold', reason: h.reason, until: h.until });
    }
  }
  // A pseudonymised proof is not a reason to keep identifiable data.
  const keptCategories = new Set(kept.filter((k) => k.basis !== 'proof').map((k) => k.category));
  const deleted: string[] = [];
  const pseudonymised: string[] = [];
  for (const d of data) {
    if (d.store.erase === 'subject' || d.store.erase === 'keep' || keptCategories.has(d.category)) continue;
    (d.store.erase === 'pseudonymise' ? pseudonymised : deleted).push(d.store.table);
  }
  const erased = [...held].filter((c) => !keptCategories.has(c));
  const notify = policy.recipients
    .filter((r) => r.kind !== 'internal' && r.kind !== 'authority')
    .map((r) => ({ recipient: r.id, categories: r.categories.filter((c) => erased.includes(c)) }))
    .filter((n) => n.categories.length > 0);
  return {
    endsContract,
    kept,
    erased: erased.sort(),
    stores: { deleted, pseudonymised },
    deleteSubject: keptCategories.size === 0,
    notify,
  };
}

/** The day the obligation ends, or undefined when its clock does not apply to this subject. */
function obligationEnd(
  clock: string,
  duration: string,
  category: string,
  data: readonly StoreSummary[],
  contractEnd: string | null,
  lastContactAt: Date | null,
): string | undefined {
  const later = (d: Date | string) => day(addDuration(toDate(d), duration));
  switch (clock) {
    case 'contract-end':
      return contractEnd === null ? undefined : later(contractEnd);
    case 'last-contact':
      return lastContactAt ? later(lastContactAt) : undefined;
    case 'invoice-date':
    case 'event-time': {
      // Row clocks: kept until the newest row of the category expires.
      const newest = data
        .filter((d) => d.category === category)
        .map((d) => d.newest[clock])
        .filter((v): v is string => typeof v === 'string')
        .sort()
        .at(-1);
      return newest === undefined ? undefined : later(newest);
    }
    default:
      return undefined;
  }
}
