// The one decision point. Pure: no I/O, no clock (now is passed in). Every gate calls it and
// gets allow plus the stable reason codes behind the answer; every refusal reason found is
// listed, not just the first, so the answer explains itself.
import { addDuration, toDate } from '../policy/duration.ts';
import { type Policy, type Purpose, RETENTION_CLOCKS } from '../policy/schema.ts';
import { transferProblems, type UnstatedCountryGround, unstatedCountryGround } from '../policy/transfers.ts';
import { type CompiledPolicy, compilePolicy } from './compile.ts';
import { consentSince, resolveConsent } from './consent.ts';
import { enteredAt } from './lifecycle.ts';
import type { ReasonCode } from './reasons.ts';
import type { Decision, DecisionRequest, Lift, ObjectionKind, SubjectState } from './types.ts';

export function decide(policy: Policy, state: SubjectState, request: DecisionRequest, now: Date): Decision {
  const c = compilePolicy(policy);
  const purpose = c.purposes.get(request.purpose);
  if (!purpose) return { allow: false, reasons: ['purpose.unknown'] };
  const action = request.action ?? 'process';
  const denied: ReasonCode[] = [];
  const allowed: ReasonCode[] = [];

  // EN-10: past its retention period nothing may happen to the data, not even keeping it.
  retention(c, purpose, state, now, denied);
  if (action === 'keep') return answer(denied, ['retention.within']);
  const since = request.occurredAt === undefined ? null : toDate(request.occurredAt);
  // RT-11, RT-14: retention keeps the data; the purpose may not look back further than it says.
  if (since && purpose.lookBack && addDuration(since, purpose.lookBack) <= now)
    denied.push('purpose.look-back-exceeded');

  // EN-2: data we hold for a partner controller is governed by the partner's policy.
  if (state.controller !== 'self') denied.push('controller.partner');
  if (state.restrictions.some((r) => r.purpose === null || r.purpose === purpose.id))
    denied.push('restriction.active');
  if (since && liftedSince(state, 'restriction', purpose, since)) denied.push('restriction.since-event');
  if (purpose.lifecycles && !purpose.lifecycles.includes(state.lifecycle))
    denied.push('lifecycle.not-allowed');
  // A purpose for customers did not apply to what the person did before becoming one.
  else if (since && beforeLifecycle(purpose, state, since)) denied.push('lifecycle.after-event');
  legalBasis(c, purpose, state, request, since, denied, allowed);
  objections(purpose, state, denied);
  if (since && liftedSince(state, 'objection', purpose, since)) denied.push('objection.since-event');
  if (purpose.domains && request.domain !== undefined && !purpose.domains.includes(request.domain)) {
    denied.push('domain.not-allowed');
  }
  if (outsideMarketedDomains(c, purpose, request, action)) denied.push('domain.not-marketed');
  if (action === 'contact') contact(c, purpose, state, request, now, denied);
  if (action === 'disclose') {
    denied.push(...disclosure(policy, request));
    const ground = unstatedCountryReason(policy, request.recipient);
    if (ground) allowed.push(ground);
  }
  return answer(denied, allowed);
}

/**
 * BK-15, EN-7, EN-8: whether a recipient may receive these fields for this purpose, from where it
 * is established (Chapter V: the policy check's own answer, src/policy/transfers.ts). The part of
 * a disclosure that does not depend on the person, so bulk readers ask it once per request and
 * judge the people in SQL (decide/sql.ts).
 */
export function disclosure(
  policy: Policy,
  request: Pick<DecisionRequest, 'purpose' | 'recipient' | 'fields'>,
): ReasonCode[] {
  const recipient = policy.recipients.find((r) => r.id === request.recipient);
  if (!recipient) return ['recipient.unknown'];
  const out: ReasonCode[] = [];
  if (!recipient.purposes.includes(request.purpose)) out.push('recipient.purpose-not-allowed');
  // Need to know: a recipient sees only the fields its entry lists; one that lists none sees none.
  if ((request.fields ?? []).some((f) => !(recipient.fields ?? []).includes(f)))
    out.push('recipient.field-not-allowed');
  if (transferProblems(recipient, policy).length > 0) out.push('recipient.transfer-not-safeguarded');
  return out;
}

/**
 * EN-6(c): marketing (a direct-marketing purpose, or a commercial message on any purpose) is
 * about products of `communications.domains` only, when the policy lists them.
 */
function outsideMarketedDomains(
  c: CompiledPolicy,
  purpose: Purpose,
  request: DecisionRequest,
  action: string,
): boolean {
  if (!c.marketingDomains || request.domain === undefined || c.marketingDomains.has(request.domain))
    return false;
  if (purpose.directMarketing) return true;
  // Without a class a message is taken as commercial: the stricter reading, as in contact().
  const cls = request.messageClass === undefined ? undefined : c.classes.get(request.messageClass);
  return action === 'contact' && (cls?.commercial ?? true);
}

