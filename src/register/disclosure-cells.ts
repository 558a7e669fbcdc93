// The register's cells on who receives the data, where it goes, how long it is kept and how it
// is protected: Art. 30(1)(d)-(g). Transfers are judged by the rules the disclosure gates use
// (src/policy/transfers.ts), so the register never lists as safe what Garde refuses. Pure.
import { DEFAULT_SESSION_ABSOLUTE_TIMEOUT, DEFAULT_SESSION_IDLE_TIMEOUT } from '../keys/sessions.ts';
import { isLegalObligation, rulesForPurpose } from '../policy/retention-rules.ts';
import type { Policy, Purpose, Recipient, RetentionRule } from '../policy/schema.ts';
import type { TransferMechanismStated, TransferSafeguard } from '../policy/schema-detail.ts';
import { EEA_COUNTRIES, unstatedCountryGround } from '../policy/transfers.ts';
import { clockWords } from '../retention/clock-words.ts';
import type { MessageId } from '../words/messages.ts';
import type { Words } from '../words/words.ts';
import { cellOf, countryName } from './cells.ts';

/** Art. 49(1): the article of each derogation, its point or its second subparagraph. */
export const DEROGATION_ARTICLE: Record<NonNullable<TransferSafeguard['derogation']>, string> = {
  'explicit-consent': '49(1)(a)',
  'contract-with-subject': '49(1)(b)',
  'contract-for-subject': '49(1)(c)',
  'public-interest': '49(1)(d)',
  'legal-claims': '49(1)(e)',
  'vital-interests': '49(1)(f)',
  'public-register': '49(1)(g)',
  'compelling-legitimate-interest': '49(1)',
};

const recipientsOf = (policy: Policy, x: Purpose) =>
  policy.recipients.filter((r) => r.purposes.includes(x.id));

/** Art. 30(1)(d): each recipient by name, with its kind and where it is established. */
export function recipientsCell(policy: Policy, x: Purpose, w: Words): string {
  const parts = recipientsOf(policy, x).map((r) =>
    w.say('register.recipient', {
      name: r.name,
      kind: w.say(`recipientKind.${r.kind}` as MessageId),
      where: r.country ? countryName(r.country, w.language) : w.say('register.countryNotStated'),
    }),
  );
  return cellOf(w, parts, 'register.none');
}

/**
 * Art. 30(1)(e): every recipient outside the EEA, or whose country is not stated and whose kind
 * the policy does not promise to keep in the EEA, with the safeguard the transfer rests on.
 */
export function transfersCell(policy: Policy, x: Purpose, w: Words): string {
  // Recipients that go to the same place on the same safeguard are named together.
  const groups = new Map<string, { names: string[]; country: string; safeguard: string }>();
  for (const r of recipientsOf(policy, x)) {
    const abroad = r.country
      ? !EEA_COUNTRIES.has(r.country)
      : unstatedCountryGround(r, policy) !== 'eea-promised';
    if (!abroad) continue;
    const country = r.country ? countryName(r.country, w.language) : w.say('register.countryNotStated');
    const safeguard = safeguardWords(policy, r, w);
    const key = `${country}\u0000${safeguard}`;
    const group = groups.get(key) ?? { names: [], country, safeguard };
    group.names.push(r.name);
    groups.set(key, group);
  }
  const parts = [...groups.values()].map((g) =>
    w.say('register.transfer', { name: w.list(g.names), country: g.country, safeguard: g.safeguard }),
  );
  return cellOf(w, parts, recipientsOf(policy, x).length > 0 ? 'register.noTransfer' : 'register.none');
}

export function mechanismWords(m: TransferMechanismStated | TransferSafeguard, w: Words): string {
  if (typeof m === 'string') return w.say(`transfer.${m}` as MessageId);
  const derogation =
    'mechanism' in m ? (m.mechanism === 'derogation' ? m.derogation : undefined) : m.derogation;
  if ('mechanism' in m && m.mechanism !== 'derogation') return w.say(`transfer.${m.mechanism}` as MessageId);
  return w.say('transfer.derogation', { article: derogation ? DEROGATION_ARTICLE[derogation] : '49(1)' });
}

function safeguardWords(policy: Policy, r: Recipient, w: Words): string {
  const s = r.safeguard;
  if (typeof s === 'string') return s;
  if (s) return mechanismWords(s, w);
  const listed = policy.transfers?.mechanisms;
  if (listed)
    return w.say('register.transferMechanisms', {
      mechanisms: w.list(listed.map((m) => mechanismWords(m, w))),
    });
  return w.say('register.noSafeguard');
}

/** One rule in words: "1 year from when it happened", the notice's own words, or "not stated". */
export function ruleWords(policy: Policy, r: RetentionRule, w: Words): string {
  let kept: string;
  if (r.duration && r.clock)
    kept = w.say(isLegalObligation(policy, r) ? 'report.keptForLegal' : 'report.keptFor', {
      duration: w.duration(r.duration),
      clock: clockWords(policy, r.clock, w),
    });
  else if (r.period)
    kept = r.review
      ? w.say('register.review', { period: w.text(r.period), review: w.duration(r.review) })
      : w.text(r.period);
  else kept = w.say('register.notStated');
  if (!r.lifecycles?.length) return kept;
  return w.say('register.forWhom', {
    kept,
    who: w.list(r.lifecycles.map((l) => w.say(`lifecycle.${l}` as MessageId))),
  });
}

/** Art. 30(1)(f): per category of the purpose, the envisaged time limit for erasure. */
export function retentionCell(policy: Policy, x: Purpose, w: Words): string {
  const parts = x.categories.map((id) => {
    const c = policy.categories.find((y) => y.id === id);
    const rules = rulesForPurpose(policy, x, id);
    const text =
      rules.length > 0 ? rules.map((r) => ruleWords(policy, r, w)).join(', ') : w.say('register.notStated');
    return w.say('register.about', { category: c ? w.text(c.description) : id, text });
  });
  return cellOf(w, parts);
}

/**
 * Art. 30(1)(g), EN-16, EN-17: the security measures the policy states (its `security`, and the
 * categories whose fields are encrypted), as `policy show` lists them (src/policy/summary.ts).
 */
export function securityCell(policy: Policy, w: Words): string {
  const s = policy.security;
  const parts: string[] = [];
  if (s?.transportEncryption) parts.push(w.say('register.security.transport'));
  if (s)
    parts.push(
      w.say('register.security.sessions', {
        idle: w.duration(s.sessionIdleTimeout ?? DEFAULT_SESSION_IDLE_TIMEOUT),
        absolute: w.duration(s.sessionAbsoluteTimeout ?? DEFAULT_SESSION_ABSOLUTE_TIMEOUT),
      }),
    );
  if (s?.internalNetworkFirewalled) parts.push(w.say('register.security.firewall'));
  const sealed = policy.categories.filter((c) => c.fields.some((f) => f.encrypted));
  if (sealed.length > 0)
    parts.push(
      w.say('register.security.encrypted', { categories: w.list(sealed.map((c) => w.text(c.description))) }),
    );
  return cellOf(w, parts);
}
