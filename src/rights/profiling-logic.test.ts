// Art. 15(1)(h): the access report explains each profiling purpose in the policy's own words,
// and says only what Garde does under it (issue 13, part 3).
import { describe, expect, it } from 'vitest';
import { loadPolicyOrThrow } from '../runtime.ts';
import { accessReport } from './access.ts';

const now = new Date('2026-06-15T10:00:00Z');
const logicOf = async (file: string, purpose: string, language = 'en') => {
  const report = accessReport(await loadPolicyOrThrow(file), 'subject', [], now, language);
  return report.profiling.find((p) => p.purpose === purpose)?.logic ?? '';
};

describe('the logic of profiling in the access report', () => {
  it('under a policy without tracking: the data its categories name and the products it ranks, no topic scores', async () => {
    const logic = await logicOf('test/fixtures/telecom-policy.yaml', 'plan-fit');
    expect(logic).toBe(
      'It uses: Name, contact details and date of birth; Plans and options subscribed. ' +
        'Our products (Home fibre, Roaming pass) are ranked by how likely you are to take each up, from your products, age band and region. ' +
        'You may object to this profiling at any time.',
    );
  });

  it('the energy example: its own categories and products, in the reader’s language', async () => {
    const logic = await logicOf('policies/energy-services.yaml', 'profiling-credit-offers', 'fr');
    expect(logic).toContain('Données contractuelles et de facturation');
    expect(logic).toContain('Pompe à chaleur');
    expect(logic).not.toMatch(/thème|topic/i);
  });

  it('the tracking purpose also says it scores the policy’s tracked topics', async () => {
    const logic = await logicOf('policies/retail-bank.yaml', 'web-personalisation');
    expect(logic).toMatch(/^It uses: .*A score per topic \((\w|-)+(, (\w|-)+)*\) is computed/);
  });
});
