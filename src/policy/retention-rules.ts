// What a retention rule means beyond its own keys (issue 13): whether it is a legal obligation
// (stated, or because a purpose it keeps the data for rests on one), and which other rules of its
// category keep a row it would remove. One answer for the plan, erasure, the access report and
// `policy show`.
import type { Policy, Purpose, RetentionRule } from './schema.ts';

/**
 * The rules that keep `category`'s data for `purpose` (Art. 5(1)(e), 13(2)(a), 30(1)(f)): the
 * category's rules that name no purpose or this one, and no lifecycle or one the purpose
 * concerns (a purpose for prospects only is not kept by a rule for customers). One answer for
 * the register, the machine-readable notice and the consent receipt.
 */
export function rulesForPurpose(policy: Policy, purpose: Purpose, category: string): RetentionRule[] {
  const who = purpose.lifecycles;
  return policy.retention.filter(
    (r) =>
      r.category === category &&
      (!r.purposes || r.purposes.includes(purpose.id)) &&
      (!r.lifecycles || !who || r.lifecycles.some((l) => who.includes(l))),
  );
}

/** Every rule that keeps the data of `purpose`, category by category (rulesForPurpose). */
export const purposeRetention = (policy: Policy, purpose: Purpose): RetentionRule[] =>
  [...new Set(purpose.categories)].flatMap((id) => rulesForPurpose(policy, purpose, id));

/** The purposes a rule names, as declared (unknown ids are lint's to refuse). */
export function purposesOf(policy: Policy, rule: RetentionRule): Purpose[] {
  return (rule.purposes ?? []).flatMap((id) => policy.purposes.filter((p) => p.id === id));
}

/**
 * Art. 17(3)(b): kept under a legal obligation, and so through erasure: stated on the rule, or
 * a purpose it keeps the data for rests on Art. 6(1)(c).
 */
export function isLegalObligation(policy: Policy, rule: RetentionRule): boolean {
  return (
    rule.legalObligation === true || purposesOf(policy, rule).some((p) => p.legalBasis === 'legal-obligation')
  );
}

/**
 * The rules that keep a row `rule` would remove, while they still run: every legal obligation of
 * the category; and, for a purpose-scoped rule, every other purpose-scoped rule of the category
 * (data is kept as long as any purpose that still needs it keeps it). A category-wide rule
 * yields only to obligations, as before rules could name purposes.
 */
export function keepersOf(policy: Policy, rule: RetentionRule): RetentionRule[] {
  return policy.retention.filter(
    (other) =>
      other !== rule &&
      other.category === rule.category &&
      (isLegalObligation(policy, other) || (rule.purposes !== undefined && other.purposes !== undefined)),
  );
}
