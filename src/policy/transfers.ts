// Transfers outside the EEA (GDPR Chapter V): whether a recipient's stated safeguard lets data
// reach it. One function answers for the policy check and for every disclosure gate, so a
// recipient the check accepts is never refused at run time for where it is, nor the reverse.
import type { Policy, Recipient } from './schema.ts';
import type { TransferMechanism, TransferMechanismStated, TransferSafeguard } from './schema-detail.ts';

// EU member states plus Iceland, Liechtenstein and Norway (the EEA Agreement).
export const EEA_COUNTRIES = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '),
);

/**
 * Countries with an adequacy decision under Art. 45 (or Directive 95/46/EC Art. 25(6), kept in
 * force by Art. 45(9)), by ISO 3166-1 code, with the scope the decision covers.
 * Source: European Commission, "Adequacy decisions",
 * https://commission.europa.eu/law/law-topic/data-protection/international-dimension-data-protection/adequacy-decisions_en
 * State of ADEQUACY_AS_OF: the United Kingdom's decisions renewed on 19 December 2025 (until
 * 27 December 2031). Not countries, so not listed: the European Patent Organisation (15 July
 * 2025). Not adopted as of that date: Brazil (draft of 5 September 2025). The United States is
 * adequate only for organisations certified under the EU-US Data Privacy Framework: state that
 * as mechanism `dpf`, not `adequacy`. Re-check the source when a decision is adopted,
 * suspended or expires, and update the date.
 */
export const ADEQUACY_AS_OF = '2025-12-19';
export const ADEQUATE_COUNTRIES: ReadonlyMap<string, string> = new Map([
  ['AD', 'Andorra'],
  ['AR', 'Argentina'],
  ['CA', 'Canada (commercial organisations subject to PIPEDA)'],
  ['CH', 'Switzerland'],
  ['FO', 'Faroe Islands'],
  ['GB', 'United Kingdom'],
  ['GG', 'Guernsey'],
  ['IL', 'Israel'],
  ['IM', 'Isle of Man'],
  ['JE', 'Jersey'],
  ['JP', 'Japan (private sector, under the APPI)'],
  ['KR', 'Republic of Korea'],
  ['NZ', 'New Zealand'],
  ['UY', 'Uruguay'],
]);

/** The EU-US Data Privacy Framework covers certified organisations in the United States only. */
const DPF_COUNTRY = 'US';

/** The mechanisms whose answer depends on the country: they cannot cover an unknown one. */
const COUNTRY_BOUND: readonly TransferMechanism[] = ['adequacy', 'dpf'];

/**
 * RT-32, IN-10: what a disclosure to a recipient whose country the notice does not state rests
 * on, since it cannot be shown to be in the EEA. `eea-promised`: the policy promises its kind is
 * established in the EEA (transfers.establishedInEea), so the promise stands as stated;
 * `safeguard`: its own safeguard holds wherever it is (standard contractual clauses, binding
 * corporate rules, ...); `policy-mechanisms`: it states none, and the notice says every transfer
 * outside the EEA rests on the mechanisms it lists (transfers.mechanisms). Undefined when the
 * country is stated, or nothing covers it (then transferProblems says why). Every decision that
 * discloses on one of these says so (decide: `recipient.country-*` reasons), and `policy show`
 * lists the recipients as a gap.
 */
export type UnstatedCountryGround = 'eea-promised' | 'safeguard' | 'policy-mechanisms';

export function unstatedCountryGround(
  recipient: Recipient,
  policy: Pick<Policy, 'transfers'>,
): UnstatedCountryGround | undefined {
  if (recipient.country !== undefined) return undefined;
  if (policy.transfers?.establishedInEea?.includes(recipient.kind)) return 'eea-promised';
  const s = recipient.safeguard;
  if (s === undefined) return policy.transfers?.mechanisms ? 'policy-mechanisms' : undefined;
  return transferProblems(recipient, policy).length === 0 ? 'safeguard' : undefined;
}

/**
 * Why data may not go to this recipient for where it is established: empty when it is in the
 * EEA or a valid safeguard covers it (Art. 44-49), or when the policy itself keeps the kind in
 * the EEA (transfers.establishedInEea). A recipient without a country is judged by
 * unstatedCountryGround's rules. A safeguard must be one the notice lists (transfers.mechanisms)
 * when it lists them. Each problem is a sentence naming the fix.
 */
