// What real notices say and the format once could not (docs/notices/insurer-de.md,
// docs/notices/retailer-nl.md): each key is accepted as the notice states it, and checked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemsOf, withHealthCategory } from '../../test/support/policy-text.ts';
import { formatProblem, parsePolicy } from './load.ts';
import { summarisePolicy } from './summary.ts';

const MINIMAL = readFileSync('test/fixtures/minimal-policy.yaml', 'utf8');
const RECIPIENT = 'kind: processor, country: NL,';

const findings = problemsOf;
function messages(text: string): string {
  const r = parsePolicy(text, 'policies/test.yaml');
  return r.ok ? '' : r.problems.map(formatProblem).join('\n');
}
function shown(text: string): string {
  const r = parsePolicy(text, 'policies/test.yaml');
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return summarisePolicy(r.policy);
}
const withTransfers = (lines: string, text = MINIMAL) =>
  text.replace('rights:\n', `transfers:\n${lines}rights:\n`);
/** The minimal policy's processor, with no country and what else is given. */
const nowhere = (extra = '') => MINIMAL.replace(RECIPIENT, `kind: processor,${extra}`);

describe('a recipient named by kind only, with no country (RT-32, IN-10)', () => {
  it('is refused when nothing the policy states covers it, naming the ways to fix it', () => {
    expect(findings(nowhere())).toEqual([['recipients[mail-house].country', 'recipient-eea']]);
    expect(messages(nowhere())).toContain('cannot be shown to be in the EEA');
  });

  it('is accepted when the policy promises its kind is established in the EEA, and policy show names the gap', () => {
    const text = withTransfers('  establishedInEea: [processor]\n', nowhere());
    expect(findings(text)).toEqual([]);
    expect(shown(text)).toContain('country not stated: in the EEA as the policy promises');
    expect(shown(text)).toMatch(/where these recipients are established .*: mail-house/);
  });

  it('is accepted on a safeguard that holds in any country, never on adequacy, which depends on the country', () => {
    expect(findings(nowhere(' safeguard: { mechanism: scc },'))).toEqual([]);
    expect(findings(nowhere(' safeguard: { mechanism: adequacy },'))).toEqual([
      ['recipients[mail-house].safeguard', 'recipient-eea'],
    ]);
    expect(messages(nowhere(' safeguard: { mechanism: dpf },'))).toContain('state the country');
  });

  it('is accepted on the mechanisms the notice says transfers rest on', () => {
    expect(findings(withTransfers('  mechanisms: [scc]\n', nowhere()))).toEqual([]);
  });
});

describe('transfer mechanisms at policy level (IN-21)', () => {
  const at = (country: string, safeguard: string, mechanisms: string) =>
    withTransfers(
      `  mechanisms: ${mechanisms}\n`,
      MINIMAL.replace(RECIPIENT, `kind: processor, country: ${country}, safeguard: ${safeguard},`),
    );

  it('a recipient safeguard must be one the notice lists', () => {
    expect(findings(at('IN', '{ mechanism: scc }', '[adequacy, bcr, scc]'))).toEqual([]);
    expect(findings(at('IN', '{ mechanism: bcr }', '[adequacy, scc]'))).toEqual([
      ['recipients[mail-house].safeguard', 'recipient-eea'],
    ]);
    expect(messages(at('IN', '{ mechanism: bcr }', '[adequacy, scc]'))).toContain(
      'transfers.mechanisms: adequacy, scc',
    );
  });

  it('a derogation must be the one the notice lists', () => {
    const listed = '[scc, { derogation: explicit-consent }]';
    expect(findings(at('IN', '{ mechanism: derogation, derogation: explicit-consent }', listed))).toEqual([]);
    expect(findings(at('IN', '{ mechanism: derogation, derogation: legal-claims }', listed))).toEqual([
      ['recipients[mail-house].safeguard', 'recipient-eea'],
    ]);
  });

  it('a free-text safeguard cannot be shown to be one of them', () => {
    const text = at('IN', 'standard clauses', '[scc]').replace('kind: processor', 'kind: partner');
    expect(findings(text)).toEqual([['recipients[mail-house].safeguard', 'recipient-eea']]);
  });

  it('a derogation is listed by its own name, not as a bare mechanism', () => {
    expect(messages(withTransfers('  mechanisms: [derogation]\n'))).toContain('transfers.mechanisms');
  });

  it('policy show lists them', () => {
    expect(shown(withTransfers('  mechanisms: [adequacy, { derogation: explicit-consent }]\n'))).toContain(
      'transfers outside the EEA rest on: adequacy, derogation explicit-consent',
    );
  });
});

