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
  ])('names the bad variable in %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}:`));
  });

  it('accepts a hex encryption key', () => {
    expect(loadConfig({ GARDE_ENCRYPTION_KEY: 'ab'.repeat(32) }).encryptionKey?.length).toBe(32);
  });
});
