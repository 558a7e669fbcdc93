// What changed between two policies, and whether the people who consented must be asked again
// (issue 17 item 4; GDPR Art. 7(1), 13(3): consent covers the processing the person was told of;
// EDPB Guidelines 05/2020 para. 100: a new or wider purpose needs new consent). Pure: two parsed
// policies in, a list of typed changes out. The rules of what is material live here, once; the
// CLI (`garde policy diff`), the server's start (src/policy-versions/) and the preference center
// all read them. Recipients, transfers and retention: ./diff-data.ts.
import { dataChanges } from './diff-data.ts';
import { addDuration } from './duration.ts';
import type { Policy, Purpose } from './schema.ts';

/** Stable codes: the audit trail and the API name changes by them. */
export const CHANGE_KINDS = [
  'purpose.added',
  'purpose.removed',
  'purpose.legal-basis',
  'purpose.categories',
  'purpose.senders',
  'purpose.domains',
  'purpose.products',
  'purpose.lifecycles',
  'purpose.profiling',
  'purpose.model',
  'purpose.automated-decision',
  'purpose.direct-marketing',
  'purpose.children',
  'purpose.special',
  'purpose.per-channel',
  'purpose.look-back',
  'purpose.channels',
  'purpose.classes',
  'purpose.controller',
  'category.fields',
  'category.special',
  'recipient.added',
  'recipient.purposes',
  'recipient.categories',
  'recipient.fields',
  'recipient.country',
  'recipient.removed',
  'transfer.added',
  'transfer.safeguard-weaker',
  'retention.longer',
  'retention.unlimited',
  'retention.clock',
  'retention.added',
  'retention.shorter',
  'tracking.event-kinds',
  'tracking.retention',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Kinds that tell what changed but widen nothing: listed, never material. */
const NOT_MATERIAL: ReadonlySet<ChangeKind> = new Set(['recipient.removed', 'retention.shorter']);
/** Material, but there is no consent given for it to renew (a purpose that is new or gone). */
const NO_RENEWAL: ReadonlySet<ChangeKind> = new Set(['purpose.added', 'purpose.removed']);

/** What a change is about, as ids and values of the policies (words: ./diff-words.ts). */
export type ChangeDetail = {
  recipient?: string;
  category?: string;
  /** Ids that were added (categories, entities, channels, products, fields, event kinds...). */
  added?: string[];
  /** Before and after: an ISO 8601 duration, a legal basis, a clock, a country; absent: none or unlimited. */
  before?: string;
  after?: string;
};

export type Change = {
  kind: ChangeKind;
  /** The purposes it affects: ids in the newer policy (a removed purpose: its id in the older). */
  purposes: string[];
  /** Widens what is done with the data, to whom, where or for how long (listed and audited). */
  material: boolean;
  /** The affected purposes resting on consent whose consent must be given again (Art. 7(1)). */
  renewConsent: string[];
  detail: ChangeDetail;
};

/** A raw change before its materiality is judged against the newer policy. */
export type Found = { kind: ChangeKind; purposes: string[]; detail: ChangeDetail };

/**
 * Every change from `older` to `newer` that this module recognises, material ones first (then in
 * the newer policy's order). Edits of wording (titles, descriptions, translations), reordering
 * and identical policies give none, or only changes with `material: false`.
 */
export function policyChanges(older: Policy, newer: Policy): Change[] {
  const found = [...purposeChanges(older, newer), ...dataChanges(older, newer)];
  const basis = new Map(newer.purposes.map((p) => [p.id, p.legalBasis]));
  const out = found
    // A change no purpose is touched by (a field added to a category no purpose uses) is no one's.
    .filter((f) => f.purposes.length > 0)
    .map((f): Change => {
      const material = !NOT_MATERIAL.has(f.kind);
      const renew =
        material && !NO_RENEWAL.has(f.kind) ? f.purposes.filter((p) => basis.get(p) === 'consent') : [];
      return {
        kind: f.kind,
        purposes: unique(f.purposes),
        material,
        renewConsent: unique(renew),
        detail: f.detail,
      };
    });
  return [...out.filter((c) => c.material), ...out.filter((c) => !c.material)];
}

/** The consent purposes whose consent must be given again, from a list of changes. */
export function purposesToRenew(changes: readonly Change[]): string[] {
  return unique(changes.flatMap((c) => c.renewConsent));
}

function purposeChanges(older: Policy, newer: Policy): Found[] {
  const was = new Map(older.purposes.map((p) => [p.id, p]));
  const now = new Set(newer.purposes.map((p) => p.id));
  const out: Found[] = [];
  for (const p of newer.purposes) {
    const o = was.get(p.id);
    if (!o) out.push({ kind: 'purpose.added', purposes: [p.id], detail: {} });
    else out.push(...widened(o, p).map((f) => ({ ...f, purposes: [p.id] })));
  }
  for (const p of older.purposes)
    if (!now.has(p.id)) out.push({ kind: 'purpose.removed', purposes: [p.id], detail: {} });
  out.push(...categoryChanges(older, newer), ...communicationChanges(older, newer));
  out.push(...productChanges(older, newer), ...controllerChanges(older, newer));
  return out;
}

type Widening = { kind: ChangeKind; detail: ChangeDetail };

/** The ways one purpose does more than it did (its own keys). */
function widened(o: Purpose, p: Purpose): Widening[] {
  const out: Widening[] = [];
  const more = (kind: ChangeKind, before: readonly string[] | undefined, after: readonly string[]) => {
    const added = after.filter((x) => !(before ?? []).includes(x));
    if (added.length > 0) out.push({ kind, detail: { added } });
  };
  if (o.legalBasis !== p.legalBasis)
    out.push({ kind: 'purpose.legal-basis', detail: { before: o.legalBasis, after: p.legalBasis } });
  more('purpose.categories', o.categories, p.categories);
  more('purpose.senders', o.senders, p.senders ?? []);
  // Absent domains or lifecycles mean no limit: losing the list widens it to everything.
  if (o.domains && !p.domains) out.push({ kind: 'purpose.domains', detail: {} });
  else if (o.domains) more('purpose.domains', o.domains, p.domains ?? []);
  if (o.lifecycles && !p.lifecycles) out.push({ kind: 'purpose.lifecycles', detail: {} });
  else if (o.lifecycles) more('purpose.lifecycles', o.lifecycles, p.lifecycles ?? []);
  const turnedOn = (kind: ChangeKind, before: unknown, after: unknown) => {
    if (!before && after) out.push({ kind, detail: {} });
  };
  turnedOn('purpose.profiling', o.profiling, p.profiling);
  turnedOn('purpose.model', o.model === 'required', p.model === 'required');
  turnedOn('purpose.automated-decision', o.automatedDecision, p.automatedDecision);
  turnedOn('purpose.direct-marketing', o.directMarketing, p.directMarketing);
  // A lower minimum age, or none where there was one, lets younger people take part.
  const younger = o.minimumAge !== undefined && (p.minimumAge ?? 0) < o.minimumAge;
  if ((!o.offeredToChildren && p.offeredToChildren) || younger)
    out.push({ kind: 'purpose.children', detail: {} });
  more(
    'purpose.special',
    (o.special ?? []).map((s) => `${s.category}:${s.condition}`),
    (p.special ?? []).map((s) => `${s.category}:${s.condition}`),
  );
  // One consent for every channel where each channel had its own: a consent given for one
  // channel now reaches all of them.
  if (o.consent?.perChannel && p.consent && !p.consent.perChannel)
    out.push({ kind: 'purpose.per-channel', detail: {} });
  if (longer(o.lookBack, p.lookBack))
    out.push({ kind: 'purpose.look-back', detail: { before: o.lookBack, after: p.lookBack } });
  return out;
}

// Durations are compared by where they end from one reference instant: P12M equals P1Y, P13M is
// longer; absent (no stated limit) is longer than any duration.
const REFERENCE = new Date(Date.UTC(2001, 0, 1));

/** Whether `after` runs longer than `before` (undefined: unlimited). */
export function longer(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined) return false;
  if (after === undefined) return true;
  return addDuration(REFERENCE, after).getTime() > addDuration(REFERENCE, before).getTime();
}

