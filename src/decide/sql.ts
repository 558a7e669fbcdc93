// decide()'s rules as SQL, for the bulk paths (tracking ingest, campaign audiences, interest
// scoring): the same rules, in the same order, naming the same first reason, as CASE branches
// over a row `s` of subjects. Pure text generation: no I/O. Property tests
// (tracking/gate.test.ts, comms/audience.test.ts) check the SQL and decide() agree.
import { type Policy, type Purpose, RETENTION_CLOCKS } from '../policy/schema.ts';
import { compilePolicy } from './compile.ts';
import { OBJECTION_REASON, objectionKinds } from './decide.ts';
import { enteredAtSql } from './lifecycle.ts';
import { consentSql, type Probe } from './sql-consent.ts';

export type { Probe } from './sql-consent.ts';

/**
 * The SQL expressions (usually parameters) for the clock and the purpose id; the channel whose
 * consent applies (a policy channel id, absent: any channel); and when the judged data came into
 * being (e.g. `e.occurred_at`): then it must have been allowed then and without a break since.
 */
export type Placeholders = { now: string; purpose: string; channel?: string; occurredAt?: string };

/** A contact's static part, already checked by decide(): what remains is per subject. */
export type ContactSql = {
  channel: string;
  requires: readonly string[];
  consentPurpose?: string;
  commercial: boolean;
  /** BK-8: the message rests on this subscription (the class requires one). */
  subscription?: string;
  formerCustomers?: { every: string; until: string };
};

export type Judgement = {
  /** Joins to add after `s`: sets built once then hash-joined, or per-row probes. */
  joins: string[];
  /** The WHEN branches, in decide()'s order. */
  whens: string[];
  /** Since when the purpose's consent has held (null: not consent-based, or not given). */
  consentSince: string;
};

type Ctx = { joins: string[]; set: (alias: string, from: string) => string };

/**
 * decide()'s order: retention, look-back, controller, restriction, lifecycle, consent, objections, then
 * the contact's subscription, channel requirements and former-customer window. Set lookups are
 * joins, not correlated EXISTS, so a campaign over a million people stays a few hash joins;
 * `probe: 'lateral'` reads the consent by index per row instead (ingest of small batches).
 */
export function judgeSql(
  policy: Policy,
  purpose: Purpose,
  p: Placeholders,
  opts: { contact?: ContactSql; probe?: Probe } = {},
): Judgement {
  const joins: string[] = [];
  const set = (alias: string, from: string) => {
    joins.push(
      `LEFT JOIN (SELECT subject_id FROM ${from} GROUP BY subject_id) ${alias} ON ${alias}.subject_id = s.id`,
    );
    return `${alias}.subject_id IS NOT NULL`;
  };
  const ctx = { joins, set };
  const probe = opts.probe ?? 'hash';
  // Categories often share a clock and a duration: one branch each is enough.
  const out = ["WHEN s.id IS NULL THEN 'subject.unknown'", ...new Set(retention(policy, purpose, p))];
  // RT-11, RT-14: as decide(), data older than the purpose may look back is not used for it.
  if (p.occurredAt && purpose.lookBack)
    out.push(
      `WHEN ${p.occurredAt} + interval ${literal(purpose.lookBack)} <= ${p.now} THEN 'purpose.look-back-exceeded'`,
    );
  // A purpose with no clock (a notice that states no period, no look-back) reads no `now`, and
  // PostgreSQL cannot type a parameter the statement never names: name it once, typed.
  if (out.length === 1) joins.push(`CROSS JOIN (SELECT ${p.now}::timestamptz AS at) jnow`);
  out.push("WHEN s.controller <> 'self' THEN 'controller.partner'");
  out.push(`WHEN ${set('jr', `restrictions WHERE purpose IN ('', ${p.purpose})`)} THEN 'restriction.active'`);
  if (p.occurredAt) out.push(liftedSince('restriction_events', p, 'TRUE', 'restriction.since-event'));
  if (purpose.lifecycles) {
    out.push(
      `WHEN s.lifecycle NOT IN (${purpose.lifecycles.map(literal).join(', ')}) THEN 'lifecycle.not-allowed'`,
    );
    const entered = enteredAtSql(purpose.lifecycles, 's');
    if (p.occurredAt && entered) out.push(`WHEN ${entered} > ${p.occurredAt} THEN 'lifecycle.after-event'`);
  }
  let consentSince = 'NULL::timestamptz';
  if (purpose.legalBasis === 'consent') {
    const channels = compilePolicy(policy).consentChannels.get(purpose.id) ?? null;
    // Issue 17: a consent the policy's change outdated answers 'consent.outdated', as in decide().
    const c = consentSql(
      channels,
      p.purpose,
      p.channel,
      'c',
      probe,
      compilePolicy(policy).outdatedConsents.get(purpose.id),
    );
    joins.push(c.join);
    consentSince = c.since;
    out.push(
      `WHEN ${c.state} IS NULL THEN 'consent.missing'`,
      `WHEN ${c.state} <> 'given' THEN 'consent.' || ${c.state}`,
    );
    if (p.occurredAt) out.push(`WHEN ${c.since} > ${p.occurredAt} THEN 'consent.after-event'`);
  }
  out.push(...objectionsSql(purpose, p, ctx));
  if (opts.contact) out.push(...contactSql(policy, purpose, p, opts.contact, ctx, probe));
  return { joins, whens: out, consentSince };
}

