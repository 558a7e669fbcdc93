// The tracking gate as SQL, generated from the policy so it states the same rule as decide()
// for the tracking purpose, in the same order, and names the same first reason. A property
// test (gate.test.ts) checks the two agree on random states.
import { compilePolicy } from '../decide/compile.ts';
import type { Policy, Purpose } from '../policy/schema.ts';

export type GateSql = { sql: string; params: unknown[] };

/**
 * One statement: judge every event of the batch ($1..$5 arrays), insert those with no reason,
 * and return the count per reason plus 'accepted'. $6 is now, $7 the tracking purpose.
 */
export function ingestStatement(policy: Policy): { sql: string; purpose: Purpose } {
  const tracking = policy.tracking;
  const purpose = tracking && compilePolicy(policy).purposes.get(tracking.consentPurpose);
  if (!purpose) throw new Error('the policy declares no tracking purpose');
  const cases = judgement(policy, purpose);
  const sql = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::jsonb[])
    AS e(subject_id, occurred_at, kind, topic, props)
), judged AS (
  SELECT e.*, CASE
${cases.map((c) => `    ${c}`).join('\n')}
  END AS reason
  FROM input e
  -- LATERAL: an index probe per event, whatever the size of the tables (no full-table hash).
  LEFT JOIN LATERAL (SELECT id, lifecycle, controller, contract_ended_on, last_contact_at FROM subjects WHERE id = e.subject_id) s ON true
  LEFT JOIN LATERAL (SELECT state FROM consents WHERE subject_id = e.subject_id AND purpose = $7 AND channel = '') c ON true
), kept AS (
  INSERT INTO events (subject_id, occurred_at, kind, topic, props)
  SELECT subject_id, occurred_at, kind, topic, props FROM judged WHERE reason IS NULL
  RETURNING 1
)
SELECT reason, count(*)::int AS n FROM judged WHERE reason IS NOT NULL GROUP BY reason
UNION ALL SELECT 'accepted', count(*)::int FROM kept`;
  return { sql, purpose };
}

/** The WHEN branches, in decide()'s order: retention, controller, restriction, lifecycle, consent, objections. */
function judgement(policy: Policy, purpose: Purpose): string[] {
  const c = compilePolicy(policy);
  const out = ["WHEN s.id IS NULL THEN 'subject.unknown'"];
  for (const category of purpose.categories) {
    for (const rule of c.retentionByCategory.get(category) ?? []) {
      const lifecycles = rule.lifecycles
        ? ` AND s.lifecycle IN (${rule.lifecycles.map(literal).join(', ')})`
        : '';
      if (rule.clock === 'last-contact') {
        // decide() names a lapsed prospect 'prospect.expired', anyone else 'retention.expired'.
        out.push(
          `WHEN s.last_contact_at IS NOT NULL${lifecycles} AND s.last_contact_at + interval ${literal(rule.duration)} <= $6 THEN CASE WHEN s.lifecycle = 'prospect' THEN 'prospect.expired' ELSE 'retention.expired' END`,
        );
      }
      if (rule.clock === 'contract-end') {
        out.push(
          `WHEN s.lifecycle = 'former' AND s.contract_ended_on IS NOT NULL${lifecycles} AND (s.contract_ended_on::timestamp AT TIME ZONE 'UTC') + interval ${literal(rule.duration)} <= $6 THEN 'retention.expired'`,
        );
      }
    }
  }
  out.push("WHEN s.controller <> 'self' THEN 'controller.partner'");
  out.push(
    "WHEN EXISTS (SELECT 1 FROM restrictions r WHERE r.subject_id = s.id AND r.purpose IN ('', $7)) THEN 'restriction.active'",
  );
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
    `WHEN EXISTS (SELECT 1 FROM objections o WHERE o.subject_id = s.id AND o.kind = '${kind}' AND o.purpose IN ('', $7)) THEN '${reason}'`;
  if (purpose.directMarketing) out.push(objection('direct-marketing', 'objection.marketing'));
  if (purpose.profiling) out.push(objection('profiling', 'objection.profiling'));
  if (purpose.legalBasis === 'legitimate-interest')
    out.push(objection('legitimate-interest', 'objection.legitimate-interest'));
  return out;
}

function literal(value: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) throw new Error(`unsafe SQL literal ${value}`);
  return `'${value}'`;
}
