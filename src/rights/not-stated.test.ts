// Art. 15(1)(d): the access report says how long each category is kept as the notice states it.
// Where no rule states a period it says so, and that nothing deletes it automatically, instead
// of inventing one; only the person's own record lasts "as long as the relationship". Pure.
import { describe, expect, it } from 'vitest';
import { bankWithRetention, IDENTIFICATION_AFTER_CONTRACT } from '../../test/support/bank-with-retention.ts';
import type { Policy } from '../policy/schema.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { wordsIn } from '../words/words.ts';
import { accessReport } from './access.ts';
import { STORES } from './catalogue.ts';
import type { StoreData } from './data.ts';
import { renderAccessReport } from './render.ts';

const bank = await loadPolicyOrThrow('policies/retail-bank.yaml');
const NOW = new Date('2026-06-15T10:00:00.000Z');
const SUBJECT = '6f1c9a52-3b7e-4d10-9a8f-2c4e5b6d7e80';
const store = (table: string) => {
  const s = STORES.find((x) => x.table === table);
  if (!s) throw new Error(`catalogue: ${table}`);
  return s;
};
// The bank's notice states no period for identification: no rule keeps it.
const unruled: Policy = bank;
// The same policy with a rule for identification that the notice does not state.
const ruled = await loadPolicyOrThrow(await bankWithRetention([IDENTIFICATION_AFTER_CONTRACT]));
const data: StoreData[] = [
  { store: store('subjects'), category: 'relationship', rows: [{ lifecycle: 'customer' }] },
  { store: store('identities'), category: 'identification', rows: [{ givenName: 'Ann' }] },
];

describe('how long, when the notice states no period', () => {
  it('says the notice states none and nothing deletes it, in JSON and on the page, in each language', () => {
    const report = accessReport(unruled, SUBJECT, data, NOW, 'en');
    const byId = Object.fromEntries(report.categories.map((c) => [c.id, c]));
    expect(byId.identification).toMatchObject({ retention: [], retentionStated: 'not-stated' });
    expect(byId.relationship).toMatchObject({ retention: [], retentionStated: 'relationship' });
    const page = renderAccessReport(report, wordsIn(unruled, 'en'));
    expect(page).toContain(
      '<p>Our privacy notice states no period for this data: it is not deleted automatically.</p>',
    );
    // Only the person's own record lasts as long as the relationship.
    expect(page.match(/As long as the relationship lasts\./g)).toHaveLength(1);
    const fr = renderAccessReport(accessReport(unruled, SUBJECT, data, NOW, 'fr'), wordsIn(unruled, 'fr'));
    expect(fr).toContain('Notre déclaration de confidentialité n’indique aucune durée pour ces données');
  });

  it('a category a rule covers says the rule', () => {
    const report = accessReport(ruled, SUBJECT, data, NOW, 'en');
    expect(report.categories.find((c) => c.id === 'identification')?.retentionStated).toBe('rule');
  });
});
