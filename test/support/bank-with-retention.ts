// A bank policy with retention rules its notice does not state: the retention engine, erasure
// and the access report's retention lines are tested on a copy of the bank policy that adds
// them explicitly, so the example policy never has to invent a period for them (issue 13).
import { dropConnected } from './bank-policy.ts';
import { type PolicyDocument, policyVariant } from './policy-variant.ts';

export type RetentionRuleSpec = {
  id: string;
  category: string;
  duration: string;
  clock: string;
  action: 'delete' | 'anonymise';
  legalObligation?: boolean;
};

/** Identity data kept ten years after the last contract ends, under a legal obligation. */
export const IDENTIFICATION_AFTER_CONTRACT: RetentionRuleSpec = {
  id: 'identification-after-contract',
  category: 'identification',
  duration: 'P10Y',
  clock: 'contract-end',
  legalObligation: true,
  action: 'delete',
};

/** Products held kept ten years after the last contract ends, under a legal obligation. */
export const PRODUCTS_AFTER_CONTRACT: RetentionRuleSpec = {
  id: 'products-after-contract',
  category: 'products-held',
  duration: 'P10Y',
  clock: 'contract-end',
  legalObligation: true,
  action: 'delete',
};

/** Theme links removed one month after the last contract ends. */
export const THEMES_AFTER_CONTRACT: RetentionRuleSpec = {
  id: 'themes-after-contract',
  category: 'themes',
  duration: 'P1M',
  clock: 'contract-end',
  action: 'delete',
};

/** The communications ledger kept two years from each message. */
export const COMMUNICATIONS_2Y: RetentionRuleSpec = {
  id: 'communications-2y',
  category: 'communications',
  duration: 'P2Y',
  clock: 'event-time',
  action: 'delete',
};

/** Proof of consent kept five years from each record under a legal obligation, then anonymised. */
export const CONSENT_PROOF_5Y: RetentionRuleSpec = {
  id: 'consent-proof-5y',
  category: 'consent-records',
  duration: 'P5Y',
  clock: 'event-time',
  legalObligation: true,
  action: 'anonymise',
};

/** Every rule above: the retention a bank typically applies, none of it in the bank's notice. */
export const BANK_RETENTION: readonly RetentionRuleSpec[] = [
  IDENTIFICATION_AFTER_CONTRACT,
  PRODUCTS_AFTER_CONTRACT,
  THEMES_AFTER_CONTRACT,
  COMMUNICATIONS_2Y,
  CONSENT_PROOF_5Y,
];

/**
 * `policies/retail-bank.yaml` with `rules` added to its retention (all of BANK_RETENTION when
 * none are named); returns the new file's path. The notice's own rules (behaviour and interests,
 * one year) stay as they are.
 */
export function bankWithRetention(rules: readonly RetentionRuleSpec[] = BANK_RETENTION): Promise<string> {
  return policyVariant('policies/retail-bank.yaml', (doc: PolicyDocument) => {
    // Garde's own retention and erasure: no connected system (bank-policy.ts).
    dropConnected(doc);
    for (const rule of rules) doc.retention.push({ ...rule });
  });
}