function objectionsSql(purpose: Purpose, p: Placeholders, ctx: Ctx): string[] {
  const kinds = objectionKinds(purpose);
  const out = kinds.map(
    (kind) =>
      `WHEN ${ctx.set(`jo_${kind.replaceAll('-', '_')}`, `objections WHERE kind = '${kind}' AND purpose IN ('', ${p.purpose})`)} THEN '${OBJECTION_REASON[kind]}'`,
  );
  if (p.occurredAt && kinds.length > 0) {
    const which = `x.kind IN (${kinds.map(literal).join(', ')})`;
    out.push(liftedSince('objection_events', p, which, 'objection.since-event'));
  }
  return out;
}

/**
 * BK-1, BK-4, BK-16: since when permission has held without a break, per subject, for bulk
 * readers of past data (interest scoring): the start of the current consent and the last lift
 * of an objection or restriction that applied. Data from before it is not covered. Joins (hash
 * sets) to add after the judgement's own, and the expression (NULL: no limit).
 */
export function permissionSinceSql(
  purpose: Purpose,
  p: Placeholders,
  judged: Judgement,
): { joins: string[]; since: string } {
  const kinds = objectionKinds(purpose);
  const lifts = (alias: string, table: string, which: string) =>
    `LEFT JOIN (SELECT subject_id, max(recorded_at) AS at FROM ${table} WHERE action = 'lifted' AND ${which} AND purpose IN ('', ${p.purpose}) GROUP BY subject_id) ${alias} ON ${alias}.subject_id = s.id`;
  const joins = [lifts('lr', 'restriction_events', 'TRUE')];
  const parts = [judged.consentSince, 'lr.at'];
  // EN-3: a purpose covers what happened since the person last entered its lifecycles.
  const entered = enteredAtSql(purpose.lifecycles, 's');
  if (entered) parts.push(entered);
  if (kinds.length > 0) {
    joins.push(lifts('lo', 'objection_events', `kind IN (${kinds.map(literal).join(', ')})`));
    parts.push('lo.at');
  }
  return { joins, since: `GREATEST(${parts.join(', ')})` };
}

/** BK-1, BK-16: permission interrupted after the data came into being (a lift since then). */
function liftedSince(table: string, p: Placeholders, which: string, reason: string): string {
  return `WHEN EXISTS (SELECT 1 FROM ${table} x WHERE x.subject_id = s.id AND x.action = 'lifted' AND ${which} AND x.purpose IN ('', ${p.purpose}) AND x.recorded_at > ${p.occurredAt}) THEN '${reason}'`;
}

/**
 * The person's reported `event` (retentionEvents) happened `duration` or more before `now`: the
 * clock that counts from it has run out. One statement for decide()'s mirror and the retention
 * plan, so the two cannot disagree.
 */
export function eventClockPast(subject: string, event: string, duration: string, now: string): string {
  return `EXISTS (SELECT 1 FROM retention_events c WHERE c.subject_id = ${subject} AND c.event = ${literal(event)} AND c.occurred_at + interval ${literal(duration)} <= ${now})`;
}