/** A category used by a purpose gains fields, or becomes special (Art. 9). */
function categoryChanges(older: Policy, newer: Policy): Found[] {
  const was = new Map(older.categories.map((c) => [c.id, c]));
  const out: Found[] = [];
  for (const c of newer.categories) {
    const o = was.get(c.id);
    if (!o) continue;
    const users = newer.purposes.filter((p) => p.categories.includes(c.id)).map((p) => p.id);
    const added = c.fields.map((f) => f.name).filter((f) => !o.fields.some((x) => x.name === f));
    if (added.length > 0)
      out.push({ kind: 'category.fields', purposes: users, detail: { category: c.id, added } });
    if (c.special && !o.special)
      out.push({ kind: 'category.special', purposes: users, detail: { category: c.id } });
  }
  return out;
}

/** New channels that carry a purpose, new message classes for it, new kinds of behaviour tracked. */
function communicationChanges(older: Policy, newer: Policy): Found[] {
  const out: Found[] = [];
  const oc = older.communications;
  const nc = newer.communications;
  for (const p of newer.purposes) {
    const channels = (c: typeof nc) =>
      (c?.channels ?? []).filter((ch) => ch.consentPurpose === p.id).map((ch) => ch.id);
    const addedChannels = channels(nc).filter((id) => !channels(oc).includes(id));
    if (addedChannels.length > 0 && older.purposes.some((x) => x.id === p.id))
      out.push({ kind: 'purpose.channels', purposes: [p.id], detail: { added: addedChannels } });
    const classes = (c: typeof nc) =>
      (c?.messageClasses ?? []).filter((m) => m.purposes?.includes(p.id)).map((m) => `${m.id}`);
    const addedClasses = classes(nc).filter((id) => !classes(oc).includes(id));
    if (addedClasses.length > 0 && older.purposes.some((x) => x.id === p.id))
      out.push({ kind: 'purpose.classes', purposes: [p.id], detail: { added: addedClasses } });
  }
  // Marketing that names no senders of its own may come from any sender of the communications.
  const senders = (nc?.senders ?? []).filter((e) => !(oc?.senders ?? []).includes(e));
  if (oc && senders.length > 0)
    for (const p of newer.purposes)
      if (p.directMarketing && !p.senders && older.purposes.some((x) => x.id === p.id))
        out.push({ kind: 'purpose.senders', purposes: [p.id], detail: { added: senders } });
  const ot = older.tracking;
  const nt = newer.tracking;
  if (ot && nt && ot.consentPurpose === nt.consentPurpose) {
    const kinds = nt.eventKinds.map((k) => k.id).filter((k) => !ot.eventKinds.some((x) => x.id === k));
    if (kinds.length > 0)
      out.push({ kind: 'tracking.event-kinds', purposes: [nt.consentPurpose], detail: { added: kinds } });
    if (longer(ot.retention, nt.retention))
      out.push({
        kind: 'tracking.retention',
        purposes: [nt.consentPurpose],
        detail: { before: ot.retention, after: nt.retention },
      });
  }
  return out;
}

