import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withHealthCategory } from '../../test/support/policy-text.ts';
import { formatProblem, parsePolicy } from './load.ts';

const MINIMAL = readFileSync('test/fixtures/minimal-policy.yaml', 'utf8');
const FILE = 'policies/test.yaml';

/** [key, rule] of each problem, or [] when the policy passes. */
function findings(text: string): [string, string][] {
  const r = parsePolicy(text, FILE);
  return r.ok ? [] : r.problems.map((p) => [p.key, p.rule]);
}
function messages(text: string): string {
  const r = parsePolicy(text, FILE);
  return r.ok ? '' : r.problems.map(formatProblem).join('\n');
}

/** The minimal policy with lines added under a purpose (after its legalBasis line). */
const underPurpose = (id: 'contract' | 'newsletter', lines: string, text = MINIMAL) => {
  const anchor = new RegExp(`(  - id: ${id}\\n    description: [^\\n]*\\n    legalBasis: [a-z-]+\\n)`);
  if (!anchor.test(text)) throw new Error(`no purpose ${id}`);
  return text.replace(anchor, `$1${lines}`);
};
const withBasis = (id: 'contract' | 'newsletter', basis: string, text = MINIMAL) =>
  text.replace(
    `  - id: ${id}\n    description: ${id === 'contract' ? 'Performing the contract' : 'Newsletter'}\n    legalBasis: ${id === 'contract' ? 'contract' : 'consent'}\n`,
    `  - id: ${id}\n    description: ${id === 'contract' ? 'Performing the contract' : 'Newsletter'}\n    legalBasis: ${basis}\n`,
  );
describe('legitimate interest (Art. 6(1)(f), 13(1)(d))', () => {
  it('a legitimate-interest purpose may state its interest and where its balancing test is', () => {
    const text = underPurpose(
      'contract',
      '    legitimateInterest:\n      interest: { en: Telling customers about our offers, fr: Informer nos clients }\n      balancingTest: https://example.be/balancing-test.pdf\n',
      withBasis('contract', 'legitimate-interest'),
    );
    expect(findings(text)).toEqual([]);
  });

  it('a purpose that states a legitimate interest but rests on another basis is refused', () => {
    const text = underPurpose('contract', '    legitimateInterest: { interest: Our offers }\n');
    expect(findings(text)).toEqual([['purposes[contract].legitimateInterest', 'legitimate-interest']]);
  });

  it('a legitimate-interest purpose that does not state its interest still passes: nothing is invented', () => {
    expect(findings(withBasis('contract', 'legitimate-interest'))).toEqual([]);
  });
});

const HEALTH = (special: string) => withHealthCategory(special, MINIMAL);

