// Who may claim which consent interface, and whose device a record holds: from the policy's
// consentInterfaces, never a fixed list. Pure. GDPR Art. 7(1): the controller proves how.
import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/schema.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { claimableSources, recordedByController, sourceFor } from './model.ts';

const bank = await loadPolicyOrThrow('policies/retail-bank.yaml');
const withInterfaces = (consentInterfaces: Policy['consentInterfaces']): Policy => ({
  ...bank,
  consentInterfaces,
});

describe('consent interfaces', () => {
  it("a person's choice defaults to the policy's first self-service interface, never a signal", () => {
    const policy = withInterfaces([
      { id: 'car-dashboard', description: 'Car', recordedBy: 'data-subject', signal: true },
      { id: 'hotline', description: 'Hotline', recordedBy: 'controller' },
      { id: 'mobile-app', description: 'App', recordedBy: 'data-subject' },
    ]);
    expect(sourceFor(policy, 'customer', undefined)).toBe('mobile-app');
    expect(claimableSources(policy, 'customer')).toEqual(['mobile-app', 'car-dashboard']);
    expect(sourceFor(policy, 'agent', undefined)).toBe('api');
    expect(claimableSources(policy, 'agent')).toEqual(['api', 'hotline']);
    expect(claimableSources(policy, 'dpo')).toEqual(['api', 'car-dashboard', 'hotline', 'mobile-app']);
  });

  it('a person cannot act for themselves under a policy that offers them no interface: the refusal says why', () => {
    const policy = withInterfaces([{ id: 'letter', description: 'Letter', recordedBy: 'controller' }]);
    expect(() => sourceFor(policy, 'customer', undefined)).toThrow(
      /declares no consent interface where the person acts themselves/,
    );
    expect(() => sourceFor(policy, 'customer', 'letter')).toThrow(
      /a customer may not record source "letter"/,
    );
  });

  it("whose device is on record follows the policy's recordedBy; Garde's own and former sources keep theirs", () => {
    const policy = withInterfaces([
      { id: 'kiosk', description: 'Kiosk', recordedBy: 'data-subject' },
      { id: 'counter', description: 'Counter', recordedBy: 'controller' },
    ]);
    expect(recordedByController(policy, 'kiosk')).toBe(false);
    expect(recordedByController(policy, 'counter')).toBe(true);
    expect(recordedByController(policy, 'api')).toBe(true);
    expect(recordedByController(policy, 'gpc')).toBe(false);
    expect(recordedByController(policy, 'portal')).toBe(false);
    expect(recordedByController(policy, 'letter')).toBe(true);
    // No longer declared and never Garde's: the workstation is never shown as the person's.
    expect(recordedByController(policy, 'retired-app')).toBe(true);
  });
});
