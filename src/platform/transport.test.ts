import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import { ConfigError, loadConfig } from './config.ts';
import { isLoopback, plainHttpProblem } from './transport.ts';

function policyWith(transportEncryption: boolean | undefined): Policy {
  const r = parsePolicy(readFileSync('test/fixtures/minimal-policy.yaml', 'utf8'), 'minimal.yaml');
  if (!r.ok) throw new Error('the minimal policy must load');
  const security =
    transportEncryption === undefined ? undefined : { transportEncryption, sessionIdleTimeout: 'PT15M' };
  return { ...r.policy, security };
}
const encrypted = policyWith(true);
const problem = (env: Record<string, string>, policy = encrypted) =>
  plainHttpProblem(policy, loadConfig({ GARDE_POLICY: 'test/fixtures/minimal-policy.yaml', ...env }));

describe('security.transportEncryption (EN-16)', () => {
  it('a policy that promises encrypted transport refuses to serve plain HTTP beyond this machine, naming the key', () => {
    const refused = problem({ HOST: '0.0.0.0' });
    expect(refused).toBeInstanceOf(ConfigError);
    expect(refused?.variable).toBe('HOST');
    expect(refused?.message).toContain('security.transportEncryption: true');
    expect(refused?.message).toContain('GARDE_TLS_CERT');
    expect(refused?.message).toContain('GARDE_TRUST_PROXY');
    for (const HOST of ['::', '10.1.2.3', 'garde.internal', '::ffff:10.0.0.1'])
      expect(problem({ HOST })?.variable).toBe('HOST');
  });

  it('plain HTTP on loopback is allowed: the default HOST, as `npm start` uses it', () => {
    expect(problem({})).toBeNull();
    for (const HOST of [
      '127.0.0.1',
      '127.5.5.5',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      'localhost',
      '::ffff:127.0.0.1',
    ])
      expect(problem({ HOST })).toBeNull();
  });

  it('behind a proxy the operator declares (GARDE_TRUST_PROXY), or with HTTPS, any HOST is allowed', () => {
    expect(problem({ HOST: '0.0.0.0', GARDE_TRUST_PROXY: '1' })).toBeNull();
    expect(problem({ HOST: '0.0.0.0', GARDE_TRUST_PROXY: '10.0.0.0/8' })).toBeNull();
    const config = { ...loadConfig({ GARDE_POLICY: 'test/fixtures/minimal-policy.yaml' }), host: '0.0.0.0' };
    expect(
      plainHttpProblem(encrypted, { ...config, tls: { cert: Buffer.from('c'), key: Buffer.from('k') } }),
    ).toBeNull();
  });

  it('a policy that does not promise it (false, or no security block) leaves HOST alone', () => {
    expect(problem({ HOST: '0.0.0.0' }, policyWith(false))).toBeNull();
    expect(problem({ HOST: '0.0.0.0' }, policyWith(undefined))).toBeNull();
  });

  it('knows loopback addresses from others', () => {
    expect(['127.0.0.1', '::1', 'LOCALHOST'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '128.0.0.1', '::', 'fe80::1', 'fe80::1%eth0', ''].some(isLoopback)).toBe(false);
  });
});