describe('special categories (Art. 9) and criminal data (Art. 10)', () => {
  it('a special category with its Art. 9(2) condition passes', () => {
    expect(findings(HEALTH('{ kind: health, condition: h }'))).toEqual([]);
  });

  it('a special category without an Art. 9(2) condition is refused', () => {
    expect(findings(HEALTH('{ kind: health }'))).toEqual([
      ['categories[health].special', 'special-category'],
    ]);
  });

  it('an Art. 9(2) condition is one of the GDPR letters a to j', () => {
    expect(messages(HEALTH('{ kind: health, condition: k }'))).toContain(
      'categories[health].special.condition',
    );
  });

  it('a special category used for direct marketing on legitimate interest is refused', () => {
    const text = withBasis(
      'contract',
      'legitimate-interest',
      HEALTH('{ kind: health, condition: a }'),
    ).replace(
      '    legalBasis: legitimate-interest\n    categories: [identification]\n',
      '    legalBasis: legitimate-interest\n    directMarketing: true\n    categories: [identification, health]\n',
    );
    expect(findings(text)).toEqual([['purposes[contract].categories[1]', 'special-category']]);
    expect(messages(text)).toContain('for direct marketing on legitimate interest');
  });

  it('a special category used for profiling on legitimate interest is refused', () => {
    const text = withBasis(
      'contract',
      'legitimate-interest',
      HEALTH('{ kind: health, condition: f }'),
    ).replace(
      '    legalBasis: legitimate-interest\n    categories: [identification]\n',
      '    legalBasis: legitimate-interest\n    profiling: true\n    categories: [identification, health]\n',
    );
    expect(findings(text)).toEqual([['purposes[contract].categories[1]', 'special-category']]);
  });

  it('a special category on explicit consent may serve a consent purpose, and no other basis', () => {
    const onConsent = HEALTH('{ kind: health, condition: a }').replace(
      '    legalBasis: consent\n    categories: [identification]\n',
      '    legalBasis: consent\n    categories: [identification, health]\n',
    );
    expect(findings(onConsent)).toEqual([]);
    const onContract = HEALTH('{ kind: health, condition: a }').replace(
      '    legalBasis: contract\n    categories: [identification]\n',
      '    legalBasis: contract\n    categories: [identification, health]\n',
    );
    expect(findings(onContract)).toEqual([['purposes[contract].categories[1]', 'special-category']]);
  });

  it('criminal data states what authorises it (Art. 10)', () => {
    const text = MINIMAL.replace(
      '      - { name: email, sensitivity: normal }\n',
      '      - { name: email, sensitivity: normal }\n    criminal: {}\n',
    );
    expect(messages(text)).toContain('missing required key "authorisedBy"');
    expect(
      findings(text.replace('criminal: {}', 'criminal: { authorisedBy: "Law of 1 June 2020, art. 5" }')),
    ).toEqual([]);
  });
});

describe('transfers outside the EEA (Art. 44-49)', () => {
  const at = (country: string, safeguard?: string) =>
    MINIMAL.replace(
      'kind: processor, country: NL,',
      `kind: processor, country: ${country},${safeguard ? ` safeguard: ${safeguard},` : ''}`,
    );

  it('a processor outside the EEA is accepted with a safeguard that covers its country', () => {
    expect(findings(at('US', '{ mechanism: dpf }'))).toEqual([]);
    expect(findings(at('IN', '{ mechanism: scc, copy: "On request from privacy@example.be" }'))).toEqual([]);
    expect(findings(at('IN', '{ mechanism: bcr }'))).toEqual([]);
    expect(findings(at('JP', '{ mechanism: adequacy }'))).toEqual([]);
    expect(findings(at('IN', '{ mechanism: derogation, derogation: explicit-consent }'))).toEqual([]);
  });

  it('adequacy only for a country with an adequacy decision; the Data Privacy Framework only for the United States', () => {
    expect(findings(at('IN', '{ mechanism: adequacy }'))).toEqual([
      ['recipients[mail-house].safeguard', 'recipient-eea'],
    ]);
    expect(messages(at('US', '{ mechanism: adequacy }'))).toContain('state mechanism dpf');
    expect(messages(at('CH', '{ mechanism: dpf }'))).toContain('United States only');
  });

  it('a derogation says which one of Art. 49(1)', () => {
    expect(messages(at('IN', '{ mechanism: derogation }'))).toContain('which one of Art. 49(1)');
    expect(messages(at('IN', '{ mechanism: scc, derogation: legal-claims }'))).toContain(
      'the mechanism is scc',
    );
  });

  it('a free-text safeguard keeps its old meaning: enough for a partner, not for a processor', () => {
    expect(findings(at('IN', 'standard contractual clauses'))).toEqual([
      ['recipients[mail-house].country', 'recipient-eea'],
    ]);
    const partner = at('IN', 'standard contractual clauses').replace('kind: processor', 'kind: partner');
    expect(findings(partner)).toEqual([]);
  });

  it('the energy notice keeps the third parties it lists in the EEA, whatever the safeguard (EN-8)', () => {
    const energy = readFileSync('policies/energy-services.yaml', 'utf8');
    const moved = energy.replace(
      '    kind: market-research\n',
      '    kind: market-research\n    country: US\n    safeguard: { mechanism: dpf }\n',
    );
    expect(findings(moved)).toEqual([['recipients[market-research-agencies].country', 'recipient-eea']]);
  });

  it('a policy that promises its processors stay in the EEA is held to it, whatever the safeguard (EN-8)', () => {
    const text = at('US', '{ mechanism: dpf }').replace(
      'rights:\n',
      'transfers:\n  establishedInEea: [processor]\nrights:\n',
    );
    expect(findings(text)).toEqual([['recipients[mail-house].country', 'recipient-eea']]);
    expect(messages(text)).toContain('transfers.establishedInEea');
  });
});

