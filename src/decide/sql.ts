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

export type Judgement = {
  /** LEFT JOINs to add after `s` (and `c`): each set is built once, then hash-joined. */
  joins: string[];
  /** The WHEN branches, in decide()'s order. */
  whens: string[];
};

/**
 * decide()'s order: retention, controller, restriction, lifecycle, consent, objections, then
 * the contact's channel requirements and former-customer window. Set lookups are joins, not
 * correlated EXISTS, so a campaign over a million people stays a few hash joins.
 */
export function judgeSql(policy: Policy, purpose: Purpose, p: Placeholders, contact?: ContactSql): Judgement {
  const joins: string[] = [];
  const set = (alias: string, from: string) => {
    joins.push(
      `LEFT JOIN (SELECT subject_id FROM ${from} GROUP BY subject_id) ${alias} ON ${alias}.subject_id = s.id`,
    );
    return `${alias}.subject_id IS NOT NULL`;
  };
  const out = ["WHEN s.id IS NULL THEN 'subject.unknown'", ...retention(policy, purpose, p)];
  out.push("WHEN s.controller <> 'self' THEN 'controller.partner'");
  out.push(`WHEN ${set('jr', `restrictions WHERE purpose IN ('', ${p.purpose})`)} THEN 'restriction.active'`);
  if (purpose.lifecycles) {
    out.push(
      `WHEN s.lifecycle NOT IN (${purpose.lifecycles.map(literal).join(', ')}) THEN 'lifecycle.not-allowed'`,
    );
  }
  if (purpose.legalBasis === 'consent') {
    out.push(
      "WHEN c.state IS NULL THEN 'consent.missing'",
      "WHEN c.state <> 'given' THEN 'consent.' || c.state",
    );
  }
  const objection = (kind: string, reason: string) =>
    `WHEN ${set(`jo_${kind.replaceAll('-', '_')}`, `objections WHERE kind = '${kind}' AND purpose IN ('', ${p.purpose})`)} THEN '${reason}'`;
  if (purpose.directMarketing) out.push(objection('direct-marketing', 'objection.marketing'));
  if (purpose.profiling) out.push(objection('profiling', 'objection.profiling'));
  if (purpose.legalBasis === 'legitimate-interest')
    out.push(objection('legitimate-interest', 'objection.legitimate-interest'));
  if (contact) out.push(...contactSql(purpose, p, contact, joins, set));
  return { joins, whens: out };
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

function contactSql(
  purpose: Purpose,
  p: Placeholders,
  contact: ContactSql,
  joins: string[],
  set: (alias: string, from: string) => string,
): string[] {
  const out: string[] = [];
  for (const need of contact.requires) {
    if (need === 'explicit-consent' && contact.commercial && contact.consentPurpose) {
      joins.push(
        `LEFT JOIN consents jc ON jc.subject_id = s.id AND jc.purpose = ${literal(contact.consentPurpose)} AND jc.channel = ''`,
      );
      out.push("WHEN jc.state IS DISTINCT FROM 'given' THEN 'channel.requires_consent'");
    }
    if (need === 'no-objection' && contact.commercial) {
      out.push(
        `WHEN ${set('jo_any', "objections WHERE kind = 'direct-marketing' AND purpose = ''")} THEN 'objection.marketing'`,
      );
    }
  }
  const former = contact.formerCustomers;
  if (former && contact.commercial && purpose.directMarketing) {
    out.push(
      `WHEN s.lifecycle = 'former' AND s.contract_ended_on IS NOT NULL AND ${utc('s.contract_ended_on')} + interval ${literal(former.until)} <= ${p.now} THEN 'former.window-ended'`,
      `WHEN s.lifecycle = 'former' AND s.contract_ended_on IS NOT NULL AND ${set('jm', `communications WHERE commercial AND sent_at + interval ${literal(former.every)} > ${p.now}`)} THEN 'former.too-soon'`,
    );
  }
  return out;
}

const utc = (column: string) => `(${column}::timestamp AT TIME ZONE 'UTC')`;

export function literal(value: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) throw new Error(`unsafe SQL literal ${value}`);
  return `'${value}'`;
}
