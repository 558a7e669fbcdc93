// What changed in how people are reached and watched (issue 17 item 4): channels, message
// classes, the cap, former customers, senders and domains of marketing, products, and the
// tracking of behaviour. Pure; ./diff.ts judges which are material and whose consent they renew.
import type { Found } from './diff.ts';
import { endOf, keptPurposes, longer } from './diff-compare.ts';
import type { Policy } from './schema.ts';

type Comms = NonNullable<Policy['communications']>;
type Channel = Comms['channels'][number];

export function communicationChanges(older: Policy, newer: Policy): Found[] {
  return [
    ...channelChanges(older, newer),
    ...classChanges(older, newer),
    ...reachChanges(older, newer),
    ...productChanges(older, newer),
    ...trackingChanges(older, newer),
  ];
}

/** Purposes whose messages the communications carry: marketing, or named by a class or a channel. */
function messaged(policy: Policy): string[] {
  const c = policy.communications;
  const named = new Set([
    ...(c?.messageClasses ?? []).flatMap((m) => m.purposes ?? []),
    ...(c?.channels ?? []).flatMap((ch) => (ch.consentPurpose ? [ch.consentPurpose] : [])),
  ]);
  return policy.purposes.filter((p) => p.directMarketing || named.has(p.id)).map((p) => p.id);
}

/** Kept purposes whose messages the newer communications carry. */
const messagedKept = (older: Policy, newer: Policy) => {
  const kept = keptPurposes(older, newer);
  return messaged(newer).filter((p) => kept.includes(p));
};

/**
 * The channels that carry a purpose's consent: those naming it; when none does, the channels that
 * name no consent purpose (they carry every purpose no channel names).
 */
function carriers(c: Comms | undefined, purpose: string): string[] {
  const channels = c?.channels ?? [];
  const named = channels.filter((ch) => ch.consentPurpose === purpose);
  return (named.length > 0 ? named : channels.filter((ch) => !ch.consentPurpose)).map((ch) => ch.id);
}

/** New channels for a purpose, and channels that ask less before they are used (BK-11). */
function channelChanges(older: Policy, newer: Policy): Found[] {
  const oc = older.communications;
  const nc = newer.communications;
  const out: Found[] = [];
  for (const p of messagedKept(older, newer)) {
    const added = carriers(nc, p).filter((id) => !carriers(oc, p).includes(id));
    if (added.length > 0) out.push({ kind: 'purpose.channels', purposes: [p], detail: { added } });
  }
  for (const ch of nc?.channels ?? []) {
    const o = oc?.channels.find((x) => x.id === ch.id);
    if (!o) continue;
    const purposes = carried(older, newer, ch);
    for (const need of ['explicit-consent', 'identified-session', 'no-objection'] as const)
      if (o.requires.includes(need) && !ch.requires.includes(need))
        out.push({ kind: 'channel.requirements', purposes, detail: { channel: ch.id, before: need } });
  }
  return out;
}

/** The kept purposes a channel may carry messages for. */
function carried(older: Policy, newer: Policy, ch: Channel): string[] {
  return messagedKept(older, newer).filter((p) => carriers(newer.communications, p).includes(ch.id));
}

/** New message classes for a purpose; a class that may use more channels or escapes the rules. */
function classChanges(older: Policy, newer: Policy): Found[] {
  const oc = older.communications;
  const nc = newer.communications;
  const out: Found[] = [];
  const classes = (c: Comms | undefined, p: string) =>
    (c?.messageClasses ?? []).filter((m) => m.purposes?.includes(p)).map((m) => m.id);
  for (const p of keptPurposes(older, newer)) {
    const added = classes(nc, p).filter((id) => !classes(oc, p).includes(id));
    if (added.length > 0) out.push({ kind: 'purpose.classes', purposes: [p], detail: { added } });
  }
  for (const m of nc?.messageClasses ?? []) {
    const o = oc?.messageClasses.find((x) => x.id === m.id);
    if (!o) continue;
    const kept = keptPurposes(older, newer);
    const purposes = m.purposes?.filter((p) => kept.includes(p)) ?? messagedKept(older, newer);
    const detail = { messageClass: m.id };
    // Absent channels: every channel.
    const wider = o.channels && (!m.channels || m.channels.some((c) => !o.channels?.includes(c)));
    if (wider) out.push({ kind: 'message-class.channels', purposes, detail });
    if ((o.countsTowardCap ?? true) && m.countsTowardCap === false)
      out.push({ kind: 'message-class.uncapped', purposes, detail });
    if (o.commercial && !m.commercial) out.push({ kind: 'message-class.non-commercial', purposes, detail });
    if (o.requiresSubscription && !m.requiresSubscription)
      out.push({ kind: 'message-class.unsubscribed', purposes, detail });
  }
  return out;
}

const YEAR = endOf('P1Y');

