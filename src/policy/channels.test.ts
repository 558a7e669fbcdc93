import { describe, expect, it } from 'vitest';
import { loadPolicyOrThrow } from '../runtime.ts';
import { channelBatch } from './channels.ts';

describe('a push-notification channel (RT-11)', () => {
  it("writes subject ids only: the app's push service knows the person's devices by them", async () => {
    const retailer = await loadPolicyOrThrow('policies/retailer-nl.yaml');
    const push = retailer.communications?.channels.find((c) => c.address === 'push');
    expect(push?.id).toBe('push');
    expect(channelBatch(push)).toEqual({ fields: [], reader: 'machine' });
  });
});