describe('several controllers (Art. 26)', () => {
  const GROUP = MINIMAL.replace(
    '    - { id: example, name: Example SA, group: true }\n',
    '    - { id: example, name: Example SA, group: true }\n    - { id: example-travel, name: Example Travel SA, group: true, controllerOf: [newsletter], privacyContact: privacy@travel.example }\n',
  );

  it('a group company may be the controller of its own purposes', () => {
    expect(findings(GROUP)).toEqual([]);
  });

  it('an entity controls only purposes the policy declares', () => {
    expect(findings(GROUP.replace('controllerOf: [newsletter]', 'controllerOf: [newsletters]'))).toEqual([
      ['controller.entities[example-travel].controllerOf[0]', 'reference'],
    ]);
  });

  it('a purpose two entities each control needs a joint arrangement naming both', () => {
    const both = GROUP.replace(
      '{ id: example, name: Example SA, group: true }',
      '{ id: example, name: Example SA, group: true, controllerOf: [newsletter] }',
    );
    expect(findings(both).map(([, rule]) => rule)).toEqual(['controllers', 'controllers']);
    const joint = both.replace(
      'dataSubjects:\n',
      'jointControllers:\n  - id: newsletter-joint\n    parties: [example, example-travel]\n    purposes: [newsletter]\n    essence: Example SA answers every request about the newsletter.\n    contactPoint: privacy@example.be\ndataSubjects:\n',
    );
    expect(findings(joint)).toEqual([]);
  });

  it('a joint arrangement names parties that exist and purposes the policy declares', () => {
    const text = MINIMAL.replace(
      'dataSubjects:\n',
      'jointControllers:\n  - id: loyalty\n    parties: [exampel, { name: Shop SA, address: Rue 1, privacyContact: dpo@shop.example }]\n    purposes: [loyalty]\ndataSubjects:\n',
    );
    expect(findings(text)).toEqual([
      ['jointControllers[loyalty].purposes[0]', 'reference'],
      ['jointControllers[loyalty].parties[0]', 'reference'],
    ]);
  });
});

describe('automated decisions (Art. 22, 13(2)(f))', () => {
  const ADM =
    '    automatedDecision:\n      effect: legal\n      logic: A score from payment history\n      significance: A refused application\n      humanReview: { via: [portal] }\n';

  it('an automated decision necessary for a contract, with a way to human review, passes', () => {
    expect(findings(underPurpose('contract', ADM))).toEqual([]);
  });

  it('an automated decision on legitimate interest is refused (Art. 22(2))', () => {
    const text = underPurpose('contract', ADM, withBasis('contract', 'legitimate-interest'));
    expect(findings(text)).toEqual([['purposes[contract].legalBasis', 'automated-decision']]);
  });

  it('an automated decision on consent needs explicit consent', () => {
    const text = underPurpose('newsletter', ADM).replace('      explicit: true\n', '      explicit: false\n');
    expect(messages(text)).toContain('consent that is not explicit');
  });

  it('an automated decision names where to ask for human review, among the rights channels', () => {
    expect(
      findings(underPurpose('contract', ADM.replace('      humanReview: { via: [portal] }\n', ''))),
    ).toEqual([['purposes[contract].automatedDecision', 'automated-decision']]);
    expect(findings(underPurpose('contract', ADM.replace('via: [portal]', 'via: [kiosk]')))).toEqual([
      ['purposes[contract].automatedDecision.humanReview.via[0]', 'reference'],
    ]);
  });

  it('an automated decision authorised by law needs no review route of its own (Art. 22(2)(b))', () => {
    const text = underPurpose(
      'contract',
      '    automatedDecision: { effect: legal }\n',
      withBasis('contract', 'legal-obligation'),
    );
    expect(findings(text)).toEqual([]);
  });

  it('an automated decision on a special category needs explicit consent or substantial public interest (Art. 22(4))', () => {
    const text = HEALTH('{ kind: health, condition: h }').replace(
      '    legalBasis: contract\n    categories: [identification]\n',
      `    legalBasis: contract\n${ADM}    categories: [identification, health]\n`,
    );
    expect(findings(text)).toEqual([['purposes[contract].categories[1]', 'automated-decision']]);
  });
});

