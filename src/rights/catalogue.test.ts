import { describe, expect, it } from 'vitest';
import { categoryOf } from '../datasets/storage.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { STORES } from './catalogue.ts';

const categories = async (file: string) => {
  const policy = await loadPolicyOrThrow(file);
  return Object.fromEntries(STORES.map((s) => [s.table, categoryOf(policy, s)]));
};

// What the access report, erasure and retention call each table: what the policies' storage
// says, reviewed by hand, so a policy or catalogue change that moves a table to another
// category (and another retention rule) shows.
const RECORDS = {
  subjects: 'relationship',
  retention_events: 'relationship',
  subscriptions: 'preferences',
  subscription_events: 'preferences',
  interest_suppressions: 'preferences',
  offer_outcomes: 'offers',
  rights_requests: 'requests',
  legal_holds: 'legal-holds',
};

describe('store categories', () => {
  it('retail bank: consent and objection ledgers are consent records (BK-16)', async () => {
    const consentRecords = 'consent-records';
    expect(await categories('policies/retail-bank.yaml')).toEqual({
      ...RECORDS,
      identities: 'identification',
      contracts: 'products-held',
      holdings: 'products-held',
      // The bank's notice keeps no invoices and no installations: nothing classifies them.
      billing_records: 'unclassified',
      installations: 'unclassified',
      events: 'web-behaviour',
      interests: 'interests',
      theme_links: 'themes',
      communications: 'communications',
      cap_usage: 'communications',
      cap_overrides: 'communications',
      consents: consentRecords,
      consent_events: consentRecords,
      objections: consentRecords,
      objection_events: consentRecords,
      restrictions: consentRecords,
      restriction_events: consentRecords,
    });
  });

  it('energy services: contracts, invoices and products held are contract-billing data (EN-10)', async () => {
    expect(await categories('policies/energy-services.yaml')).toEqual({
      ...RECORDS,
      identities: 'identification',
      contracts: 'contract-billing',
      billing_records: 'contract-billing',
      holdings: 'contract-billing',
      installations: 'technical',
      events: 'unclassified',
      interests: 'unclassified',
      theme_links: 'unclassified',
      communications: 'communications',
      cap_usage: 'communications',
      cap_overrides: 'communications',
      consents: 'consent-records',
      consent_events: 'consent-records',
      objections: 'preferences',
      objection_events: 'preferences',
      restrictions: 'preferences',
      restriction_events: 'preferences',
    });
  });
});
