import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('defaults to PGlite in .garde on port 8080 with the retail-bank policy', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: undefined, port: 8080, encryptionKey: undefined, tls: undefined });
    expect(c.dataDir).toMatch(/\.garde$/);
    expect(c.policyFile).toMatch(/policies\/retail-bank\.yaml$/);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ GARDE_ENCRYPTION_KEY: 'abcd' }, 'GARDE_ENCRYPTION_KEY'],
    [{ GARDE_TLS_CERT: 'cert.pem' }, 'GARDE_TLS_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ GARDE_RATE_LIMIT_CLIENT: '0' }, 'GARDE_RATE_LIMIT_CLIENT'],
    [{ GARDE_TRUST_PROXY: 'true' }, 'GARDE_TRUST_PROXY'],
    [{ GARDE_TRUST_PROXY: '10.0.0.0/33' }, 'GARDE_TRUST_PROXY'],
    [{ GARDE_TRUST_PROXY: 'proxy.local' }, 'GARDE_TRUST_PROXY'],
  ])('names the bad variable in %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}:`));
  });

  it('GARDE_DATA may name a folder yet to be made, never a file or a folder under one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-config-'));
    try {
      const file = join(dir, 'not-a-folder');
      await writeFile(file, '');
      expect(loadConfig({ GARDE_DATA: join(dir, 'new', 'data') }).dataDir).toBe(join(dir, 'new', 'data'));
      expect(() => loadConfig({ GARDE_DATA: file })).toThrow(`GARDE_DATA: ${file} is a file, not a folder`);
      expect(() => loadConfig({ GARDE_DATA: join(file, 'db') })).toThrow(
        `GARDE_DATA: ${join(file, 'db')} cannot be a folder: ${file} is a file`,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('limits each client before authentication, and each key after, both configurable', () => {
    expect(loadConfig({})).toMatchObject({
      rateLimitPerMinute: 1200,
      clientRateLimitPerMinute: 2400,
      trustProxy: false,
    });
    expect(loadConfig({ GARDE_RATE_LIMIT_CLIENT: '50' }).clientRateLimitPerMinute).toBe(50);
  });

  it('trusts X-Forwarded-For only from the proxies named: a hop count or addresses', () => {
    expect(loadConfig({ GARDE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ GARDE_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
      '::1',
    ]);
  });

  it('accepts a hex encryption key', () => {
    expect(loadConfig({ GARDE_ENCRYPTION_KEY: 'ab'.repeat(32) }).encryptionKey?.length).toBe(32);
  });
});