describe('an Art. 9(2) condition per purpose (IN-6)', () => {
  const HEALTH = (special: string, purposeLines: string) =>
    withHealthCategory(special, MINIMAL).replace(
      '    legalBasis: contract\n    categories: [identification]\n',
      `    legalBasis: contract\n    categories: [identification, health]\n${purposeLines}`,
    );

  it('a contract purpose may use health data on explicit consent when it says so', () => {
    const said = HEALTH(
      '{ kind: health, condition: a }',
      '    special: [{ category: health, condition: a }]\n',
    );
    expect(findings(said)).toEqual([]);
    expect(shown(said)).toContain('for contract: Art. 9(2)(a) explicit consent');
  });

  it("the category's explicit-consent condition does not silently become a contract purpose's", () => {
    expect(findings(HEALTH('{ kind: health, condition: a }', ''))).toEqual([
      ['purposes[contract].categories[1]', 'special-category'],
    ]);
  });

  it('a category without a condition of its own passes when every purpose using it states one', () => {
    expect(
      findings(HEALTH('{ kind: health }', '    special: [{ category: health, condition: j }]\n')),
    ).toEqual([]);
    expect(findings(HEALTH('{ kind: health }', ''))).toEqual([
      ['categories[health].special', 'special-category'],
    ]);
  });

  it('a purpose states a condition only for a special category it uses, once', () => {
    expect(
      findings(
        HEALTH(
          '{ kind: health, condition: h }',
          '    special: [{ category: identification, condition: a }]\n',
        ),
      ),
    ).toEqual([['purposes[contract].special[0].category', 'special-category']]);
    expect(
      findings(
        HEALTH(
          '{ kind: health, condition: h }',
          '    special: [{ category: health, condition: h }, { category: health, condition: j }]\n',
        ),
      ),
    ).toEqual([['purposes[contract].special[1].category', 'special-category']]);
  });

  it('a special category used for direct marketing on legitimate interest stays refused, whatever the purpose claims', () => {
    const text = HEALTH(
      '{ kind: health, condition: a }',
      '    special: [{ category: health, condition: a }]\n',
    ).replace(
      '    legalBasis: contract\n    categories: [identification, health]\n',
      '    legalBasis: legitimate-interest\n    directMarketing: true\n    categories: [identification, health]\n',
    );
    expect(findings(text)).toEqual([['purposes[contract].categories[1]', 'special-category']]);
  });

  it("an automated decision reads the purpose's own condition (Art. 22(4))", () => {
    const text = HEALTH(
      '{ kind: health, condition: a }',
      '    special: [{ category: health, condition: j }]\n',
    )
      .replace('rights:\n', 'rights:\n')
      .replace(
        '    special: [{ category: health, condition: j }]\n',
        '    special: [{ category: health, condition: j }]\n    automatedDecision: { effect: legal, humanReview: { via: [portal] } }\n',
      );
    expect(findings(text)).toContainEqual(['purposes[contract].categories[1]', 'automated-decision']);
  });
});

describe('the notice as dated, the authority as named, rights as the Regulation sets them', () => {
  it('a notice dated by month only is accepted and shown as a month, with no day invented', () => {
    const text = MINIMAL.replace('effectiveFrom: 2026-01-01', 'effectiveFrom: 2018-05');
    expect(findings(text)).toEqual([]);
    expect(shown(text)).toContain('from May 2018)');
    expect(findings(MINIMAL.replace('effectiveFrom: 2026-01-01', 'effectiveFrom: 2018-13'))).toEqual([
      ['policy.effectiveFrom', 'schema'],
    ]);
  });

  const authority = (lines: string) =>
    MINIMAL.replace(
      '    name: Autorité de protection des données\n    url: https://www.autoriteprotectiondonnees.be\n',
      `    name: Autorité de protection des données\n${lines}`,
    );

  it('an authority reached by post and e-mail needs no web address', () => {
    expect(
      findings(authority('    email: poststelle@example.de\n    address: Postfach 1, 70025 Stuttgart\n')),
    ).toEqual([]);
  });

  it('an authority with no way to reach it is refused', () => {
    expect(findings(authority(''))).toEqual([['controller.supervisoryAuthority', 'authority-contact']]);
  });

  it("rights without a stated deadline or proof of identity show the Regulation's default", () => {
    const text = MINIMAL.replace('  deadline: P1M\n', '').replace(
      '    - { id: portal, identityProof: false }\n',
      '    - { id: portal, identityProof: false }\n    - { id: letter }\n',
    );
    expect(findings(text)).toEqual([]);
    expect(shown(text)).toContain("answer within P1M (the Regulation's default, Art. 12(3))");
    expect(shown(text)).toMatch(/letter +identity checked where there is reasonable doubt/);
  });
});
