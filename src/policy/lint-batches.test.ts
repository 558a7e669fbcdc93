// EN-8, BK-15: a channel's batch may name the processor it is for. policy check refuses a name
// that is no processor of the policy, and warns (without refusing) when the processor does not
// take a purpose the channel carries or a field the batch holds; every example policy is clean.
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../test/support/policies.ts';
import { type PolicyDocument, policyVariant } from '../../test/support/policy-variant.ts';
import { channelPurposes } from './channels.ts';
import { loadPolicyFile } from './load.ts';

const BANK = 'policies/retail-bank.yaml';
type Channel = { id: string; batch?: { recipient?: string } };
const channel = (doc: PolicyDocument, id: string) =>
  (doc.communications.channels as Channel[]).find((c) => c.id === id) as Channel & {
    batch: { recipient?: string };
  };
const recipient = (doc: PolicyDocument, id: string) =>
  (doc.recipients as { id: string; purposes: string[]; fields?: string[] }[]).find((r) => r.id === id) as {
    purposes: string[];
    fields?: string[];
  };
const load = async (edit: (doc: PolicyDocument) => void) => loadPolicyFile(await policyVariant(BANK, edit));

describe('policy check: the processor a batch is for (EN-8, BK-15)', () => {
  it('every example policy passes with no warning: its batch processors take what their channels carry', async () => {
    for (const file of POLICIES) {
      const loaded = await loadPolicyFile(file);
      expect(loaded.ok, file).toBe(true);
      if (loaded.ok) expect(loaded.warnings, file).toEqual([]);
    }
  });

  it('the bank names its mailing processor for letters and e-mails and its call processor for calls; the contact center’s list stays the DPO’s', async () => {
    const loaded = await loadPolicyFile(BANK);
    if (!loaded.ok) throw new Error('the bank policy loads');
    const named = Object.fromEntries(
      (loaded.policy.communications?.channels ?? [])
        .filter((c) => c.batch)
        .map((c) => [c.id, c.batch?.recipient ?? null]),
    );
    expect(named).toEqual({
      'postal-mail': 'mailing-processor',
      phone: 'outbound-call-processor',
      email: 'mailing-processor',
      'contact-center': null,
    });
    const postal = loaded.policy.communications?.channels.find((c) => c.id === 'postal-mail');
    // E-mail consent is carried by the e-mail channel alone: a letter never rests on it (BK-11).
    expect(channelPurposes(loaded.policy, postal as NonNullable<typeof postal>).sort()).toEqual([
      'commercial-proposals',
      'legal-information',
      'operational-messages',
      'subscriptions',
    ]);
  });

  it('a batch recipient the policy does not declare, or that is no processor, is refused', async () => {
    const unknown = await load((doc) => {
      channel(doc, 'phone').batch.recipient = 'nobody';
    });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok)
      expect(unknown.problems.map((p) => [p.key, p.rule, p.message])).toEqual([
        ['communications.channels[phone].batch.recipient', 'reference', 'unknown recipient "nobody"'],
      ]);
    const internal = await load((doc) => {
      channel(doc, 'contact-center').batch.recipient = 'contact-center';
    });
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.problems.map((p) => p.rule)).toEqual(['batch-recipient']);
      expect(internal.problems[0]?.message).toContain('a recipient of kind internal');
      expect(internal.problems[0]?.line).toBeGreaterThan(0);
    }
  });

  it('a processor that does not take a purpose the channel carries, or a field its batch holds, is a warning, not a refusal', async () => {
    const loaded = await load((doc) => {
      recipient(doc, 'outbound-call-processor').purposes = ['commercial-proposals'];
      recipient(doc, 'outbound-call-processor').fields = ['givenName', 'familyName', 'topic'];
    });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.warnings.map((w) => [w.key, w.rule])).toEqual([
      ['communications.channels[phone].batch.recipient', 'batch-recipient-purpose'],
      ['communications.channels[phone].batch.recipient', 'batch-recipient-field'],
    ]);
    expect(loaded.warnings[0]?.message).toContain('does not take operational-messages, legal-information');
    expect(loaded.warnings[1]?.message).toContain('may not see phone');
  });

  it('a field granted under a name that keeps it among others covers it (postalAddress covers street)', async () => {
    const split = await load((doc) => {
      recipient(doc, 'mailing-processor').fields = [
        'givenName',
        'familyName',
        'street',
        'postalCode',
        'city',
        'country',
        'email',
      ];
    });
    expect(split.ok && split.warnings).toEqual([]);
    const noCity = await load((doc) => {
      recipient(doc, 'mailing-processor').fields = [
        'givenName',
        'familyName',
        'street',
        'postalCode',
        'country',
        'email',
      ];
    });
    expect(noCity.ok && noCity.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('may not see city, which the batch of channel "postal-mail" holds'),
    ]);
  });
});
