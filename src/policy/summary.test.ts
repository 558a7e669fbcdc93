import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyFromText } from '../../test/support/policy-text.ts';
import { summarisePolicy } from './summary.ts';

const load = policyFromText;
const MINIMAL = readFileSync('test/fixtures/minimal-policy.yaml', 'utf8');

// Every GDPR detail the format can state, on the minimal policy.
const DETAILED = MINIMAL.replace(
  '    - { id: example, name: Example SA, group: true }\n',
  '    - { id: example, name: Example SA, group: true }\n    - { id: example-travel, name: Example Travel SA, group: true, controllerOf: [newsletter] }\n',
)
  .replace(
    'dataSubjects:\n',
    'jointControllers:\n  - id: loyalty\n    parties: [example, { name: Shop SA }]\n    purposes: [contract]\n    contactPoint: privacy@example.be\ndataSubjects:\n',
  )
  .replace(
    'purposes:\n',
    '  - id: health\n    description: Health data\n    fields: [{ name: allergies, sensitivity: sensitive }]\n    special: { kind: health, condition: h }\n    provision: { requirement: voluntary }\n    storage: [{ dataset: clinic, table: allergy records }]\npurposes:\n',
  )
  .replace(
    'categories:\n',
    'datasets:\n  - { id: clinic, description: Clinic records, kind: manual }\ncategories:\n',
  )
  .replace(
    '    legalBasis: contract\n',
    '    legalBasis: contract\n    automatedDecision: { effect: legal, logic: A score from payment history, humanReview: { via: [portal] } }\n    provision: { requirement: contract-prerequisite, ifNotProvided: No account can be opened }\n',
  )
  .replace(
    '      withdrawVia: [portal]\n',
    '      withdrawVia: [portal]\n      incentive: A 5% discount\n    offeredToChildren: true\n    minimumAge: 13\n',
  )
  .replace(
    'retention:\n',
    'retention:\n  - { id: health-1y, category: health, duration: P1Y, clock: contract-end, action: delete }\n',
  )
  .replace('kind: processor, country: NL,', 'kind: processor, country: US, safeguard: { mechanism: dpf },')
  .replace(
    'rights:\n',
    'children:\n  digitalConsentAge: 13\n  byCountry: { FR: 15 }\n  parentalConsent: A parent confirms by e-mail\nrights:\n',
  );

describe('garde policy show', () => {
  it('states the legitimate interest a notice names, and lists the ones it leaves unsaid (Art. 13(1)(d))', () => {
    const text = summarisePolicy(load(readFileSync('policies/energy-services.yaml', 'utf8')));
    expect(text).toContain('interest pursued: Sending marketing messages to our existing customers');
    const unsaid = text.slice(text.indexOf('Not stated by this policy:'));
    expect(unsaid).toContain('the legitimate interest pursued (Art. 13(1)(d)): website-apps,');
    expect(unsaid).not.toContain('marketing-customers');
    expect(text).toContain('established in the EEA, as promised: every processor, partner');
  });

  it('shows every GDPR detail the policy states: controllers, special categories, transfers, automated decisions, required data, children and incentives', () => {
    const text = summarisePolicy(load(DETAILED));
    for (const line of [
      'example-travel is the controller of: newsletter',
      'joint controllers loyalty (Art. 26): example + Shop SA, for contract',
      'health                   special (Art. 9: health), Art. 9(2)(h) preventive or occupational medicine',
      'health                   data voluntary',
      'solely automated decisions, legal effect (Art. 22); human review via portal',
      'logic: A score from payment history',
      'data required (contract-prerequisite); if not given: No account can be opened',
      'offered to children, from age 13 (Art. 8)',
      'incentive for consent: A 5% discount',
      '(outside the EEA: EU-US Data Privacy Framework (adequacy decision, Art. 45))',
      'Children: digital consent from age 13 (FR 15); below it: A parent confirms by e-mail',
      'the logic, significance and consequences of automated decisions (Art. 13(2)(f)): contract',
      'the essence of the joint-controller arrangement (Art. 26(2)): loyalty',
    ])
      expect(text).toContain(line);
  });

  it('a policy that states none of it shows none of it', () => {
    const text = summarisePolicy(load(MINIMAL));
    expect(text).not.toMatch(/Art\. (8|9|22|26)|Not stated|outside the EEA/);
  });
});

describe('policy show: security measures (Art. 30(1)(g))', () => {
  it('publishes the security statements the policy makes, those Garde enforces and those it cannot check', () => {
    const energy = load(readFileSync('policies/energy-services.yaml', 'utf8'));
    const text = summarisePolicy(energy);
    expect(text).toContain('Security (as stated):');
    expect(text).toContain("sessions end after PT30M (Garde's default) idle");
    expect(text).toContain('internal network behind a firewall: yes');
    const sealed = energy.categories.flatMap((c) => c.fields.filter((f) => f.encrypted).map((f) => f.name));
    expect(sealed.length).toBeGreaterThan(0);
    expect(text).toContain(`stored encrypted: ${sealed.join(', ')}`);
    expect(summarisePolicy(load(MINIMAL))).not.toContain('Security');
  });
});
