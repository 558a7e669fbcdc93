// What changed between two policies, and whether the people who consented must be asked again
// (issue 17 item 4; GDPR Art. 7(1), 13(3): consent covers the processing the person was told of;
// EDPB Guidelines 05/2020 para. 100: a new or wider purpose needs new consent). Pure: two parsed
// policies in, a list of typed changes out. The rules of what is material live here, once; the
// CLI (`garde policy diff`), the server's start (src/policy-versions/) and the preference center
// all read them. Its parts: ./diff-comms.ts (channels, classes, tracking), ./diff-data.ts
// (recipients, transfers), ./diff-retention.ts, ./diff-told.ts (what the person is told).
import { communicationChanges } from './diff-comms.ts';
import { keptPurposes, longer, unique } from './diff-compare.ts';
import { dataChanges } from './diff-data.ts';
import type { ChangeKind } from './diff-kinds.ts';
import { toldChanges } from './diff-told.ts';
import type { Policy, Purpose } from './schema.ts';

export { endOf, longer, unique } from './diff-compare.ts';

export { CHANGE_KINDS, type ChangeKind } from './diff-kinds.ts';

/** Kinds that tell what changed but widen nothing: listed, never material. */
const NOT_MATERIAL: ReadonlySet<ChangeKind> = new Set([
  'recipient.removed',
  'retention.shorter',
  // Another country of the EEA, or the EEA named where a country was: the data stays under the GDPR.
  'recipient.country-eea',
  // Free text: Garde cannot judge whether the interest pursued now reaches further; the DPO reads it.
  'purpose.interest',
]);
/**
 * Material, but renewing no consent: a purpose that is new or gone (no consent given for it to
 * renew), and what the person is told about who answers and how they keep control
 * (./diff-told.ts): told before it applies, the processing consented to unchanged.
 */
const NO_RENEWAL: ReadonlySet<ChangeKind> = new Set([
  'purpose.added',
  'purpose.removed',
  'controller.identity',
  'controller.dpo',
  'rights.removed',
  'rights.channels',
  'rights.deadline',
  'purpose.withdraw-via',
  'purpose.gpc',
  'purpose.provision',
  'category.provision',
]);

/** What a change is about, as ids and values of the policies (words: ./diff-words.ts). */
export type ChangeDetail = {
  recipient?: string;
  category?: string;
  /** Ids that were added (categories, entities, channels, products, fields, event kinds...). */
  added?: string[];
  /** Ids that were taken away (rights no longer offered). */
  removed?: string[];
  /** Before and after: an ISO 8601 duration, a legal basis, a clock, a country; absent: none or unlimited. */
  before?: string;
  after?: string;
  /** The channel or message class of the communications the change is about. */
  channel?: string;
  messageClass?: string;
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
  const found = [
    ...purposeChanges(older, newer),
    ...communicationChanges(older, newer),
    ...dataChanges(older, newer),
    ...toldChanges(older, newer),
  ];
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
    else out.push(...widened(o, p, newer).map((f) => ({ ...f, purposes: [p.id] })));
  }
  for (const p of older.purposes)
    if (!now.has(p.id)) out.push({ kind: 'purpose.removed', purposes: [p.id], detail: {} });
  out.push(...categoryChanges(older, newer), ...childrenChanges(older, newer));
  out.push(...controllerChanges(older, newer));
  return out;
}

type Widening = { kind: ChangeKind; detail: ChangeDetail };

