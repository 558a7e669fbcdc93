// What changed in where data goes and how long it stays (issue 17 item 4): recipients, transfers
// outside the EEA (Art. 13(1)(e)-(f)) and retention (Art. 13(2)(a)). Pure; ./diff.ts judges
// which of these are material and whose consent they renew.
import type { ChangeKind, Found } from './diff.ts';
import { longer } from './diff.ts';
import type { Policy, Recipient, RetentionRule } from './schema.ts';
import { EEA_COUNTRIES } from './transfers.ts';

export function dataChanges(older: Policy, newer: Policy): Found[] {
  return [...recipientChanges(older, newer), ...retentionChanges(older, newer)];
}

const existing = (policy: Policy, ids: readonly string[]) =>
  ids.filter((id) => policy.purposes.some((p) => p.id === id));

function recipientChanges(older: Policy, newer: Policy): Found[] {
  const was = new Map(older.recipients.map((r) => [r.id, r]));
  const out: Found[] = [];
  for (const r of newer.recipients) {
    const o = was.get(r.id);
    const detail = { recipient: r.id };
    if (!o) {
      out.push({ kind: 'recipient.added', purposes: r.purposes, detail });
      if (!inEea(r, newer))
        out.push({ kind: 'transfer.added', purposes: r.purposes, detail: { ...detail, after: r.country } });
      continue;
    }
    const newPurposes = r.purposes.filter((p) => !o.purposes.includes(p));
    if (newPurposes.length > 0) out.push({ kind: 'recipient.purposes', purposes: newPurposes, detail });
    const more = (kind: ChangeKind, before: readonly string[], after: readonly string[]) => {
      const added = after.filter((x) => !before.includes(x));
      if (added.length > 0) out.push({ kind, purposes: r.purposes, detail: { ...detail, added } });
    };
    more('recipient.categories', o.categories, r.categories);
    more('recipient.fields', o.fields ?? [], r.fields ?? []);
    if (o.country !== r.country)
      out.push({
        kind: 'recipient.country',
        purposes: r.purposes,
        detail: { ...detail, before: o.country, after: r.country },
      });
    if (inEea(o, older) && !inEea(r, newer))
      out.push({ kind: 'transfer.added', purposes: r.purposes, detail: { ...detail, after: r.country } });
    else if (!inEea(r, newer) && strength(r) < strength(o))
      out.push({ kind: 'transfer.safeguard-weaker', purposes: r.purposes, detail });
  }
  const now = new Set(newer.recipients.map((r) => r.id));
  for (const o of older.recipients)
    if (!now.has(o.id))
      out.push({
        kind: 'recipient.removed',
        purposes: existing(newer, o.purposes),
        detail: { recipient: o.id },
      });
  return out;
}

/** In the EEA by its country, or by the policy's promise for its kind when it states none. */
function inEea(r: Recipient, policy: Policy): boolean {
  if (r.country !== undefined) return EEA_COUNTRIES.has(r.country);
  return policy.transfers?.establishedInEea?.includes(r.kind) ?? false;
}

// Art. 45 first, then Art. 46-47 safeguards, then Art. 49 derogations: what protects the data
// once it has left. A safeguard in plain text cannot be judged: below any named mechanism.
const STRENGTH: Readonly<Record<string, number>> = {
  adequacy: 5,
  dpf: 5,
  bcr: 4,
  scc: 4,
  'code-of-conduct': 3,
  certification: 3,
  derogation: 1,
};

function strength(r: Recipient): number {
  const s = r.safeguard;
  if (s === undefined) return 0;
  if (typeof s === 'string') return 2;
  return STRENGTH[s.mechanism] ?? 0;
}

/** Purposes whose data a rule keeps: those using its category (narrowed to its purposes). */
function keptFor(policy: Policy, rule: RetentionRule): string[] {
  return policy.purposes
    .filter((p) => p.categories.includes(rule.category) && (!rule.purposes || rule.purposes.includes(p.id)))
    .map((p) => p.id);
}

function retentionChanges(older: Policy, newer: Policy): Found[] {
  const was = new Map(older.retention.map((r) => [r.id, r]));
  const out: Found[] = [];
  for (const r of newer.retention) {
    const o = was.get(r.id);
    const purposes = keptFor(newer, r);
    const detail = { category: r.category, before: o?.duration, after: r.duration };
    if (!o || o.category !== r.category) {
      // A new rule keeps data longer only where the category was already limited: a category
      // with no rule was kept with no stated period, which a rule now limits.
      const limited = older.retention.filter((x) => x.category === r.category);
      if (limited.length > 0 && limited.every((x) => x.duration !== undefined))
        out.push({ kind: 'retention.added', purposes, detail: { category: r.category, after: r.duration } });
      continue;
    }
    if (o.duration !== undefined && r.duration === undefined)
      out.push({ kind: 'retention.unlimited', purposes, detail });
    else if (longer(o.duration, r.duration)) out.push({ kind: 'retention.longer', purposes, detail });
    else if (longer(r.duration, o.duration)) out.push({ kind: 'retention.shorter', purposes, detail });
    if (o.clock !== r.clock && r.duration !== undefined)
      out.push({
        kind: 'retention.clock',
        purposes,
        detail: { category: r.category, before: o.clock, after: r.clock },
      });
    if (widerScope(o, r))
      out.push({ kind: 'retention.added', purposes, detail: { category: r.category, after: r.duration } });
  }
  const now = new Set(newer.retention.map((r) => r.id));
  for (const o of older.retention) {
    if (now.has(o.id)) continue;
    // The category's last rule gone: kept with no stated period from now on.
    if (o.duration !== undefined && !newer.retention.some((r) => r.category === o.category))
      out.push({
        kind: 'retention.unlimited',
        purposes: keptFor(newer, o),
        detail: { category: o.category, before: o.duration },
      });
  }
  return out;
}

/** The rule now applies to more purposes or lifecycles (absent: all of them). */
function widerScope(o: RetentionRule, r: RetentionRule): boolean {
  const wider = (before?: readonly string[], after?: readonly string[]) =>
    before !== undefined && (after === undefined || after.some((x) => !before.includes(x)));
  return wider(o.purposes, r.purposes) || wider(o.lifecycles, r.lifecycles);
}