describe('required data, incentives and children (Art. 13(2)(e), 7(4), 8)', () => {
  it('a purpose and a category may say whether their data is required and what happens if not', () => {
    const text = underPurpose(
      'contract',
      '    provision: { requirement: contract-prerequisite, ifNotProvided: We cannot open the account }\n',
    ).replace(
      '      - { name: email, sensitivity: normal }\n',
      '      - { name: email, sensitivity: normal }\n    provision: { requirement: statutory }\n',
    );
    expect(findings(text)).toEqual([]);
  });

  it('the data of a consent purpose cannot be required', () => {
    const text = underPurpose('newsletter', '    provision: { requirement: contractual }\n');
    expect(findings(text)).toEqual([['purposes[newsletter].provision.requirement', 'consent-freedom']]);
  });

  it('consent may come with an incentive, but a contract conditional on it must say why it is necessary', () => {
    const incentive = MINIMAL.replace(
      '      withdrawVia: [portal]\n',
      '      withdrawVia: [portal]\n      incentive: A 5% discount\n',
    );
    expect(findings(incentive)).toEqual([]);
    const products =
      'products:\n  - { id: card, name: Card, domain: cards, entity: example, kind: contract }\nretention:\n';
    const conditional = incentive
      .replace('      incentive: A 5% discount\n', '      conditionOf: { products: [card] }\n')
      .replace('retention:\n', products);
    expect(findings(conditional)).toEqual([['purposes[newsletter].consent.conditionOf', 'consent-freedom']]);
    expect(
      findings(
        conditional.replace(
          'conditionOf: { products: [card] }',
          'conditionOf: { products: [card], necessity: The card is sent by e-mail }',
        ),
      ),
    ).toEqual([]);
    expect(
      findings(conditional.replace('products: [card] }', 'products: [loan] }')).map(([k]) => k),
    ).toContain('purposes[newsletter].consent.conditionOf.products[0]');
  });

  it('a consent purpose offered to children below the age of digital consent needs parental consent (Art. 8(1))', () => {
    const offered = underPurpose('newsletter', '    offeredToChildren: true\n');
    expect(findings(offered)).toEqual([['purposes[newsletter].offeredToChildren', 'children']]);
    expect(messages(offered)).toContain('(16, Art. 8(1))');
    const countries = offered.replace(
      'rights:\n',
      'children:\n  digitalConsentAge: 13\n  byCountry: { FR: 15, BE: 13 }\nrights:\n',
    );
    expect(messages(countries)).toContain('(15, Art. 8(1))');
    expect(
      findings(
        countries.replace(
          '    offeredToChildren: true\n',
          '    offeredToChildren: true\n    minimumAge: 15\n',
        ),
      ),
    ).toEqual([]);
    expect(
      findings(
        countries.replace('  byCountry:', '  parentalConsent: A parent confirms by e-mail\n  byCountry:'),
      ),
    ).toEqual([]);
  });

  it('the age of digital consent is between 13 and 16 (Art. 8(1))', () => {
    expect(
      messages(MINIMAL.replace('rights:\n', 'children: { digitalConsentAge: 12 }\nrights:\n')),
    ).toContain('children.digitalConsentAge');
  });
});