/** The ways one purpose does more than it did (its own keys). */
function widened(o: Purpose, p: Purpose, newer: Policy): Widening[] {
  const out: Widening[] = [];
  const more = (kind: ChangeKind, before: readonly string[] | undefined, after: readonly string[]) => {
    const added = after.filter((x) => !(before ?? []).includes(x));
    if (added.length > 0) out.push({ kind, detail: { added } });
  };
  if (o.legalBasis !== p.legalBasis)
    out.push({ kind: 'purpose.legal-basis', detail: { before: o.legalBasis, after: p.legalBasis } });
  if (JSON.stringify(o.legitimateInterest?.interest) !== JSON.stringify(p.legitimateInterest?.interest))
    out.push({ kind: 'purpose.interest', detail: {} });
  more('purpose.categories', o.categories, p.categories);
  more('purpose.senders', o.senders, p.senders ?? []);
  // No senders of its own: marketing may come from any sender of the communications, anything
  // else from any entity (decide() checks none), so losing the list widens it to all of them.
  if (o.senders && !p.senders) {
    const any = p.directMarketing
      ? (newer.communications?.senders ?? [])
      : newer.controller.entities.map((e) => e.id);
    const added = any.filter((x) => !o.senders?.includes(x));
    out.push({ kind: 'purpose.senders', detail: p.directMarketing && added.length > 0 ? { added } : {} });
  }
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
  // Art. 22: a decision now taken where none was, or one with legal effects where it was only
  // similarly significant; losing the way to a human review takes away an Art. 22(3) safeguard.
  const effect = (a: Purpose['automatedDecision']) => (a ? (a.effect === 'legal' ? 2 : 1) : 0);
  if (effect(p.automatedDecision) > effect(o.automatedDecision))
    out.push({ kind: 'purpose.automated-decision', detail: {} });
  if (o.automatedDecision?.humanReview && p.automatedDecision && !p.automatedDecision.humanReview)
    out.push({ kind: 'purpose.human-review', detail: {} });
  turnedOn('purpose.direct-marketing', o.directMarketing, p.directMarketing);
  turnedOn('purpose.anonymous-option', !o.anonymousOption, !p.anonymousOption);
  turnedOn('purpose.provision', required(o.provision), required(p.provision));
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

/**
 * A category used by a purpose gains fields, becomes special (Art. 9) or criminal (Art. 10), or
 * is collected from a new source (Art. 14(2)(f)).
 */
function categoryChanges(older: Policy, newer: Policy): Found[] {
  const was = new Map(older.categories.map((c) => [c.id, c]));
  const out: Found[] = [];
  for (const c of newer.categories) {
    const o = was.get(c.id);
    if (!o) continue;
    const users = newer.purposes.filter((p) => p.categories.includes(c.id)).map((p) => p.id);
    const found = (kind: ChangeKind, added?: string[]) =>
      out.push({ kind, purposes: users, detail: { category: c.id, ...(added ? { added } : {}) } });
    const added = c.fields.map((f) => f.name).filter((f) => !o.fields.some((x) => x.name === f));
    if (added.length > 0) found('category.fields', added);
    if (c.special && c.special.kind !== o.special?.kind) found('category.special');
    if (required(c.provision) && !required(o.provision)) found('category.provision');
    if (c.criminal && !o.criminal) found('category.criminal');
    const sources = (c.sources ?? []).filter((s) => !(o.sources ?? []).includes(s));
    if (sources.length > 0) found('category.sources', sources);
  }
  return out;
}

/** Art. 13(2)(e): the person must give the data (by law, the contract, or to enter into it). */
const required = (p: Purpose['provision']) => p !== undefined && p.requirement !== 'voluntary';

/** Art. 8(1): a lower age of digital consent (16 when absent), overall or in one country. */
function childrenChanges(older: Policy, newer: Policy): Found[] {
  const age = (p: Policy, country?: string) =>
    (country ? p.children?.byCountry?.[country] : undefined) ?? p.children?.digitalConsentAge ?? 16;
  const countries = Object.keys(newer.children?.byCountry ?? {});
  const lower = [undefined, ...countries].some((c) => age(newer, c) < age(older, c));
  if (!lower) return [];
  const offered = newer.purposes.filter((p) => p.offeredToChildren).map((p) => p.id);
  const kept = keptPurposes(older, newer);
  return [{ kind: 'purpose.children', purposes: offered.filter((p) => kept.includes(p)), detail: {} }];
}

/** Another controller for a purpose: a group company now its controller, or a new joint controller. */
function controllerChanges(older: Policy, newer: Policy): Found[] {
  const owner = (policy: Policy, purpose: string) =>
    [
      ...policy.controller.entities.filter((e) => e.controllerOf?.includes(purpose)).map((e) => e.id),
      ...(policy.jointControllers ?? []).filter((j) => j.purposes.includes(purpose)).map((j) => j.id),
    ].sort();
  const out: Found[] = [];
  for (const id of keptPurposes(older, newer)) {
    const before = owner(older, id);
    const widened = (newer.jointControllers ?? []).filter((j) => {
      const o = older.jointControllers?.find((x) => x.id === j.id);
      const key = (x: (typeof j.parties)[number]) => (typeof x === 'string' ? x : x.name);
      return j.purposes.includes(id) && o && j.parties.some((x) => !o.parties.map(key).includes(key(x)));
    });
    const added = unique([
      ...owner(newer, id).filter((x) => !before.includes(x)),
      ...widened.map((j) => j.id),
    ]);
    if (added.length > 0) out.push({ kind: 'purpose.controller', purposes: [id], detail: { added } });
  }
  return out;
}
