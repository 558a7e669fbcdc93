import { describe, expect, it } from 'vitest';
import { loadPolicyOrThrow } from '../runtime.ts';
import { categoryOf, STORES } from './catalogue.ts';

const categories = async (file: string) => {
  const policy = await loadPolicyOrThrow(file);
  return Object.fromEntries(STORES.map((s) => [s.table, categoryOf(policy, s)]));
};

// What the access report, erasure and retention call each table: reviewed by hand, so a policy
// or catalogue change that moves a table to another category (and another retention rule) shows.
const COMMON = {
  subjects: 'relationship',
  identities: 'identification',
  holdings: 'products-held',
  installations: 'technical',
  events: 'web-behaviour',
  theme_links: 'themes',
  communications: 'communications',
  cap_usage: 'communications',
  cap_overrides: 'communications',
  consents: 'consent-records',
  consent_events: 'consent-records',
  subscriptions: 'preferences',
  interest_suppressions: 'preferences',
  offer_outcomes: 'offers',
  rights_requests: 'requests',
  legal_holds: 'legal-holds',
};

describe('store categories', () => {
  it('retail bank: consent and objection ledgers are consent records (BK-16)', async () => {
    const preferences = 'consent-records';
    expect(await categories('policies/retail-bank.yaml')).toEqual({
      ...COMMON,
      contracts: 'products-held',
      billing_records: 'billing',
      interests: 'interests',
      objections: preferences,
      objection_events: preferences,
      restrictions: preferences,
      restriction_events: preferences,
      subscription_events: preferences,
    });
  });

  it('energy services: contracts and invoices are contract-billing data (EN-10)', async () => {
    const preferences = 'preferences';
    expect(await categories('policies/energy-services.yaml')).toEqual({
      ...COMMON,
      contracts: 'contract-billing',
      billing_records: 'contract-billing',
      interests: 'interests',
      objections: preferences,
      objection_events: preferences,
      restrictions: preferences,
      restriction_events: preferences,
      subscription_events: preferences,
    });
  });
});
