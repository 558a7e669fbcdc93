import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../test/support/policies.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { BUILT_IN, wordsIn } from '../words/words.ts';
import { trackerDemoPage } from './demo-page.ts';

describe('the tracker demo page', () => {
  it.each(POLICIES)(
    'is written from %s alone: its event kinds, its language, its controller',
    async (file) => {
      const policy = await loadPolicyOrThrow(file);
      const language = policy.policy.languages[0] as string;
      const words = wordsIn(policy, language);
      const page = trackerDemoPage(policy, words);
      expect(page).toContain(`<html lang="${language}">`);
      expect(page).toContain(policy.controller.name.replaceAll('&', '&amp;'));
      const kinds = policy.tracking?.eventKinds ?? [];
      for (const k of kinds) {
        expect(page).toContain(`data-kind="${k.id}" data-topic="${k.topics?.[0]}"`);
        expect(page).toContain(words.text(k.description).replaceAll("'", '&#39;'));
      }
      expect(page.match(/data-kind=/g) ?? []).toHaveLength(kinds.length);
      if (kinds.length === 0) expect(page).toContain(`(${policy.policy.id})`);
    },
  );

  it('speaks the language asked for, Garde’s words and the policy’s labels alike', async () => {
    const policy = await loadPolicyOrThrow('policies/retail-bank.yaml');
    const page = trackerDemoPage(policy, wordsIn(policy, 'nl'));
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain(`>${BUILT_IN.nl?.['trackerDemo.identify']}<`);
    expect(page).toContain(`data-withdrawn="${BUILT_IN.nl?.['trackerDemo.withdrawn']}"`);
    const kind = policy.tracking?.eventKinds[0];
    expect(page).toContain(wordsIn(policy, 'nl').text(kind?.description ?? ''));
  });

  it('escapes what the policy wrote', async () => {
    const policy = await loadPolicyOrThrow('policies/retail-bank.yaml');
    const hostile = { ...policy, controller: { ...policy.controller, name: '<script>alert(1)</script>' } };
    const page = trackerDemoPage(hostile, wordsIn(hostile, 'en'));
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