/** The subject-level clocks; events carry their own age limit, checked before (tracking/model.ts). */
function retention(policy: Policy, purpose: Purpose, p: Placeholders): string[] {
  const out: string[] = [];
  for (const category of purpose.categories) {
    for (const rule of compilePolicy(policy).retentionByCategory.get(category) ?? []) {
      // As decide(): a rule that keeps the data for other purposes does not end this one's use.
      if (!rule.duration || (rule.purposes && !rule.purposes.includes(purpose.id))) continue;
      const lifecycles = rule.lifecycles
        ? ` AND s.lifecycle IN (${rule.lifecycles.map(literal).join(', ')})`
        : '';
      if (rule.clock === 'last-contact') {
        // decide() names a lapsed prospect 'prospect.expired', anyone else 'retention.expired'.
        out.push(
          `WHEN s.last_contact_at IS NOT NULL${lifecycles} AND s.last_contact_at + interval ${literal(rule.duration)} <= ${p.now} THEN CASE WHEN s.lifecycle = 'prospect' THEN 'prospect.expired' ELSE 'retention.expired' END`,
        );
      }
      if (rule.clock === 'contract-end') {
        out.push(
          `WHEN s.lifecycle = 'former' AND s.contract_ended_on IS NOT NULL${lifecycles} AND ${utc('s.contract_ended_on')} + interval ${literal(rule.duration)} <= ${p.now} THEN 'retention.expired'`,
        );
      }
      if (rule.clock && !(RETENTION_CLOCKS as readonly string[]).includes(rule.clock)) {
        // A clock the policy names (retentionEvents): the event the controller reported.
        out.push(
          `WHEN ${eventClockPast('s.id', rule.clock, rule.duration, p.now)}${lifecycles} THEN 'retention.expired'`,
        );
      }
    }
  }
  return out;
}

function contactSql(
  policy: Policy,
  purpose: Purpose,
  p: Placeholders,
  contact: ContactSql,
  ctx: Ctx,
  probe: Probe,
): string[] {
  const out: string[] = [];
  if (contact.subscription) {
    const held = ctx.set('jsub', `subscriptions WHERE topic = ${literal(contact.subscription)}`);
    out.push(`WHEN NOT ${held} THEN 'subscription.not-subscribed'`);
  }
  for (const need of contact.requires) {
    const consentPurpose = contact.consentPurpose
      ? compilePolicy(policy).purposes.get(contact.consentPurpose)
      : undefined;
    if (need === 'explicit-consent' && contact.commercial && !contact.subscription) {
      // A channel with no (known) consent purpose can never have the consent it needs.
      const channels = consentPurpose
        ? (compilePolicy(policy).consentChannels.get(consentPurpose.id) ?? null)
        : null;
      const c = consentPurpose
        ? consentSql(
            channels,
            literal(consentPurpose.id),
            contact.channel,
            'jc',
            probe,
            compilePolicy(policy).outdatedConsents.get(consentPurpose.id),
          )
        : { join: '', state: 'NULL' };
      if (c.join) ctx.joins.push(c.join);
      out.push(`WHEN ${c.state} IS DISTINCT FROM 'given' THEN 'channel.requires_consent'`);
    }
    if (need === 'no-objection' && contact.commercial) {
      out.push(
        `WHEN ${ctx.set('jo_any', "objections WHERE kind = 'direct-marketing' AND purpose = ''")} THEN 'objection.marketing'`,
      );
    }
  }
  const former = contact.formerCustomers;
  if (former && contact.commercial && purpose.directMarketing) {
    out.push(
      `WHEN s.lifecycle = 'former' AND s.contract_ended_on IS NOT NULL AND ${utc('s.contract_ended_on')} + interval ${literal(former.until)} <= ${p.now} THEN 'former.window-ended'`,
      `WHEN s.lifecycle = 'former' AND s.contract_ended_on IS NOT NULL AND ${ctx.set('jm', `communications WHERE commercial AND sent_at + interval ${literal(former.every)} > ${p.now}`)} THEN 'former.too-soon'`,
    );
  }
  return out;
}

const utc = (column: string) => `(${column}::timestamp AT TIME ZONE 'UTC')`;

export function literal(value: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) throw new Error(`unsafe SQL literal ${value}`);
  return `'${value}'`;
}
