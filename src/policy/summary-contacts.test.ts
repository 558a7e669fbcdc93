// `garde policy show`: the summary names what the policy states and nothing it does not.
import { describe, expect, it } from 'vitest';
import { loadPolicyOrThrow } from '../runtime.ts';
import { summarisePolicy } from './summary.ts';

const bank = await loadPolicyOrThrow('policies/retail-bank.yaml');

describe('policy summary', () => {
  it('names the data protection officer and their own contact when the policy names one (Art. 37(7))', () => {
    const dpo = { name: 'Dr. Alex Martin', email: 'dpo@example.test', address: 'Rue Exemple 1, Bruxelles' };
    const summary = summarisePolicy({ ...bank, controller: { ...bank.controller, dpo } });
    expect(summary).toContain(
      'Data protection officer: Dr. Alex Martin, <dpo@example.test>, Rue Exemple 1, Bruxelles',
    );
    expect(summarisePolicy(bank)).not.toContain('Data protection officer');
  });
});
