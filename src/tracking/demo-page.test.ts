import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../test/support/policies.ts';
import { text } from '../policy/summary.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { trackerDemoPage } from './demo-page.ts';

describe('the tracker demo page', () => {
  it.each(POLICIES)(
    'is written from %s alone: its event kinds, its language, its controller',
    async (file) => {
      const policy = await loadPolicyOrThrow(file);
      const page = trackerDemoPage(policy);
      const language = policy.policy.languages[0] as string;
      expect(page).toContain('<html lang="en">');
      expect(page).toContain(policy.controller.name.replaceAll('&', '&amp;'));
      const kinds = policy.tracking?.eventKinds ?? [];
      for (const k of kinds) {
        expect(page).toContain(`lang="${language}" data-kind="${k.id}" data-topic="${k.topics?.[0]}"`);
        expect(page).toContain(text(k.description, language).replaceAll("'", '&#39;'));
      }
      expect(page.match(/data-kind=/g) ?? []).toHaveLength(kinds.length);
      if (kinds.length === 0) expect(page).toContain('records no behaviour');
    },
  );

  it('escapes what the policy wrote', async () => {
    const policy = await loadPolicyOrThrow('policies/retail-bank.yaml');
    const hostile = { ...policy, controller: { ...policy.controller, name: '<script>alert(1)</script>' } };
    const page = trackerDemoPage(hostile);
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
