// How long data is kept, compared (issue 17 item 4, Art. 13(2)(a)). Rules are not matched by
// their ids (C12: a renamed rule is the same rule): for each category, each purpose that uses it
// and each lifecycle, the period the policy keeps it for is the longest of the rules that apply
// there, and that period is what is compared. A rule added that ends sooner than one already
// there changes nothing; a rule that now applies further, or runs longer, keeps data longer.
import type { ChangeKind, Found } from './diff.ts';
import { endOf, keptPurposes } from './diff-compare.ts';
import { isLegalObligation } from './retention-rules.ts';
import { LIFECYCLES, type Lifecycle, type Policy, type RetentionRule } from './schema.ts';

/** The period of one category for one purpose and lifecycle: none stated, or its longest rule. */
type Kept = { rules: RetentionRule[]; longest?: RetentionRule; unlimited: boolean };

function keptFor(policy: Policy, category: string, purpose: string, lifecycle: Lifecycle): Kept {
  const rules = policy.retention.filter(
    (r) =>
      r.category === category &&
      (!r.purposes || r.purposes.includes(purpose)) &&
      (!r.lifecycles || r.lifecycles.includes(lifecycle)),
  );
  const unlimited = rules.some((r) => r.duration === undefined);
  const timed = rules.filter((r) => r.duration !== undefined);
  const longest = timed.reduce<RetentionRule | undefined>(
    (a, r) => (!a || endOf(r.duration as string) > endOf(a.duration as string) ? r : a),
    undefined,
  );
  return { rules, longest, unlimited };
}

/** What changed in one cell: a kind and its before/after, or nothing. */
function compare(older: Policy, o: Kept, newer: Policy, n: Kept): [ChangeKind, string?, string?][] {
  // A category kept with no rule had no stated period: any rule now limits it.
  if (o.rules.length === 0) return [];
  const before = o.longest?.duration;
  const after = n.longest?.duration;
  const out: [ChangeKind, string?, string?][] = [];
  // Another clock can keep data longer whatever the number says (six years from the last login
  // outlasts seven from collection for anyone still active): a clock that changed is compared
  // first, and a shorter number on another clock is never "shorter".
  const clockChanged = before && after && o.longest?.clock !== n.longest?.clock;
  if ((n.rules.length === 0 || n.unlimited) && !o.unlimited) out.push(['retention.unlimited', before]);
  else {
    if (clockChanged) out.push(['retention.clock', o.longest?.clock, n.longest?.clock]);
    if (!o.unlimited && before && after && endOf(after) > endOf(before))
      out.push(['retention.longer', before, after]);
    else if (!clockChanged && !n.unlimited && before && after && endOf(after) < endOf(before))
      out.push(['retention.shorter', before, after]);
  }
  const obliged = (p: Policy, k: Kept) => k.rules.some((r) => isLegalObligation(p, r));
  if (obliged(newer, n) && !obliged(older, o)) out.push(['retention.legal-obligation']);
  return out;
}

export function retentionChanges(older: Policy, newer: Policy): Found[] {
  const kept = keptPurposes(older, newer);
  const found = new Map<string, Found>();
  for (const c of newer.categories)
    for (const p of newer.purposes) {
      if (!kept.includes(p.id) || !p.categories.includes(c.id)) continue;
      for (const l of lifecyclesOf(older, newer, p.id)) {
        const was = keptFor(older, c.id, p.id, l);
        const now = keptFor(newer, c.id, p.id, l);
        for (const [kind, before, after] of compare(older, was, newer, now)) {
          const key = JSON.stringify([kind, c.id, before, after]);
          const f = found.get(key) ?? { kind, purposes: [], detail: { category: c.id, before, after } };
          if (!f.purposes.includes(p.id)) f.purposes.push(p.id);
          found.set(key, f);
        }
      }
    }
  return [...found.values()].map((f) => ({ ...f, detail: withoutUndefined(f.detail) }));
}

/**
 * The lifecycles a purpose applies to, in either policy: a rule for people the purpose never
 * concerns changes nothing for its consent. No list in either: every lifecycle.
 */
function lifecyclesOf(older: Policy, newer: Policy, purpose: string): readonly Lifecycle[] {
  const was = older.purposes.find((x) => x.id === purpose)?.lifecycles;
  const now = newer.purposes.find((x) => x.id === purpose)?.lifecycles;
  if (!was || !now) return LIFECYCLES;
  return LIFECYCLES.filter((l) => was.includes(l) || now.includes(l));
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