/** Counted messages a person may receive in a year under a cap (Infinity: no cap). */
function perYear(cap: Comms['cap']): number {
  if (!cap) return Number.POSITIVE_INFINITY;
  if (cap.window === 'calendar-month') return cap.max * 12;
  if (cap.window === 'calendar-year') return cap.max;
  return (cap.max * YEAR) / endOf(cap.rollingWindow ?? 'P1M');
}

/** More messages (the cap), former customers reached longer or more often, senders, domains. */
function reachChanges(older: Policy, newer: Policy): Found[] {
  const oc = older.communications;
  const nc = newer.communications;
  if (!oc || !nc) return [];
  const out: Found[] = [];
  const all = messagedKept(older, newer);
  const marketing = newer.purposes.filter((p) => p.directMarketing && all.includes(p.id));
  const loosened = oc.cap?.mode === 'strict' && nc.cap?.mode === 'target';
  if (perYear(nc.cap) > perYear(oc.cap) || loosened)
    out.push({ kind: 'communications.cap', purposes: all, detail: {} });
  const of = oc.formerCustomers;
  const nf = nc.formerCustomers;
  const former =
    nf &&
    (!of ||
      longer(of.until, nf.until) ||
      endOf(nf.every) < endOf(of.every) ||
      (of.unlessObjected && !nf.unlessObjected));
  if (former)
    out.push({ kind: 'communications.former-customers', purposes: marketing.map((p) => p.id), detail: {} });
  // Marketing that names no senders or domains of its own takes the communications'.
  const senders = nc.senders.filter((e) => !oc.senders.includes(e));
  const noSenders = marketing.filter((p) => !p.senders).map((p) => p.id);
  if (senders.length > 0)
    for (const p of noSenders)
      out.push({ kind: 'purpose.senders', purposes: [p], detail: { added: senders } });
  const domains = oc.domains && (!nc.domains || nc.domains.some((d) => !oc.domains?.includes(d)));
  if (domains)
    for (const p of marketing.filter((x) => !x.domains))
      out.push({ kind: 'purpose.domains', purposes: [p.id], detail: {} });
  return out;
}

/** New products in the domains a purpose (or, for marketing, the controller) is limited to. */
function productChanges(older: Policy, newer: Policy): Found[] {
  const was = new Set((older.products ?? []).map((p) => p.id));
  const added = (newer.products ?? []).filter((p) => !was.has(p.id));
  if (added.length === 0 || was.size === 0) return [];
  const out: Found[] = [];
  const kept = keptPurposes(older, newer);
  for (const p of newer.purposes) {
    if (!kept.includes(p.id) || !(p.domains || p.directMarketing)) continue;
    const domains = p.domains ?? newer.communications?.domains;
    const mine = added.filter((x) => !domains || domains.includes(x.domain)).map((x) => x.id);
    if (mine.length > 0) out.push({ kind: 'purpose.products', purposes: [p.id], detail: { added: mine } });
  }
  return out;
}

// Garde's half-life of an interest when the policy states none (src/interests/model.ts).
const DEFAULT_HALF_LIFE = 'P30D';

/** Behaviour tracked for a purpose where it was not, more of it, of more people, kept longer. */
function trackingChanges(older: Policy, newer: Policy): Found[] {
  const ot = older.tracking;
  const nt = newer.tracking;
  const purpose = nt?.consentPurpose;
  if (!nt || !purpose || !keptPurposes(older, newer).includes(purpose)) return [];
  const purposes = [purpose];
  if (!ot || ot.consentPurpose !== purpose) return [{ kind: 'tracking.added', purposes, detail: {} }];
  const out: Found[] = [];
  const kinds = nt.eventKinds.map((k) => k.id).filter((k) => !ot.eventKinds.some((x) => x.id === k));
  if (kinds.length > 0) out.push({ kind: 'tracking.event-kinds', purposes, detail: { added: kinds } });
  const topics = nt.eventKinds.some((k) => {
    const o = ot.eventKinds.find((x) => x.id === k.id);
    return o && (k.topics ?? []).some((t) => !(o.topics ?? []).includes(t));
  });
  if (topics) out.push({ kind: 'tracking.topics', purposes, detail: {} });
  if (ot.identifiedOnly && !nt.identifiedOnly)
    out.push({ kind: 'tracking.unidentified', purposes, detail: {} });
  if (longer(ot.retention, nt.retention))
    out.push({ kind: 'tracking.retention', purposes, detail: { before: ot.retention, after: nt.retention } });
  const halfLife = (t: typeof nt) => t.interestHalfLife ?? DEFAULT_HALF_LIFE;
  if (longer(halfLife(ot), halfLife(nt)))
    out.push({ kind: 'tracking.half-life', purposes, detail: { before: halfLife(ot), after: halfLife(nt) } });
  return out;
}