const UNSTATED_COUNTRY: Record<UnstatedCountryGround, ReasonCode> = {
  'eea-promised': 'recipient.country-unstated-eea-promised',
  safeguard: 'recipient.country-unstated-safeguard',
  'policy-mechanisms': 'recipient.country-unstated-mechanisms',
};

/**
 * RT-32: a recipient whose country is not stated is never silently taken to be in the EEA: an
 * allowed disclosure to it says what it rests on (the policy's promise, a safeguard that holds
 * anywhere, or the mechanisms the notice lists).
 */
export function unstatedCountryReason(
  policy: Policy,
  recipientId: string | undefined,
): ReasonCode | undefined {
  const recipient = policy.recipients.find((r) => r.id === recipientId);
  const ground = recipient ? unstatedCountryGround(recipient, policy) : undefined;
  return ground ? UNSTATED_COUNTRY[ground] : undefined;
}

function answer(denied: ReasonCode[], allowed: ReasonCode[]): Decision {
  return denied.length > 0 ? { allow: false, reasons: dedupe(denied) } : { allow: true, reasons: allowed };
}

function dedupe(codes: ReasonCode[]): ReasonCode[] {
  return codes.length < 2 ? codes : [...new Set(codes)];
}

function legalBasis(
  c: CompiledPolicy,
  purpose: Purpose,
  state: SubjectState,
  request: DecisionRequest,
  since: Date | null,
  denied: ReasonCode[],
  allowed: ReasonCode[],
): void {
  if (purpose.legalBasis !== 'consent') {
    allowed.push(`basis.${purpose.legalBasis}`);
    return;
  }
  // BK-11, EN-9: a channel's own record answers for it (src/decide/consent.ts).
  // Issue 17: a consent given under an earlier policy whose change renews it answers `outdated`.
  const channels = c.consentChannels.get(purpose.id) ?? null;
  const consent = resolveConsent(
    state,
    purpose.id,
    request.channel,
    channels,
    c.outdatedConsents.get(purpose.id),
  );
  if (consent.state !== 'given') {
    denied.push(consent.state === undefined ? 'consent.missing' : `consent.${consent.state}`);
    return;
  }
  // BK-1, BK-16: behaviour from before the consent is not covered by it.
  const given = since ? consentSince(state, consent) : null;
  if (since && given && given > since) denied.push('consent.after-event');
  else allowed.push('consent.given');
}

const kindsOf = new WeakMap<Purpose, readonly ObjectionKind[]>();

/** The kinds of objection that stop a purpose, in the order the SQL mirror checks them. */
export function objectionKinds(purpose: Purpose): readonly ObjectionKind[] {
  const hit = kindsOf.get(purpose);
  if (hit) return hit;
  const kinds: ObjectionKind[] = [];
  // Art. 21(2)-(3): an objection to direct marketing always stops it.
  if (purpose.directMarketing) kinds.push('direct-marketing');
  if (purpose.profiling) kinds.push('profiling');
  if (purpose.legalBasis === 'legitimate-interest') kinds.push('legitimate-interest');
  kindsOf.set(purpose, kinds);
  return kinds;
}

/** The reason each kind of objection gives, for decide() and its SQL mirror. */
export const OBJECTION_REASON = {
  'direct-marketing': 'objection.marketing',
  profiling: 'objection.profiling',
  'legitimate-interest': 'objection.legitimate-interest',
} as const satisfies Record<ObjectionKind, ReasonCode>;

function objections(purpose: Purpose, state: SubjectState, denied: ReasonCode[]): void {
  if (state.objections.length === 0) return;
  for (const kind of objectionKinds(purpose)) {
    if (state.objections.some((o) => o.kind === kind && (o.purpose === null || o.purpose === purpose.id)))
      denied.push(OBJECTION_REASON[kind]);
  }
}

function beforeLifecycle(purpose: Purpose, state: SubjectState, since: Date): boolean {
  const entered = enteredAt(purpose.lifecycles, state);
  return entered !== null && entered > since;
}

/** An objection or restriction that applied to the purpose was lifted after `since`. */
function liftedSince(state: SubjectState, what: Lift['what'], purpose: Purpose, since: Date): boolean {
  const kinds = objectionKinds(purpose);
  return (state.lifted ?? []).some(
    (l) =>
      l.what === what &&
      (l.purpose === null || l.purpose === purpose.id) &&
      (l.what === 'restriction' || kinds.includes(l.kind)) &&
      toDate(l.at) > since,
  );
}

