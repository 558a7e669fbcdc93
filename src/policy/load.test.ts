import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../test/support/policies.ts';
import { formatProblem, loadPolicyFile, parsePolicy } from './load.ts';
import { summarisePolicy } from './summary.ts';

const MINIMAL = readFileSync('test/fixtures/minimal-policy.yaml', 'utf8');
const FILE = 'policies/test.yaml';

function problemsOf(text: string) {
  const r = parsePolicy(text, FILE);
  if (r.ok) throw new Error('expected the policy to be refused');
  return r.problems;
}
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('policy loader', () => {
  it('accepts the minimal policy', () => {
    const r = parsePolicy(MINIMAL, FILE);
    expect(r.ok).toBe(true);
  });

  it.each(POLICIES)('accepts the example policy %s', async (file) => {
    const r = await loadPolicyFile(file);
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([]);
  });

  it('names the purpose that lacks a legal basis, with file and line', () => {
    const text = MINIMAL.replace('    legalBasis: consent\n', '');
    const [p, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      file: FILE,
      key: 'purposes[newsletter]',
      rule: 'schema',
      line: lineOf(text, '- id: newsletter'),
    });
    expect(formatProblem(p as never)).toMatch(
      /^policies\/test\.yaml:\d+:\d+: purposes\[newsletter\]: missing required key "legalBasis"/,
    );
  });

  it('names an unknown key and its line', () => {
    const text = MINIMAL.replace('  deadline: P1M', '  deadline: P1M\n  deadlines: P2M');
    const [p] = problemsOf(text);
    expect(p).toMatchObject({
      key: 'rights.deadlines',
      message: 'unknown key "deadlines"',
      line: lineOf(text, 'deadlines:'),
    });
  });

  it('refuses an invalid date and a bad enum value, listing both', () => {
    const text = MINIMAL.replace('effectiveFrom: 2026-01-01', 'effectiveFrom: "2026-02-30"').replace(
      'legalBasis: contract',
      'legalBasis: whim',
    );
    const problems = problemsOf(text);
    expect(problems.map((p) => p.key).sort()).toEqual([
      'policy.effectiveFrom',
      'purposes[contract].legalBasis',
    ]);
    expect(problems.find((p) => p.key.endsWith('legalBasis'))?.message).toContain('"legitimate-interest"');
  });

  it('reports YAML syntax errors with their line', () => {
    const text = MINIMAL.replace('  title: Minimal', '  title: [unclosed');
    const [p] = problemsOf(text);
    expect(p?.rule).toBe('yaml');
    expect(p?.line).toBeGreaterThan(0);
  });

  it('refuses duplicate keys', () => {
    const [p] = problemsOf(MINIMAL.replace('  title: Minimal', '  title: Minimal\n  title: Again'));
    expect(p?.rule).toBe('yaml');
  });

  it('reports a missing file by name', async () => {
    const r = await loadPolicyFile('policies/nope.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(formatProblem(r.problems[0] as never)).toBe('policies/nope.yaml: file not found [file]');
  });
});