/** New products in the domains a purpose (or, for marketing, the controller) is limited to. */
function productChanges(older: Policy, newer: Policy): Found[] {
  const was = new Set((older.products ?? []).map((p) => p.id));
  const added = (newer.products ?? []).filter((p) => !was.has(p.id));
  if (added.length === 0 || was.size === 0) return [];
  const out: Found[] = [];
  for (const p of newer.purposes) {
    if (!older.purposes.some((x) => x.id === p.id) || !(p.domains || p.directMarketing)) continue;
    const domains = p.domains ?? newer.communications?.domains;
    const mine = added.filter((x) => !domains || domains.includes(x.domain)).map((x) => x.id);
    if (mine.length > 0) out.push({ kind: 'purpose.products', purposes: [p.id], detail: { added: mine } });
  }
  return out;
}

/** Another controller for a purpose: a group company now its controller, or a new joint controller. */
function controllerChanges(older: Policy, newer: Policy): Found[] {
  const owner = (policy: Policy, purpose: string) =>
    [
      ...policy.controller.entities.filter((e) => e.controllerOf?.includes(purpose)).map((e) => e.id),
      ...(policy.jointControllers ?? []).filter((j) => j.purposes.includes(purpose)).map((j) => j.id),
    ].sort();
  const out: Found[] = [];
  for (const p of newer.purposes) {
    if (!older.purposes.some((x) => x.id === p.id)) continue;
    const before = owner(older, p.id);
    const added = owner(newer, p.id).filter((x) => !before.includes(x));
    if (added.length > 0) out.push({ kind: 'purpose.controller', purposes: [p.id], detail: { added } });
  }
  return out;
}

export function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
