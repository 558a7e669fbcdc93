// What changed in where data goes (issue 17 item 4): recipients, what binds them, and transfers
// outside the EEA (Art. 13(1)(e)-(f), Chapter V). Retention: ./diff-retention.ts. Pure; ./diff.ts
// judges which of these are material and whose consent they renew.
import type { ChangeKind, Found } from './diff.ts';
import { retentionChanges } from './diff-retention.ts';
import type { Policy, Recipient } from './schema.ts';
import { EEA_COUNTRIES, unstatedCountryGround } from './transfers.ts';

export function dataChanges(older: Policy, newer: Policy): Found[] {
  return [
    ...recipientChanges(older, newer),
    ...mechanismChanges(older, newer),
    ...retentionChanges(older, newer),
  ];
}

const existing = (policy: Policy, ids: readonly string[]) =>
  ids.filter((id) => policy.purposes.some((p) => p.id === id));

// How far a recipient is bound to the controller's instructions: an internal department, then a
// processor (Art. 28), then a recipient that is a controller of its own (Art. 4(9)).
const BOUND: Readonly<Record<Recipient['kind'], number>> = {
  internal: 0,
  processor: 1,
  'group-company': 2,
  partner: 2,
  'debt-collector': 2,
  'market-research': 2,
  authority: 2,
};

function recipientChanges(older: Policy, newer: Policy): Found[] {
  const was = new Map(older.recipients.map((r) => [r.id, r]));
  const out: Found[] = [];
  for (const r of newer.recipients) {
    const o = was.get(r.id);
    const detail = { recipient: r.id };
    const found = (kind: ChangeKind, extra = {}) =>
      out.push({ kind, purposes: r.purposes, detail: { ...detail, ...extra } });
    if (!o) {
      found('recipient.added');
      if (where(r, newer).outside) found('transfer.added', { after: r.country });
      continue;
    }
    const newPurposes = r.purposes.filter((p) => !o.purposes.includes(p));
    if (newPurposes.length > 0) out.push({ kind: 'recipient.purposes', purposes: newPurposes, detail });
    const added = r.categories.filter((x) => !o.categories.includes(x));
    if (added.length > 0) found('recipient.categories', { added });
    // Absent fields: every field of its categories.
    if (o.fields && (!r.fields || r.fields.some((f) => !o.fields?.includes(f)))) found('recipient.fields');
    if (o.kind !== r.kind && BOUND[r.kind] >= BOUND[o.kind])
      found('recipient.kind', { before: o.kind, after: r.kind });
    if (o.purposeBound && !r.purposeBound) found('recipient.purpose-bound');
    out.push(...placeChanges(o, older, r, newer));
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

type Place = { eea: boolean; outside: boolean; country?: string };

/**
 * Where a recipient is, as far as the policy shows: in the EEA (by its country, or the policy's
 * promise for its kind), outside it (a country outside), or unknown (neither).
 */
function where(r: Recipient, policy: Policy): Place {
  if (r.country !== undefined) {
    const eea = EEA_COUNTRIES.has(r.country);
    return { eea, outside: !eea, country: r.country };
  }
  return { eea: unstatedCountryGround(r, policy) === 'eea-promised', outside: false };
}

/**
 * C13: only leaving the EEA, another third country, or a place no longer known is material;
 * another country inside the EEA (or the EEA named where its country was) is listed only.
 */
function placeChanges(o: Recipient, older: Policy, r: Recipient, newer: Policy): Found[] {
  const before = where(o, older);
  const after = where(r, newer);
  if (before.eea === after.eea && before.outside === after.outside && before.country === after.country)
    return [];
  const change = (kind: ChangeKind, extra = {}): Found[] => [
    { kind, purposes: r.purposes, detail: { recipient: r.id, ...extra } },
  ];
  if (after.eea) return change('recipient.country-eea', after.country ? { after: after.country } : {});
  if (after.outside && !before.outside) return change('transfer.added', { after: after.country });
  if (after.outside) return change('recipient.country', { before: before.country, after: after.country });
  // Neither in the EEA nor in a named country: it may now be anywhere.
  return change('recipient.country-unstated');
}

function mechanismChanges(older: Policy, newer: Policy): Found[] {
  const out: Found[] = [];
  // A recipient outside the EEA (or not known to be in it) now resting on a weaker safeguard.
  for (const r of newer.recipients) {
    const o = older.recipients.find((x) => x.id === r.id);
    const place = where(r, newer);
    if (o && !place.eea && where(o, older).outside === place.outside && strength(r) < strength(o))
      out.push({ kind: 'transfer.safeguard-weaker', purposes: r.purposes, detail: { recipient: r.id } });
  }
  // The safeguards the notice lists for recipients named by kind only: a new one lets their data
  // leave on a ground the person was not told of.
  const key = (m: unknown) => JSON.stringify(m);
  const was = (older.transfers?.mechanisms ?? []).map(key);
  const added = (newer.transfers?.mechanisms ?? []).filter((m) => !was.includes(key(m)));
  if (added.length === 0) return out;
  const relying = newer.recipients.filter((r) => unstatedCountryGround(r, newer) === 'policy-mechanisms');
  out.push({ kind: 'transfer.mechanisms', purposes: relying.flatMap((r) => r.purposes), detail: {} });
  return out;
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
