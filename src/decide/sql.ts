// decide()'s rules as SQL, for the bulk paths (tracking ingest, campaign audiences): the same
// rules, in the same order, naming the same first reason, as CASE branches over a row `s` of
// subjects and `c` (the purpose's consent). Pure text generation: no I/O. Property tests
// (tracking/gate.test.ts, comms/audience.test.ts) check the SQL and decide() agree.
import type { Policy, Purpose } from '../policy/schema.ts';
import { compilePolicy } from './compile.ts';

/** The SQL expressions (usually parameters) for the clock and the purpose id. */
export type Placeholders = { now: string; purpose: string };

/** A contact's static part, already checked by decide(): what remains is per subject. */
export type ContactSql = {
  requires: readonly string[];
  consentPurpose?: string;
  commercial: boolean;
  formerCustomers?: { every: string; until: string };
};

/** The WHEN branches, in decide()'s order: retention, controller, restriction, lifecycle, consent, objections, contact. */
export function judgeSql(policy: Policy, purpose: Purpose, p: Placeholders, contact?: ContactSql): string[] {
  const out = ["WHEN s.id IS NULL THEN 'subject.unknown'", ...retention(policy, purpose, p)];
  out.push("WHEN s.controller <> 'self' THEN 'controller.partner'");
  out.push(
    `WHEN EXISTS (SELECT 1 FROM restrictions r WHERE r.subject_id = s.id AND r.purpose IN ('', ${p.purpose})) THEN 'restriction.active'`,
  );
  if (purpose.lifecycles)
    out.push(
      `WHEN s.lifecycle NOT IN (${purpose.lifecycles.map(literal).join(', ')}) THEN 'lifecycle.not-allowed'`,
    );
  if (purpose.legalBasis === 'consent') {
    out.push(
      "WHEN c.state IS NULL THEN 'consent.missing'",
      "WHEN c.state <> 'given' THEN 'consent.' || c.state",
    );
  }
  const objection = (kind: string, reason: string, scope = `('', ${p.purpose})`) =>
    `WHEN EXISTS (SELECT 1 FROM objections o WHERE o.subject_id = s.id AND o.kind = '${kind}' AND o.purpose IN ${scope}) THEN '${reason}'`;
  if (purpose.directMarketing) out.push(objection('direct-marketing', 'objection.marketing'));
  if (purpose.profiling) out.push(objection('profiling', 'objection.profiling'));
  if (purpose.legalBasis === 'legitimate-interest')
    out.push(objection('legitimate-interest', 'objection.legitimate-interest'));
  if (contact) out.push(...contactSql(purpose, p, contact));
  return out;
}

function retention(policy: Policy, purpose: Purpose, p: Placeholders): string[] {
  const out: string[] = [];
  for (const category of purpose.categories) {
    for (const rule of compilePolicy(policy).retentionByCategory.get(category) ?? []) {
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
    }
  }
  return out;
}

function contactSql(purpose: Purpose, p: Placeholders, contact: ContactSql): string[] {
  const out: string[] = [];
  for (const need of contact.requires) {
    if (need === 'explicit-consent' && contact.commercial && contact.consentPurpose) {
      out.push(
        `WHEN (SELECT x.state FROM consents x WHERE x.subject_id = s.id AND x.purpose = ${literal(contact.consentPurpose)} AND x.channel = '') IS DISTINCT FROM 'given' THEN 'channel.requires_consent'`,
      );
    }
    if (need === 'no-objection' && contact.commercial) {
      out.push(
        "WHEN EXISTS (SELECT 1 FROM objections o WHERE o.subject_id = s.id AND o.kind = 'direct-marketing' AND o.purpose = '') THEN 'objection.marketing'",
      );
    }
  }
  const former = contact.formerCustomers;
  if (former && contact.commercial && purpose.directMarketing) {
    out.push(
      `WHEN s.lifecycle = 'former' AND s.contract_ended_on IS NOT NULL AND ${utc('s.contract_ended_on')} + interval ${literal(former.until)} <= ${p.now} THEN 'former.window-ended'`,
      `WHEN s.lifecycle = 'former' AND s.contract_ended_on IS NOT NULL AND EXISTS (SELECT 1 FROM communications m WHERE m.subject_id = s.id AND m.commercial AND m.sent_at + interval ${literal(former.every)} > ${p.now}) THEN 'former.too-soon'`,
    );
  }
  return out;
}

const utc = (column: string) => `(${column}::timestamp AT TIME ZONE 'UTC')`;

export function literal(value: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) throw new Error(`unsafe SQL literal ${value}`);
  return `'${value}'`;
}