export function transferProblems(recipient: Recipient, policy: Pick<Policy, 'transfers'>): string[] {
  const country = recipient.country;
  if (country !== undefined && EEA_COUNTRIES.has(country)) return [];
  const promised = policy.transfers?.establishedInEea?.includes(recipient.kind) ?? false;
  if (country === undefined) return unstatedCountryProblems(recipient, policy, promised);
  const where = `recipient "${recipient.id}" is outside the EEA (${country})`;
  // EN-8: a notice that promises its processors stay in the EEA is held to it.
  if (promised)
    return [
      `${where}, but the policy promises that every ${recipient.kind} is established in the EEA (transfers.establishedInEea)`,
    ];
  const s = recipient.safeguard;
  if (s === undefined)
    return [
      `${where} with no transfer safeguard: state one (safeguard: { mechanism: adequacy | dpf | scc | bcr | code-of-conduct | certification | derogation })`,
    ];
  return [...textSafeguardProblems(recipient, where), ...objectSafeguardProblems(recipient, policy, where)];
}

function unstatedCountryProblems(
  recipient: Recipient,
  policy: Pick<Policy, 'transfers'>,
  promised: boolean,
): string[] {
  if (promised) return [];
  const where = `recipient "${recipient.id}" states no country, so it cannot be shown to be in the EEA`;
  const s = recipient.safeguard;
  if (s === undefined)
    return policy.transfers?.mechanisms
      ? []
      : [
          `${where}: state its country, a safeguard that holds wherever it is (safeguard: { mechanism: scc | bcr | ... }), the mechanisms the notice says transfers rest on (transfers.mechanisms), or that its kind is established in the EEA (transfers.establishedInEea)`,
        ];
  if (typeof s === 'object' && COUNTRY_BOUND.includes(s.mechanism))
    return [`${where}: ${s.mechanism} covers only the countries it names: state the country`];
  return [...textSafeguardProblems(recipient, where), ...objectSafeguardProblems(recipient, policy, where)];
}

function textSafeguardProblems(recipient: Recipient, where: string): string[] {
  const s = recipient.safeguard;
  return typeof s === 'string' && recipient.kind === 'processor'
    ? [
        `${where}: a processor needs a safeguard Garde can check, not the text "${s}" (safeguard: { mechanism: ... })`,
      ]
    : [];
}

function objectSafeguardProblems(
  recipient: Recipient,
  policy: Pick<Policy, 'transfers'>,
  where: string,
): string[] {
  const s = recipient.safeguard;
  const listed = policy.transfers?.mechanisms;
  if (s === undefined) return [];
  // IN-21: a notice that lists the grounds of its transfers allows no other.
  if (typeof s === 'string')
    return listed
      ? [
          `${where}: the notice lists the safeguards transfers rest on (transfers.mechanisms); state which one as { mechanism }, not the text "${s}"`,
        ]
      : [];
  const out = safeguardProblems(s, recipient.country);
  if (listed && !listed.some((m) => sameMechanism(m, s)))
    out.push(
      `safeguard ${s.derogation ? `derogation ${s.derogation}` : s.mechanism} is not one the notice says transfers rest on (transfers.mechanisms: ${listed.map(mechanismName).join(', ')})`,
    );
  return out.map((p) => `${where}: ${p}`);
}

const sameMechanism = (m: TransferMechanismStated, s: TransferSafeguard) =>
  typeof m === 'string' ? m === s.mechanism : s.mechanism === 'derogation' && s.derogation === m.derogation;

export const mechanismName = (m: TransferMechanismStated) =>
  typeof m === 'string' ? m : `derogation ${m.derogation}`;

function safeguardProblems(s: TransferSafeguard, country: string | undefined): string[] {
  const out: string[] = [];
  if (country !== undefined && s.mechanism === 'adequacy' && country === DPF_COUNTRY)
    out.push(
      'the United States has an adequacy decision only for organisations certified under the EU-US Data Privacy Framework: state mechanism dpf',
    );
  else if (country !== undefined && s.mechanism === 'adequacy' && !ADEQUATE_COUNTRIES.has(country))
    out.push(
      `${country} has no adequacy decision (Art. 45; list as of ${ADEQUACY_AS_OF}): state standard contractual clauses (scc), binding corporate rules (bcr) or another safeguard`,
    );
  if (country !== undefined && s.mechanism === 'dpf' && country !== DPF_COUNTRY)
    out.push(`the EU-US Data Privacy Framework covers recipients in the United States only, not ${country}`);
  if (s.mechanism === 'derogation' && !s.derogation)
    out.push(
      'a derogation must say which one of Art. 49(1) (derogation: explicit-consent, contract-with-subject, ...)',
    );
  if (s.mechanism !== 'derogation' && s.derogation)
    out.push(`derogation "${s.derogation}" is stated but the mechanism is ${s.mechanism}`);
  return out;
}
