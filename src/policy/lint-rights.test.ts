import { describe, expect, it } from 'vitest';
import { MINIMAL_POLICY, problemsOf } from '../../test/support/policy-text.ts';

/** The minimal policy with its rights block's channels and extra keys replaced. */
const withRights = (channels: string, extra = '') =>
  MINIMAL_POLICY.replace('    - { id: portal, identityProof: false }\n', `${channels}${extra}`);

describe('policy check: which right goes through which channel, and what a portable copy holds (RT-40)', () => {
  it('a channel may take only rights the policy offers', () => {
    const text = withRights(
      '    - { id: portal, identityProof: false, rights: [access, erasure, restriction] }\n',
    );
    expect(problemsOf(text)).toEqual([['rights.channels[portal].rights[2]', 'channel-right-unsupported']]);
  });

  it('a right the policy offers that no channel takes is refused: nobody could exercise it', () => {
    const text = withRights(
      '    - { id: portal, identityProof: false, rights: [access] }\n    - { id: letter, rights: [access] }\n',
    );
    expect(problemsOf(text)).toEqual([['rights.supported[1]', 'right-unreachable']]);
    // A channel that lists no rights takes every one.
    expect(
      problemsOf(
        withRights('    - { id: portal, identityProof: false, rights: [access] }\n    - { id: letter }\n'),
      ),
    ).toEqual([]);
  });

  it('a portable copy names categories the policy declares, or Garde’s own portable records', () => {
    const portability = (categories: string) =>
      withRights(
        '    - { id: portal, identityProof: false }\n',
        `  portability: { categories: [${categories}] }\n`,
      ).replace('supported: [access, erasure]', 'supported: [access, erasure, portability]');
    expect(problemsOf(portability('consent-records'))).toEqual([]);
    expect(problemsOf(portability('nowhere'))).toEqual([['rights.portability.categories[0]', 'reference']]);
    const unsupported = portability('consent-records').replace(
      'supported: [access, erasure, portability]',
      'supported: [access, erasure]',
    );
    expect(problemsOf(unsupported)).toEqual([['rights.portability', 'portability-unsupported']]);
  });
});
