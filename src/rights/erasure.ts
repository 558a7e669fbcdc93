// Erasure (Art. 17, EN-11, EN-13): what goes, what stays and why. Pure: the plan is computed
// from the policy, the subject, the categories held and the legal holds; erasure-store.ts
// carries it out in one transaction.
import { type Elsewhere, elsewhereOf, UNCLASSIFIED } from '../datasets/storage.ts';
import { addDuration, toDate } from '../policy/duration.ts';
import { isLegalObligation, purposesOf } from '../policy/retention-rules.ts';
import type { Lifecycle, Policy } from '../policy/schema.ts';
import { clockWords } from '../retention/clock-words.ts';
import { answerLanguage, type Words, wordsIn } from '../words/words.ts';
import { isRowClock } from './catalogue.ts';
import type { StoreSummary } from './data.ts';

export type Hold = { category: string | null; reason: string; until: string | null };

export type Kept = {
  category: string;
  /**
   * 'legal-obligation' (a policy rule), 'legal-hold' (a hold row), 'proof' (pseudonymised), or
   * 'unclassified': rows in a table no category of the policy claims, which nothing may remove
   * until the policy says what they are (they could be what an obligation keeps).
   */
  basis: 'legal-obligation' | 'legal-hold' | 'proof' | 'unclassified';
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
  /**
   * The categories' places in systems Garde does not reach, and what to do there: erase, keep
   * (an obligation or hold, as in Garde), or erase only the rows past a row-clocked obligation.
   */
  elsewhere: (Elsewhere & { action: 'erase' | 'keep' | 'erase-expired'; rule?: string })[];
};

export type ErasureSubject = {
  lifecycle: Lifecycle;
  contractEndedOn: string | null;
  lastContactAt: Date | null;
  /** The policy's retention events that happened to the person: id -> ISO 8601 instant. */
  retentionEvents?: Readonly<Record<string, string>>;
};

const day = (d: Date) => d.toISOString().slice(0, 10);

export function planErasure(
  policy: Policy,
  subject: ErasureSubject,
  data: readonly StoreSummary[],
  holds: readonly Hold[],
  now: Date,
  /** Art. 12(1): the words of the reasons (why data is kept), in the person's language. */
  words: Pick<Words, 'say' | 'text' | 'list' | 'duration'> = wordsIn(policy, answerLanguage(policy)),
): ErasurePlan {
  const endsContract = subject.lifecycle === 'customer';
  // Erasure of a customer ends the contract today: the contract clocks start now.
  const lifecycle: Lifecycle = endsContract ? 'former' : subject.lifecycle;
  const contractEnd = endsContract ? day(now) : subject.contractEndedOn;
  // Records of the rights handled are kept by design, not held data to plan for.
  const held = new Set(data.filter((d) => d.rows > 0 && d.store.erase !== 'keep').map((d) => d.category));
  const kept: Kept[] = [];
  if (held.has(UNCLASSIFIED)) {
    const tables = data.filter((d) => d.rows > 0 && d.category === UNCLASSIFIED).map((d) => d.store.table);
    kept.push({
      category: UNCLASSIFIED,
      basis: 'unclassified',
      reason: words.say('erasure.keptUnclassified', { tables: words.list(tables) }),
      until: null,
    });
  }
  // Kept in the controller's other systems counts as held: obligations judge it the same way.
  const placed = new Set(
    policy.categories.filter((c) => elsewhereOf(policy, c.id).length > 0).map((c) => c.id),
  );
  for (const category of new Set([...held, ...placed])) {
    if (category === UNCLASSIFIED) continue;
    for (const rule of policy.retention) {
      if (rule.category !== category || !isLegalObligation(policy, rule)) continue;
      if (rule.lifecycles && !rule.lifecycles.includes(lifecycle)) continue;
      // An obligation with no stated end keeps the data until the DPO decides it has ended.
      const until =
        rule.duration === undefined || rule.clock === undefined
          ? null
          : obligationEnd(rule.clock, rule.duration, category, data, contractEnd, subject);
      if (until === undefined || (until !== null && until <= day(now))) continue;
      kept.push({
        category,
        basis: rule.action === 'anonymise' ? 'proof' : 'legal-obligation',
        reason: keptReason(policy, rule, words),
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
  const keptInGarde = [...keptCategories].filter((c) => held.has(c));
  const deleted: string[] = [];
  const pseudonymised: string[] = [];
  for (const d of data) {
    if (d.store.erase === 'subject' || d.store.erase === 'keep' || keptCategories.has(d.category)) continue;
    (d.store.erase === 'pseudonymise' ? pseudonymised : deleted).push(d.store.table);
  }
  const deleteSubject = keptInGarde.length === 0;
  // The subject's own row (the relationship) goes only with the subject.
  const goes = (c: string) =>
    deleteSubject || data.some((d) => d.rows > 0 && d.category === c && d.store.erase !== 'subject');
  const erased = [...held].filter((c) => !keptCategories.has(c) && c !== UNCLASSIFIED && goes(c));
  const elsewhere = [...placed].flatMap((category) => {
    // Rows there carry their own clocks, which Garde cannot read: only those past it go.
    const rowRule = policy.retention.find(
      (r) =>
        r.category === category &&
        isLegalObligation(policy, r) &&
        r.clock !== undefined &&
        isRowClock(r.clock) &&
        (!r.lifecycles || r.lifecycles.includes(lifecycle)),
    );
    return elsewhereOf(policy, category).map((e) =>
      keptCategories.has(category)
        ? { ...e, action: 'keep' as const }
        : rowRule
          ? { ...e, action: 'erase-expired' as const, rule: rowRule.id }
          : { ...e, action: 'erase' as const },
    );
  });
  const notify = policy.recipients
    .filter((r) => r.kind !== 'internal' && r.kind !== 'authority')
    .map((r) => ({ recipient: r.id, categories: r.categories.filter((c) => erased.includes(c)) }))
    .filter((n) => n.categories.length > 0);
  return {
    endsContract,
    kept,
    erased: erased.sort(),
    stores: { deleted, pseudonymised },
    deleteSubject,
    notify,
    elsewhere,
  };
}

/**
 * The day the obligation ends; null when it counts from an event the policy names that has not
 * happened yet (a dispute still open: kept until it has); undefined when its clock does not
 * apply to this subject.
 */
function obligationEnd(
  clock: string,
  duration: string,
  category: string,
  data: readonly StoreSummary[],
  contractEnd: string | null,
  subject: ErasureSubject,
): string | null | undefined {
  const lastContactAt = subject.lastContactAt;
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
    case 'collected':
      return undefined;
    default: {
      const at = subject.retentionEvents?.[clock];
      return at === undefined ? null : later(at);
    }
  }
}

/**
 * Art. 17(3)(b), 12(4): why a legal obligation keeps the data, with its period as the notice
 * states it, and the purposes it keeps the data for when the rule names them (issue 13).
 */
export function keptReason(
  policy: Policy,
  rule: Policy['retention'][number],
  words: Pick<Words, 'say' | 'text' | 'duration' | 'list'>,
): string {
  const kept =
    rule.duration && rule.clock
      ? words.say('erasure.keptLegal', {
          duration: words.duration(rule.duration),
          clock: clockWords(policy, rule.clock, words),
        })
      : rule.period
        ? words.say('erasure.keptLegalPeriod', { period: words.text(rule.period) })
        : words.say('erasure.keptLegalOpen');
  const purposes = purposesOf(policy, rule);
  if (purposes.length === 0) return kept;
  return words.say('retention.forPurposes', {
    kept,
    purposes: words.list(purposes.map((p) => words.text(p.description))),
  });
}
