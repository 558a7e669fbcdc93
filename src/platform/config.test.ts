import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, chromiumPath, ensureDataDir, loadConfig } from './config.ts';

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
    [{ PORT: '0x50' }, 'PORT'],
    [{ PORT: '1e3' }, 'PORT'],
    [{ PORT: ' 8080' }, 'PORT'],
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

  it('GARDE_CORS_ORIGINS: none by default; each origin normalised, once', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ GARDE_CORS_ORIGINS: ' ' }).corsOrigins).toEqual([]);
    expect(
      loadConfig({
        GARDE_CORS_ORIGINS:
          'https://Bank.Example:443, http://localhost:3000/,https://bank.example,https://bücher.example',
      }).corsOrigins,
    ).toEqual(['https://bank.example', 'http://localhost:3000', 'https://xn--bcher-kva.example']);
  });

  it.each([
    ['*', '*', 'wildcard'],
    ['https://*.bank.example', 'https://*.bank.example', 'wildcard'],
    ['https://bank.example/app', 'https://bank.example/app', 'path, query or fragment'],
    ['https://bank.example/?', 'https://bank.example/?', 'path, query or fragment'],
    ['https://bank.example#top', 'https://bank.example#top', 'path, query or fragment'],
    ['https://user:pw@bank.example', 'https://user:pw@bank.example', 'user name or password'],
    ['bank.example', 'bank.example', 'not an origin'],
    ['null', 'null', 'not an origin'],
    ['file:///srv/site', 'file:///srv/site', 'not an http or https origin'],
    ['https://bank.example,,https://shop.example', '', 'empty entry'],
    ['https://bank.example, ', '', 'empty entry'],
  ])('GARDE_CORS_ORIGINS refuses %j, naming the variable and the entry', (value, entry, why) => {
    const load = () => loadConfig({ GARDE_CORS_ORIGINS: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`GARDE_CORS_ORIGINS: "${entry}" `);
    expect(load).toThrow(why);
  });

  it('GARDE_PRIVACY_FRAME_ANCESTORS: origins checked like GARDE_CORS_ORIGINS, errors naming it', () => {
    expect(loadConfig({}).privacyFrameAncestors).toEqual([]);
    expect(
      loadConfig({
        GARDE_PRIVACY_FRAME_ANCESTORS: 'https://Banking.Bank.Example:443/, https://app.bank.example',
      }).privacyFrameAncestors,
    ).toEqual(['https://banking.bank.example', 'https://app.bank.example']);
    const load = () => loadConfig({ GARDE_PRIVACY_FRAME_ANCESTORS: 'https://*.bank.example' });
    expect(load).toThrow('GARDE_PRIVACY_FRAME_ANCESTORS: "https://*.bank.example" is a wildcard');
    expect(() => loadConfig({ GARDE_PRIVACY_FRAME_ANCESTORS: 'https://bank.example/app' })).toThrow(
      /^GARDE_PRIVACY_FRAME_ANCESTORS: .*path, query or fragment/,
    );
  });

  it('accepts a hex encryption key', () => {
    expect(loadConfig({ GARDE_ENCRYPTION_KEY: 'ab'.repeat(32) }).encryptionKey?.length).toBe(32);
  });

  it('an empty GARDE_DATA or GARDE_POLICY is named, not taken for the default', () => {
    expect(() => loadConfig({ GARDE_DATA: '' })).toThrow(/^GARDE_DATA: is empty/);
    expect(() => loadConfig({ GARDE_POLICY: '' })).toThrow(/^GARDE_POLICY: is empty/);
  });

  it('GARDE_POLICY must name a file that exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-config-'));
    try {
      const missing = join(dir, 'nonexistent.yaml');
      expect(() => loadConfig({ GARDE_POLICY: missing })).toThrow(`GARDE_POLICY: ${missing} does not exist`);
      expect(() => loadConfig({ GARDE_POLICY: dir })).toThrow(`GARDE_POLICY: ${dir} is a folder, not a file`);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it.runIf(existsSync('/proc/self'))(
    'a data folder that cannot be made fails at once, naming GARDE_DATA (never loops under /proc)',
    async () => {
      for (const dir of ['/proc/garde', '/proc/garde/data']) {
        await expect(ensureDataDir(dir)).rejects.toThrow(
          `GARDE_DATA: cannot create the data folder ${dir}: /proc accepts no new files or folders (ENOENT)`,
        );
      }
    },
  );

  it('makes a missing data folder and its missing parents, its owner only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-config-'));
    try {
      await ensureDataDir(join(dir, 'a', 'b'));
      await ensureDataDir(join(dir, 'a', 'b'));
      expect(statSync(join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe('TLS files (EN-16)', () => {
  let dir: string;
  const pair = (name: string) => {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'].concat([
        '-keyout',
        join(dir, `${name}.key`),
        '-out',
        join(dir, `${name}.crt`),
      ]),
      { stdio: 'ignore' },
    );
    return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  };
  let a: { cert: string; key: string };
  let b: { cert: string; key: string };
  let text: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garde-tls-'));
    a = pair('a');
    b = pair('b');
    text = join(dir, 'hostname');
    await writeFile(text, 'vm\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const tls = (cert: string, key: string) => () => loadConfig({ GARDE_TLS_CERT: cert, GARDE_TLS_KEY: key });

  it('reads a certificate and its key at start-up', async () => {
    expect(tls(a.cert, a.key)().tls).toEqual({ cert: await readFile(a.cert), key: await readFile(a.key) });
  });

  it('names the variable whose file is not a PEM certificate or key', () => {
    expect(tls(text, text)).toThrow(`GARDE_TLS_CERT: ${text} holds no PEM certificate`);
    expect(tls(a.cert, text)).toThrow(`GARDE_TLS_KEY: ${text} holds no PEM private key`);
    expect(tls(a.key, a.key)).toThrow(`GARDE_TLS_CERT: ${a.key} holds no PEM certificate`);
  });

  it('names the variable whose file does not exist or is a folder', () => {
    const missing = join(dir, 'nonexistent.pem');
    expect(tls(missing, a.key)).toThrow(`GARDE_TLS_CERT: ${missing} does not exist`);
    expect(tls(a.cert, missing)).toThrow(`GARDE_TLS_KEY: ${missing} does not exist`);
    expect(tls(dir, a.key)).toThrow(`GARDE_TLS_CERT: ${dir} is a folder, not a file`);
  });

  it("refuses a key that is not the certificate's", () => {
    expect(tls(a.cert, b.key)).toThrow(
      `GARDE_TLS_KEY: ${b.key} is not the private key of the certificate in ${a.cert} (GARDE_TLS_CERT)`,
    );
  });
});

describe('GARDE_CHROMIUM (the browser that prints PDFs)', () => {
  const only = (paths: string[]) => (p: string) => paths.includes(p);

  it('is the first of the usual Debian paths that exists when unset, and none when no browser is installed', () => {
    expect(chromiumPath({}, only(['/usr/bin/chromium-browser', '/usr/bin/google-chrome']))).toBe(
      '/usr/bin/chromium-browser',
    );
    expect(chromiumPath({}, only([]))).toBeUndefined();
  });

  it('is the file it names, and a file that does not exist is refused by name', () => {
    expect(chromiumPath({ GARDE_CHROMIUM: '/opt/chrome/chrome' }, only(['/opt/chrome/chrome']))).toBe(
      '/opt/chrome/chrome',
    );
    expect(() => chromiumPath({ GARDE_CHROMIUM: '/nowhere' }, only([]))).toThrow(
      'GARDE_CHROMIUM: /nowhere is not a file',
    );
  });
});
