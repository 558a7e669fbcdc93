// Transfers outside the EEA (GDPR Chapter V): whether a recipient's stated safeguard lets data
// reach it. One function answers for the policy check and for every disclosure gate, so a
// recipient the check accepts is never refused at run time for where it is, nor the reverse.
import type { Policy, Recipient } from './schema.ts';
import type { TransferSafeguard } from './schema-detail.ts';

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

/**
 * Why data may not go to this recipient for where it is established: empty when it is in the
 * EEA or a valid safeguard covers it (Art. 44-49), or when the policy itself keeps the kind in
 * the EEA (transfers.establishedInEea). Each problem is a sentence naming the fix.
 */
export function transferProblems(recipient: Recipient, policy: Pick<Policy, 'transfers'>): string[] {
  if (EEA_COUNTRIES.has(recipient.country)) return [];
  const where = `recipient "${recipient.id}" is outside the EEA (${recipient.country})`;
  // EN-8: a notice that promises its processors stay in the EEA is held to it.
  if (policy.transfers?.establishedInEea.includes(recipient.kind))
    return [
      `${where}, but the policy promises that every ${recipient.kind} is established in the EEA (transfers.establishedInEea)`,
    ];
  const s = recipient.safeguard;
  if (s === undefined)
    return [
      `${where} with no transfer safeguard: state one (safeguard: { mechanism: adequacy | dpf | scc | bcr | code-of-conduct | certification | derogation })`,
    ];
  if (typeof s === 'string')
    return recipient.kind === 'processor'
      ? [
          `${where}: a processor needs a safeguard Garde can check, not the text "${s}" (safeguard: { mechanism: ... })`,
        ]
      : [];
  return safeguardProblems(s, recipient.country).map((p) => `${where}: ${p}`);
}

function safeguardProblems(s: TransferSafeguard, country: string): string[] {
  const out: string[] = [];
  if (s.mechanism === 'adequacy' && country === DPF_COUNTRY)
    out.push(
      'the United States has an adequacy decision only for organisations certified under the EU-US Data Privacy Framework: state mechanism dpf',
    );
  else if (s.mechanism === 'adequacy' && !ADEQUATE_COUNTRIES.has(country))
    out.push(
      `${country} has no adequacy decision (Art. 45; list as of ${ADEQUACY_AS_OF}): state standard contractual clauses (scc), binding corporate rules (bcr) or another safeguard`,
    );
  if (s.mechanism === 'dpf' && country !== DPF_COUNTRY)
    out.push(`the EU-US Data Privacy Framework covers recipients in the United States only, not ${country}`);
  if (s.mechanism === 'derogation' && !s.derogation)
    out.push(
      'a derogation must say which one of Art. 49(1) (derogation: explicit-consent, contract-with-subject, ...)',
    );
  if (s.mechanism !== 'derogation' && s.derogation)
    out.push(`derogation "${s.derogation}" is stated but the mechanism is ${s.mechanism}`);
  return out;
}