function contact(
  c: CompiledPolicy,
  purpose: Purpose,
  state: SubjectState,
  req: DecisionRequest,
  now: Date,
  denied: ReasonCode[],
): void {
  const channel = req.channel === undefined ? undefined : c.channels.get(req.channel);
  if (!channel) denied.push('channel.unknown');
  // Without a class the message is taken as commercial: the stricter reading.
  const cls = req.messageClass === undefined ? undefined : c.classes.get(req.messageClass);
  if (req.messageClass !== undefined && !cls) denied.push('class.unknown');
  if (cls?.purposes && !cls.purposes.includes(purpose.id)) denied.push('class.not-allowed');
  // BK-7, BK-8: a class meant for some channels (a website banner) is not sent on others.
  if (cls?.channels && req.channel !== undefined && !cls.channels.includes(req.channel))
    denied.push('class.channel-not-allowed');
  const commercial = cls?.commercial ?? true;
  // BK-8: a subscribed newsletter rests on the subscription, not on marketing consent.
  const subscribed = cls?.requiresSubscription === true;
  if (subscribed) subscription(c, state, req, denied);
  for (const need of channel?.requires ?? []) {
    // BK-10: banners and in-app messages only in an identified session.
    if (need === 'identified-session' && !req.identifiedSession) denied.push('channel.requires_login');
    // BK-11: commercial e-mail only with prior, explicit consent for the channel's consent
    // purpose, on that channel.
    if (
      need === 'explicit-consent' &&
      commercial &&
      !subscribed &&
      resolveConsent(
        state,
        channel?.consentPurpose ?? '',
        channel?.id,
        c.consentChannels.get(channel?.consentPurpose ?? '') ?? null,
        c.outdatedConsents.get(channel?.consentPurpose ?? ''),
      ).state !== 'given'
    ) {
      denied.push('channel.requires_consent');
    }
    // BK-9: operational and legal messages are not marketing; an objection does not stop them.
    if (
      need === 'no-objection' &&
      commercial &&
      state.objections.some((o) => o.kind === 'direct-marketing' && o.purpose === null)
    ) {
      denied.push('objection.marketing');
    }
  }
  // BK-14: only the controller's allowed entities make proposals.
  if (purpose.directMarketing || purpose.senders) {
    const sender = req.sender;
    if (sender === undefined) denied.push('sender.missing');
    else if (!(purpose.senders?.includes(sender) ?? true) || !(c.senders?.has(sender) ?? true))
      denied.push('sender.not-allowed');
  }
  if (state.lifecycle === 'former' && commercial && purpose.directMarketing)
    formerCustomer(c, state, now, denied);
}

// BK-8: the message names a subscription of the policy that the person holds.
function subscription(
  c: CompiledPolicy,
  state: SubjectState,
  req: DecisionRequest,
  denied: ReasonCode[],
): void {
  if (req.subscription === undefined) denied.push('subscription.missing');
  else if (!c.subscriptions.has(req.subscription)) denied.push('subscription.unknown');
  else if (!state.subscriptions?.includes(req.subscription)) denied.push('subscription.not-subscribed');
}

// EN-10: former customers at most once per period, until a limit after the contract ended.
function formerCustomer(c: CompiledPolicy, state: SubjectState, now: Date, denied: ReasonCode[]): void {
  const rule = c.formerCustomers;
  if (!rule || !state.contractEndedOn) return;
  if (now >= addDuration(toDate(state.contractEndedOn), rule.until)) denied.push('former.window-ended');
  const last = state.lastCommercialContactAt;
  if (last && now < addDuration(toDate(last), rule.every)) denied.push('former.too-soon');
}

// The subject-level clocks: last contact (prospects) and contract end (customers who left).
function retention(
  c: CompiledPolicy,
  purpose: Purpose,
  state: SubjectState,
  now: Date,
  denied: ReasonCode[],
): void {
  for (const category of purpose.categories) {
    for (const rule of c.retentionByCategory.get(category) ?? []) {
      if (rule.lifecycles && !rule.lifecycles.includes(state.lifecycle)) continue;
      // Issue 13: a rule that keeps the data for other purposes does not end this one's use.
      if (rule.purposes && !rule.purposes.includes(purpose.id)) continue;
      const start = rule.clock ? clockStart(rule.clock, state) : null;
      // No stated period: nothing expires by itself (the DPO reviews it).
      if (!start || !rule.duration || now < addDuration(toDate(start), rule.duration)) continue;
      denied.push(
        rule.clock === 'last-contact' && state.lifecycle === 'prospect'
          ? 'prospect.expired'
          : 'retention.expired',
      );
    }
  }
}

function clockStart(clock: string, state: SubjectState): string | Date | null {
  if (clock === 'last-contact') return state.lastContactAt;
  // A returning customer's old contract end does not run the clock while a contract is live.
  if (clock === 'contract-end') return state.lifecycle === 'former' ? state.contractEndedOn : null;
  // Row clocks (event time, invoice date) judge rows, not the person: the retention run applies them.
  if ((RETENTION_CLOCKS as readonly string[]).includes(clock)) return null;
  // A clock the policy names: the event the controller reported, if it has happened.
  return state.retentionEvents?.[clock] ?? null;
}
