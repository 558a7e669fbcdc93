// Demo consents at the rate each purpose would get, never one blanket rate (issue 13, part 3).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import { demoConsentRate, demoConsents } from './consent-rates.ts';

function policyFrom(file: string, edit: (text: string) => string = (t) => t): Policy {
  const loaded = parsePolicy(edit(readFileSync(file, 'utf8')), file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.policy;
}

const rateOf = (policy: Policy, id: string) =>
  demoConsentRate(policy, policy.purposes.find((p) => p.id === id) as Policy['purposes'][number]);

describe('demo consent rates', () => {
  const bank = policyFrom('policies/retail-bank.yaml');

  it('explicit opt-in marketing is given by fewer people than profiling, and no purpose by most', () => {
    const marketing = rateOf(bank, 'commercial-proposals');
    const profiling = rateOf(bank, 'web-personalisation');
    expect(marketing).toBeLessThan(profiling);
    for (const c of demoConsents(bank)) expect(c.rate).toBeLessThan(50);
  });

  it('a purpose whose data goes to partners for their own use is given by few', () => {
    const selling = policyFrom('policies/retail-bank.yaml', (t) =>
      t.replace(
        'recipients:\n',
        'recipients:\n  - { id: data-buyer, name: Data Buyer SA, kind: partner, country: BE, purposes: [commercial-proposals], categories: [identification] }\n',
      ),
    );
    expect(rateOf(selling, 'commercial-proposals')).toBeLessThanOrEqual(8);
    expect(rateOf(selling, 'web-personalisation')).toBe(rateOf(bank, 'web-personalisation'));
  });

  it('a per-channel consent is given only on the channels that carry its purpose', () => {
    const telecom = policyFrom('test/fixtures/telecom-policy.yaml');
    const byPurpose = new Map(demoConsents(telecom).map((c) => [c.purpose, c]));
    expect(byPurpose.get('mobile-offers')?.channels).toEqual(['sms', 'app-push']);
    expect(byPurpose.get('offers')?.channels).toEqual(['']);
    expect(byPurpose.has('line-service')).toBe(false);
  });

  it('only the lifecycles a purpose is for are asked', () => {
    const energy = policyFrom('policies/energy-services.yaml');
    expect(demoConsents(energy)).toEqual([
      expect.objectContaining({ purpose: 'marketing-email-prospects', lifecycles: ['prospect'] }),
    ]);
  });
});