describe('policy lint', () => {
  it('a category whose period the notice does not state passes check, and policy show names the gap (issue 13)', () => {
    const text = MINIMAL.replace(
      '    storage: [{ table: identities }]',
      '    storage: [{ table: identities }]\n  - id: usage\n    description: Usage\n    fields: [{ name: page, sensitivity: normal }]\n    storage: [{ table: events }]',
    );
    const r = parsePolicy(text, FILE);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(summarisePolicy(r.policy)).toContain('how long these categories are kept (Art. 13(2)(a)): usage');
  });

  it('reports a product topic the tracker never records (BK-4)', async () => {
    const { readFile } = await import('node:fs/promises');
    const bank = await readFile('policies/retail-bank.yaml', 'utf8');
    const r = parsePolicy(
      bank.replace('kind: contract, topics: [credit-auto]', 'kind: contract, topics: [yachts]'),
      FILE,
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({ key: 'products[car-loan].topics', rule: 'product-topic' });
  });

  it('reports a recipient outside the EEA', () => {
    const [p] = problemsOf(MINIMAL.replace('country: NL', 'country: US'));
    expect(p).toMatchObject({ key: 'recipients[mail-house].country', rule: 'recipient-eea' });
  });

  it('accepts a non-processor recipient outside the EEA only with a safeguard', () => {
    const base = MINIMAL.replace('kind: processor, country: NL', 'kind: partner, country: CH');
    expect(problemsOf(base)[0]?.rule).toBe('recipient-eea');
    expect(
      parsePolicy(base.replace('kind: partner,', 'kind: partner, safeguard: adequacy decision,'), FILE).ok,
    ).toBe(true);
  });

  it('reports a consent-based purpose with no way to withdraw', () => {
    const [p] = problemsOf(MINIMAL.replace('      withdrawVia: [portal]', '      withdrawVia: []'));
    expect(p).toMatchObject({ key: 'purposes[newsletter].legalBasis', rule: 'consent-withdrawal' });
    expect(p?.message).toContain('"newsletter"');
  });

  it('withdrawVia names only the consent interfaces the policy declares (Art. 7(3))', () => {
    const text = MINIMAL.replace('withdrawVia: [portal]', 'withdrawVia: [portal, mobile-app]');
    const [p, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      key: 'purposes[newsletter].consent.withdrawVia[1]',
      message: 'unknown consent interface "mobile-app"',
      rule: 'reference',
      line: lineOf(text, 'withdrawVia:'),
    });
    const declared = text.replace(
      '  - { id: portal, description: Customer portal, recordedBy: data-subject }\n',
      '  - { id: portal, description: Customer portal, recordedBy: data-subject }\n  - { id: mobile-app, description: Our app, recordedBy: data-subject }\n',
    );
    expect(parsePolicy(declared, FILE).ok).toBe(true);
  });

  it('a notice that names no supervisory authority passes check: Garde invents none (Art. 13(2)(d))', () => {
    const text = MINIMAL.replace(
      '  supervisoryAuthority:\n    name: Autorité de protection des données\n    url: https://www.autoriteprotectiondonnees.be\n',
      '',
    );
    expect(text).not.toContain('supervisoryAuthority');
    const r = parsePolicy(text, FILE);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it('takes a data protection officer with a contact of their own, and names a malformed one by key', () => {
    const dpo =
      '  privacyContact: privacy@example.be\n  dpo: { name: Dr. Alex Martin, email: dpo@example.be, url: https://example.be/dpo }\n';
    const text = MINIMAL.replace('  privacyContact: privacy@example.be\n', dpo);
    const r = parsePolicy(text, FILE);
    expect(r.ok && r.policy.controller.dpo).toEqual({
      name: 'Dr. Alex Martin',
      email: 'dpo@example.be',
      url: 'https://example.be/dpo',
    });
    const [p] = problemsOf(text.replace('email: dpo@example.be', 'email: the DPO'));
    expect(p).toMatchObject({ key: 'controller.dpo.email', rule: 'schema', line: lineOf(text, '  dpo:') });
  });

  it("a policy may not declare Garde's own consent interfaces, nor a signal its staff record", () => {
    const text = MINIMAL.replace(
      '  - { id: portal, description: Customer portal, recordedBy: data-subject }\n',
      '  - { id: portal, description: Customer portal, recordedBy: data-subject }\n' +
        '  - { id: gpc, description: Our GPC, recordedBy: data-subject, signal: true }\n' +
        '  - { id: hotline, description: Our hotline, recordedBy: controller, signal: true }\n',
    );
    expect(problemsOf(text).map((p) => [p.key, p.rule])).toEqual([
      ['consentInterfaces[gpc].id', 'consent-interface-reserved'],
      ['consentInterfaces[hotline].signal', 'consent-interface-signal'],
    ]);
  });

  it('reports references to unknown categories and purposes', () => {
    const text = MINIMAL.replace('purposes: [newsletter]', 'purposes: [newsleter]').replace(
      'category: identification',
      'category: identity',
    );
    const rules = problemsOf(text).map((p) => [p.key, p.rule]);
    expect(rules).toContainEqual(['recipients[mail-house].purposes[0]', 'reference']);
    expect(rules).toContainEqual(['retention[identification-after-contract].category', 'reference']);
  });

  it('reports an uncounted commercial class that names no channels: it would escape the cap (BK-7, BK-8)', () => {
    const bank = readFileSync('policies/retail-bank.yaml', 'utf8');
    const text = bank.replace('      channels: [website-banner]\n', '');
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        key: 'communications.messageClasses[banner].countsTowardCap',
        rule: 'class-channels',
      }),
    ]);
    const unknown = bank.replace('channels: [website-banner]', 'channels: [skywriting]');
    expect(problemsOf(unknown).map((p) => [p.key, p.rule])).toEqual([
      ['communications.messageClasses[banner].channels[0]', 'reference'],
    ]);
  });

  it("reports a batch that leaves out what its channel's address needs, whatever the channel is called", () => {
    const telecom = readFileSync('test/fixtures/telecom-policy.yaml', 'utf8');
    const text = telecom.replace(
      'description: Text message, requires: [explicit-consent, no-objection], consentPurpose: mobile-offers }',
      'description: Text message, requires: [explicit-consent, no-objection], consentPurpose: mobile-offers, batch: { reader: machine, fields: [givenName] } }',
    );
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        key: 'communications.channels[sms].batch.fields',
        rule: 'batch-address',
        message: expect.stringContaining('leaves out phone'),
      }),
    ]);
  });

  it('refuses a batch field that no category keeping the identities table lists, naming channel, field and fix (issue 13)', () => {
    const telecom = readFileSync('test/fixtures/telecom-policy.yaml', 'utf8');
    const withLanguage = telecom.replace(
      'consentPurpose: mobile-offers }',
      'consentPurpose: mobile-offers, batch: { reader: machine, fields: [phone, language] } }',
    );
    expect(problemsOf(withLanguage)).toEqual([
      expect.objectContaining({
        key: 'communications.channels[sms].batch.fields',
        rule: 'batch-undeclared-field',
        message: expect.stringMatching(
          /channel "sms" puts language in its batch, but category "subscriber-details".*add \{ name: language \}/,
        ),
      }),
    ]);
    // Without a batch, what the address needs must be declared too: a doorstep visit needs the street.
    const noStreet = telecom.replace('      - { name: street, sensitivity: normal }\n', '');
    expect(problemsOf(noStreet).map((p) => [p.key, p.rule, p.message.includes('street')])).toEqual([
      ['communications.channels[doorstep].address', 'batch-undeclared-field', true],
    ]);
  });

  it('a notice without a cap passes check: no class can escape a cap that does not exist (issue 13)', () => {
    const bank = readFileSync('policies/retail-bank.yaml', 'utf8');
    const cap = bank.slice(bank.indexOf('  cap:\n'), bank.indexOf('\n  senders: [bank') + 1);
    const text = bank.replace(cap, '').replace('      channels: [website-banner]\n', '');
    expect(text).not.toContain('cap:');
    const r = parsePolicy(text, FILE);
    expect(r.ok ? [] : r.problems).toEqual([]);
    // With a cap, a class that does not say whether it counts is counted: no way round it.
    const unsaid = bank.replace(
      '      countsTowardCap: false\n      purposes: [commercial-proposals]\n',
      '      purposes: [commercial-proposals]\n',
    );
    expect(parsePolicy(unsaid.replace('      channels: [website-banner]\n', ''), FILE).ok).toBe(true);
  });

  it('reports duplicate ids', () => {
    const text = MINIMAL.replace('  - id: newsletter\n', '  - id: contract\n');
    expect(problemsOf(text).map((p) => p.rule)).toContain('unique-id');
  });

  it('policy text is never cut at a comma: an unquoted comma inside { } is refused, naming the fix (EN-4)', () => {
    const text = MINIMAL.replace(
      '{ id: customers, description: Customers, lifecycle: customer }',
      '{ id: customers, description: { en: Customers, prospects and visitors, fr: Clients }, lifecycle: customer }',
    );
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      key: 'dataSubjects[customers].description',
      line: lineOf(text, 'prospects and visitors'),
      rule: 'yaml',
    });
    expect(problems[0]?.message).toContain(
      '"prospects and visitors" has no value: a comma inside { } ends a text',
    );
    expect(problems[0]?.message).toContain('put the whole text in quotes');
    const quoted = text.replace(
      'en: Customers, prospects and visitors',
      'en: "Customers, prospects and visitors"',
    );
    const r = parsePolicy(quoted, FILE);
    expect(r.ok && r.policy.dataSubjects?.[0]?.description).toEqual({
      en: 'Customers, prospects and visitors',
      fr: 'Clients',
    });
  });

  it('policy text is never cut at " #": an unquoted sentence followed by a comment is refused, naming the fix (EN-4)', () => {
    const text = MINIMAL.replace(
      '    description: Newsletter\n',
      '    description:\n      en: News from our sites #1 and #2 every month\n',
    );
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      key: 'purposes[newsletter].description.en',
      line: lineOf(text, 'News from our sites'),
      rule: 'yaml',
    });
    expect(problems[0]?.message).toContain(
      'the text "News from our sites" stops before "#1 and #2 every month"',
    );
    const quoted = text.replace(
      'en: News from our sites #1 and #2 every month',
      'en: "News from our sites #1 and #2 every month"',
    );
    const r = parsePolicy(quoted, FILE);
    expect(r.ok && r.policy.purposes.find((p) => p.id === 'newsletter')?.description).toEqual({
      en: 'News from our sites #1 and #2 every month',
    });
    // A one-word value that is not a text may carry a comment; inside { } the parser fails, and says why.
    const commented = MINIMAL.replace(
      '    legalBasis: contract\n',
      '    legalBasis: contract # Art. 6(1)(b)\n',
    );
    expect(parsePolicy(commented, FILE).ok).toBe(true);
    const flow = MINIMAL.replace(
      '    description: Newsletter\n',
      '    description: { en: News #1 and #2 }\n',
    );
    expect(problemsOf(flow)[0]?.message).toContain('a " #" on or above this line starts a comment');
  });

  it.each([
    ['a one-word text before a comment', '      en: Recording #1\n', 'stops before "#1"'],
    [
      'a comment line indented as the text goes on',
      '      en: Record behaviour on the websites\n        #1 and derive interests\n',
      'stops before "#1 and derive interests"',
    ],
    ['an anchor at its start', '      en: &Co record behaviour\n', 'loses its first word "&Co"'],
    ['a tag at its start', '      en: !Important record behaviour\n', 'unresolved tag'],
    ['a control character', '      en: "Record\\u0000behaviour"\n', 'U+0000'],
    ['a direction override', '      en: "Record \\u202Ebehaviour"\n', 'U+202E'],
  ])(
    'policy text is what the author wrote: %s is refused with file and line (EN-4)',
    (_name, line, message) => {
      const text = MINIMAL.replace('    description: Newsletter\n', `    description:\n${line}`);
      const problems = problemsOf(text);
      expect(problems.map((p) => p.message.toLowerCase()).join('\n')).toContain(message.toLowerCase());
      expect(problems[0]?.line).toBeGreaterThan(0);
    },
  );

  it.each([
    [
      'CRLF line ends',
      (t: string) =>
        t.replace('  name: Example SA\n', '  name: Example SA #1 in Belgium\n').replaceAll('\n', '\r\n'),
      'stops before "#1 in Belgium"',
    ],
    [
      'the version',
      (t: string) => t.replace('  version: "1"\n', '  version: v1 #beta\n'),
      'stops before "#beta"',
    ],
    [
      'a carriage return inside a text',
      (t: string) => t.replace('  name: Example SA\n', '  name: "Evil Corp\\rExample SA"\n'),
      'U+000D',
    ],
    [
      'a right-to-left mark',
      (t: string) => t.replace('  name: Example SA\n', '  name: "Example\\u200F SA"\n'),
      'U+200F',
    ],
    [
      'an Arabic letter mark',
      (t: string) => t.replace('  name: Example SA\n', '  name: "Example\\u061C SA"\n'),
      'U+061C',
    ],
    [
      'a zero-width space',
      (t: string) => t.replace('  name: Example SA\n', '  name: "Exam\\u200Bple SA"\n'),
      'U+200B',
    ],
    [
      'a byte-order mark inside a text',
      (t: string) => t.replace('  name: Example SA\n', '  name: "Example\\uFEFF SA"\n'),
      'U+FEFF',
    ],
  ])('policy text is what the author wrote, whatever the file: %s (EN-4)', (_name, edit, message) => {
    expect(
      problemsOf(edit(MINIMAL))
        .map((p) => p.message)
        .join('\n'),
    ).toContain(message);
  });

  it('a comment under the first key of a list item is only a comment, and a whole CRLF file reads as LF', () => {
    const text = MINIMAL.replace(
      '  - id: contract\n    description: Performing the contract\n',
      '  - description: Performing the contract\n    # the main purpose\n    id: contract\n',
    );
    expect(parsePolicy(text, FILE).ok).toBe(true);
    expect(parsePolicy(MINIMAL.replaceAll('\n', '\r\n'), FILE).ok).toBe(true);
  });

  it('a comment on its own line, at the level of the keys, is only a comment', () => {
    const text = MINIMAL.replace(
      '    description: Newsletter\n',
      '    description:\n      en: Monthly news\n      # French to follow\n',
    );
    expect(parsePolicy(text, FILE).ok).toBe(true);
  });

  it('a translated text has only language codes as keys', () => {
    const text = MINIMAL.replace(
      '    description: Newsletter\n',
      '    description:\n      en: Newsletter\n      english: Newsletter\n',
    );
    expect(problemsOf(text).map(formatProblem).join('\n')).toMatch(
      /purposes\[newsletter\]\.description\.english: unknown key "english"/,
    );
  });

  it.each(POLICIES)('every text of %s is whole, commas included', async (file) => {
    const r = await loadPolicyFile(file);
    if (!r.ok) throw new Error('policy refused');
    const texts = JSON.stringify(r.policy);
    expect(texts).not.toContain(':null');
    if (file.includes('energy'))
      expect(r.policy.sources?.find((x) => x.id === 'offices-forms-contracts')?.description).toEqual({
        fr: 'Bureaux, formulaires, contrats',
        nl: 'Kantoren, formulieren, contracten',
        en: 'Offices, forms and contracts',
      });
  });
});
