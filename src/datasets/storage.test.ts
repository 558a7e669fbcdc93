import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/load.ts';
import { STORES } from '../rights/catalogue.ts';
import { categoryOf, UNCLASSIFIED } from './storage.ts';

const MINIMAL = readFileSync('test/fixtures/minimal-policy.yaml', 'utf8');
const STORAGE = '    storage: [{ table: identities }]';

function findings(text: string) {
  const r = parsePolicy(text, 'policies/test.yaml');
  return r.ok ? [] : r.problems.map((p) => ({ key: p.key, rule: p.rule, message: p.message }));
}
const withCategory = (yaml: string) => MINIMAL.replace(STORAGE, `${STORAGE}\n${yaml}`);
const ruled = (text: string, id: string) =>
  text.replace(
    'retention:\n',
    `retention:\n  - { id: ${id}-1y, category: ${id}, duration: P1Y, clock: contract-end, action: delete }\n`,
  );

describe('policy check: every category says where it is kept, never guessed from field names', () => {
  it('refuses a category that does not say where it is kept, listing the tables it could name', () => {
    const [f, unclaimed, ...rest] = findings(MINIMAL.replace(`${STORAGE}\n`, ''));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ key: 'categories[identification].id', rule: 'category-storage' });
    expect(f?.message).toContain('billing_records');
    // And Garde keeps identities whatever the policy: someone must say what they are.
    expect(unclaimed).toMatchObject({ key: 'categories', rule: 'storage-unclaimed' });
  });

  it('refuses a table Garde does not have, naming the ones it has', () => {
    const [f] = findings(MINIMAL.replace(STORAGE, '    storage: [{ table: invoices }]'));
    expect(f).toMatchObject({ key: 'categories[identification].storage[0].table', rule: 'storage-table' });
    expect(f?.message).toMatch(/no table "invoices": its tables are .*billing_records/);
  });

  it('refuses a dataset the policy does not declare', () => {
    const [f] = findings(
      ruled(
        withCategory(
          '  - id: payments\n    description: Payments\n    fields: [{ name: iban, sensitivity: identifier }]\n    storage: [{ dataset: erp, table: payments }]',
        ),
        'payments',
      ),
    );
    expect(f).toMatchObject({ key: 'categories[payments].storage[0].dataset', rule: 'storage-dataset' });
  });

  it('refuses a table claimed by two categories: one category decides when its rows go', () => {
    const [f] = findings(
      ruled(
        withCategory(
          '  - id: contact\n    description: Contact\n    fields: [{ name: phone, sensitivity: normal }]\n    storage: [{ table: identities }]',
        ),
        'contact',
      ),
    );
    expect(f).toMatchObject({ key: 'categories[contact].storage[0].table', rule: 'storage-claimed-twice' });
    expect(f?.message).toContain('"identification"');
  });

  it('refuses tracking whose behaviour and interests no category keeps', () => {
    const bank = readFileSync('policies/retail-bank.yaml', 'utf8');
    const text = bank.replace(
      '    storage: [{ table: events }]\n',
      '    storage: [{ dataset: crm, table: x }]\n',
    );
    const rules = findings(text).map((f) => f.rule);
    expect(rules).toContain('storage-unclaimed');
    expect(findings(text).find((f) => f.rule === 'storage-unclaimed')?.message).toMatch(
      /table "events" because the policy declares tracking/,
    );
  });

  it('refuses a category named like one of Garde’s own records unless it claims them all', () => {
    const text = ruled(
      withCategory(
        '  - id: communications\n    description: Messages\n    fields: [{ name: sentAt, sensitivity: normal }]\n    storage: [{ table: communications }]',
      ),
      'communications',
    );
    const [f] = findings(text);
    expect(f).toMatchObject({ key: 'categories[communications].id', rule: 'storage-record-id' });
    expect(f?.message).toContain('cap_usage, cap_overrides');
  });

  it('refuses a retention rule whose clock no table of its category has: an obligation that keeps nothing', () => {
    const text = MINIMAL.replace(
      'clock: contract-end, action: delete',
      'clock: invoice-date, legalObligation: true, action: delete',
    );
    const [f] = findings(text);
    expect(f).toMatchObject({
      key: 'retention[identification-after-contract].clock',
      rule: 'retention-clock',
    });
    expect(f?.message).toContain('the obligation would keep nothing');
  });

  it('files a table under the category that claims it, whatever its fields are called', () => {
    const text = ruled(
      withCategory(
        [
          '  - id: payments',
          '    description: Payments',
          '    fields: [{ name: iban, sensitivity: identifier }, { name: amountDue, sensitivity: normal }]',
          '    storage: [{ table: billing_records }]',
          '  - id: consent-log',
          '    description: Consents',
          '    fields: [{ name: purpose, sensitivity: normal }, { name: channel, sensitivity: normal }]',
          '    storage: [{ table: consents }, { table: consent_events }]',
        ].join('\n'),
      ),
      'payments',
    ).replace(
      'retention:\n',
      'retention:\n  - { id: log-5y, category: consent-log, duration: P5Y, clock: event-time, action: anonymise }\n',
    );
    const r = parsePolicy(text, 'policies/test.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const of = Object.fromEntries(STORES.map((s) => [s.table, categoryOf(r.policy, s)]));
    expect(of).toMatchObject({
      identities: 'identification',
      billing_records: 'payments',
      consents: 'consent-log',
      consent_events: 'consent-log',
      // A "purpose" or "channel" field names nothing: messages sent stay Garde's own record.
      communications: 'communications',
      // Nothing claims contracts: unclassified, so nothing may remove them.
      contracts: UNCLASSIFIED,
    });
  });
});
