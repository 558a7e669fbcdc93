// The only place that reads process.env. Every variable is validated once, at start-up, and a
// bad one is reported by name.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config-error.ts';
import { makeFolder } from './folders.ts';
import { type OidcConfig, oidcConfig } from './oidc-config.ts';

export type Config = {
  /** postgres://... for a server; undefined for the embedded PGlite database. */
  databaseUrl: string | undefined;
  dataDir: string;
  policyFile: string;
  port: number;
  host: string;
  encryptionKey: Buffer | undefined;
  /** The PEM texts, read and checked at start-up: a bad file is named before anything starts. */
  tls: { cert: Buffer; key: Buffer } | undefined;
  /** Requests per minute per API key, counted once the key is known. */
  rateLimitPerMinute: number;
  /** Requests per minute per client address, counted before authentication (every request). */
  clientRateLimitPerMinute: number;
  /** Console sign-ins per minute per client address: a guessed key or password gets few tries. */
  signInRateLimitPerMinute: number;
  /** Proxies whose X-Forwarded-For names the client: false, a hop count, or their addresses. */
  trustProxy: false | number | string[];
  /**
   * Origins (`https://www.example.com`, normalised by the URL class: lower-case host, no default
   * port) whose pages may load the tracker SDK and call its routes from the browser (CORS).
   * Empty: no cross-origin access.
   */
  corsOrigins: string[];
  /**
   * Origins (normalised like corsOrigins) whose pages may show the privacy page in a frame
   * (`Content-Security-Policy: frame-ancestors`). Empty: no frame at all.
   */
  privacyFrameAncestors: string[];
  /** PostgreSQL connections per app process. */
  dbPoolSize: number;
  /** Outbound batches (postal CSVs, call lists, erasure notices) are deleted after this many days. */
  outboundDays: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The console's OpenID Connect sign-in (GARDE_OIDC_*), or undefined: staff sign in with keys. */
  oidc: OidcConfig | undefined;
  /** GARDE_DEMO_MYSQL_URL: the demo writes its core system in this MariaDB/MySQL database instead. */
  demoMysqlUrl: string | undefined;
};

export { ConfigError };

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  return {
    databaseUrl: databaseUrl(env.DATABASE_URL),
    dataDir: dataFolder(env.GARDE_DATA),
    policyFile: policyFile(env.GARDE_POLICY),
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    encryptionKey: encryptionKey(env.GARDE_ENCRYPTION_KEY),
    tls: tls(env.GARDE_TLS_CERT, env.GARDE_TLS_KEY),
    rateLimitPerMinute: integer(env, 'GARDE_RATE_LIMIT', 1200, 1, 10_000_000),
    clientRateLimitPerMinute: integer(env, 'GARDE_RATE_LIMIT_CLIENT', 2400, 1, 10_000_000),
    signInRateLimitPerMinute: integer(env, 'GARDE_RATE_LIMIT_SIGN_IN', 10, 1, 10_000_000),
    trustProxy: trustProxy(env.GARDE_TRUST_PROXY),
    corsOrigins: corsOrigins(env.GARDE_CORS_ORIGINS),
    privacyFrameAncestors: origins('GARDE_PRIVACY_FRAME_ANCESTORS', env.GARDE_PRIVACY_FRAME_ANCESTORS),
    dbPoolSize: integer(env, 'GARDE_DB_POOL', 10, 1, 1000),
    outboundDays: integer(env, 'GARDE_OUTBOUND_DAYS', 30, 1, 3650),
    logLevel: logLevel(env.LOG_LEVEL),
    oidc: oidcConfig(env),
    demoMysqlUrl: demoMysqlUrl(env.GARDE_DEMO_MYSQL_URL),
  };
}

const DATA_HINT = 'point GARDE_DATA at a folder (it is created if missing)';

/**
 * The data folder need not exist yet, but nothing on its path may be a file. Set but empty is a
 * mistake (a template's blank), not a wish for the default folder.
 */
function dataFolder(raw: string | undefined): string {
  if (raw === '') throw new ConfigError('GARDE_DATA', `is empty; unset it to use ./.garde, or ${DATA_HINT}`);
  const dir = resolve(raw ?? '.garde');
  for (let path = dir; ; path = dirname(path)) {
    let found: ReturnType<typeof statSync>;
    try {
      found = statSync(path, { throwIfNoEntry: false });
    } catch (err) {
      // A file further up: the walk reaches it and names it.
      if (codeOf(err) !== 'ENOTDIR') {
        throw new ConfigError('GARDE_DATA', `cannot use ${dir} (${codeOf(err)} on ${path}); ${DATA_HINT}`);
      }
    }
    if (found?.isDirectory()) return dir;
    if (found) {
      const what =
        path === dir ? `${dir} is a file, not a folder` : `${dir} cannot be a folder: ${path} is a file`;
      throw new ConfigError('GARDE_DATA', `${what}; ${DATA_HINT}`);
    }
    if (dirname(path) === path) return dir;
  }
}

/** Creates the data folder (its owner only) when it is missing; a failure names GARDE_DATA. */
export async function ensureDataDir(dir: string): Promise<void> {
  try {
    await makeFolder(dir);
  } catch (err) {
    throw dataFolderError(dir, 'cannot create the data folder', err);
  }
}

/** A data folder that refuses what Garde must write there, named with why. */
export function dataFolderError(dir: string, what: string, err: unknown): ConfigError {
  const code = codeOf(err);
  const path = (err as NodeJS.ErrnoException).path ?? dir;
  const why =
    code === 'ENOENT'
      ? `${dirname(path)} accepts no new files or folders`
      : code === 'EACCES' || code === 'EPERM'
        ? `this process may not write in ${dirname(path)}`
        : code === 'EROFS'
          ? `${dirname(path)} is on a read-only file system`
          : `${path} could not be written`;
  return new ConfigError('GARDE_DATA', `${what} ${dir}: ${why} (${code}); ${DATA_HINT}`);
}

const DEFAULT_POLICY = 'policies/retail-bank.yaml';

/** The policy file must exist; its content is checked by the policy loader (file, line, key). */
function policyFile(raw: string | undefined): string {
  if (raw === '') throw new ConfigError('GARDE_POLICY', 'is empty; name your policy file');
  const file = resolve(raw ?? DEFAULT_POLICY);
  const problem = notAFile(file);
  if (!problem) return file;
  const unset =
    raw === undefined
      ? ` (the default, relative to ${process.cwd()}): set GARDE_POLICY to your policy file`
      : '';
  throw new ConfigError('GARDE_POLICY', `${problem}${unset}`);
}

/** Why `file` cannot be read as a file, or null when it can be. */
function notAFile(file: string): string | null {
  let found: ReturnType<typeof statSync>;
  try {
    found = statSync(file, { throwIfNoEntry: false });
  } catch (err) {
    // ENOTDIR: a file stands where a folder on the path should be.
    return codeOf(err) === 'ENOTDIR' ? `${file} does not exist` : `cannot read ${file} (${codeOf(err)})`;
  }
  if (!found) return `${file} does not exist`;
  if (found.isDirectory()) return `${file} is a folder, not a file`;
  if (!found.isFile()) return `${file} is not a regular file`;
  return null;
}

// A PEM certificate chain or key is a few kilobytes: anything far larger is the wrong file.
const PEM_MAX_BYTES = 1_000_000;

function readPem(variable: string, raw: string): Buffer {
  const file = resolve(raw);
  const problem = notAFile(file);
  if (problem) throw new ConfigError(variable, problem);
  if (statSync(file).size > PEM_MAX_BYTES)
    throw new ConfigError(variable, `${file} is too large for a PEM file`);
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(variable, `cannot read ${file} (${codeOf(err)})`);
  }
}

/**
 * EN-16: both files or neither, each parsed here so a wrong one is named before the server starts
 * (the TLS layer would only say "no start line"), and the key must be the certificate's.
 */
function tls(certPath: string | undefined, keyPath: string | undefined): Config['tls'] {
  if (!certPath && !keyPath) return undefined;
  if (!certPath || !keyPath) {
    throw new ConfigError(
      certPath ? 'GARDE_TLS_KEY' : 'GARDE_TLS_CERT',
      'TLS needs both GARDE_TLS_CERT and GARDE_TLS_KEY',
    );
  }
  const cert = readPem('GARDE_TLS_CERT', certPath);
  const key = readPem('GARDE_TLS_KEY', keyPath);
  const x509 = certificate(cert, resolve(certPath));
  const privateKey = pemKey(key, resolve(keyPath));
  if (!x509.checkPrivateKey(privateKey)) {
    throw new ConfigError(
      'GARDE_TLS_KEY',
      `${resolve(keyPath)} is not the private key of the certificate in ${resolve(certPath)} (GARDE_TLS_CERT)`,
    );
  }
  return { cert, key };
}

function certificate(pem: Buffer, file: string): X509Certificate {
  // The TLS layer reads PEM only, though X509Certificate would also take DER.
  if (pem.includes('-----BEGIN CERTIFICATE-----')) {
    try {
      return new X509Certificate(pem);
    } catch {}
  }
  throw new ConfigError('GARDE_TLS_CERT', `${file} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
}

function pemKey(pem: Buffer, file: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    const why =
      (err as { code?: string }).code === 'ERR_MISSING_PASSPHRASE'
        ? 'is encrypted: Garde needs the key without a passphrase (readable by its user only)'
        : 'holds no PEM private key ("-----BEGIN PRIVATE KEY-----")';
    throw new ConfigError('GARDE_TLS_KEY', `${file} ${why}`);
  }
}

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

function databaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  return value;
}

function demoMysqlUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^(mysql|mariadb):\/\/[^/]+\/[A-Za-z0-9_]+$/.test(value))
    throw new ConfigError(
      'GARDE_DEMO_MYSQL_URL',
      'must be mysql://user[:password]@host[:port]/database or mariadb://... (the database is created if missing)',
    );
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // Digits only: Number() would also read "0x50", "1e3" and " 8080".
  const n = /^-?\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/** "2" (hops), or "10.0.0.1, 10.1.0.0/16": never "true", which would let any client pick its IP. */
function trustProxy(raw: string | undefined): Config['trustProxy'] {
  if (!raw) return false;
  if (/^[0-9]+$/.test(raw)) {
    const hops = Number(raw);
    if (hops >= 1 && hops <= 10) return hops;
  }
  const entries = raw.split(',').map((e) => e.trim());
  const valid = (e: string) => {
    const [address, bits, ...rest] = e.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || rest.length > 0) return false;
    if (bits === undefined) return true;
    return /^[0-9]+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  };
  if (entries.every(valid)) return entries;
  throw new ConfigError(
    'GARDE_TRUST_PROXY',
    'must be a number of proxy hops (1 to 10) or a comma-separated list of proxy addresses or CIDR ranges',
  );
}

const ORIGIN_HINT = 'list origins as scheme://host[:port], separated by commas';

/**
 * "https://www.example.com, http://localhost:3000". Never `*`: the tracker's routes take a visitor's
 * session token, and any site could then send behaviour under it. Each entry is an origin and
 * nothing more, so what the browser sends in `Origin` compares equal to it.
 */
function corsOrigins(raw: string | undefined): string[] {
  return origins('GARDE_CORS_ORIGINS', raw);
}

/** A comma-separated list of origins in `variable`, each checked; errors name the variable. */
function origins(variable: string, raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  const list = raw.split(',').map((entry) => originOf(variable, entry.trim()));
  return [...new Set(list)];
}

function originOf(variable: string, entry: string): string {
  const refuse = (why: string) => {
    throw new ConfigError(variable, `"${entry}" ${why}; ${ORIGIN_HINT}`);
  };
  if (entry === '') refuse('is an empty entry (two commas, or one at an end)');
  if (entry.includes('*')) refuse('is a wildcard: name each site');
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return refuse('is not an origin');
  }
  // Other schemes (file:, data:) have opaque origins: the browser sends "null" for them.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('is not an http or https origin');
  if (url.username || url.password) refuse('holds a user name or password');
  // A trailing slash is harmless; a path, a query or a fragment means a URL was pasted.
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(entry))
    refuse('has a path, query or fragment');
  return url.origin;
}

function encryptionKey(raw: string | undefined): Buffer | undefined {
  if (!raw) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('GARDE_ENCRYPTION_KEY', 'must be 32 bytes, as 64 hex digits or base64');
  }
  return key;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
function logLevel(raw: string | undefined): Config['logLevel'] {
  if (!raw) return 'info';
  const level = LEVELS.find((l) => l === raw);
  if (!level) throw new ConfigError('LOG_LEVEL', `must be one of ${LEVELS.join(', ')}`);
  return level;
}

/** Where Debian, Ubuntu and Google's packages install Chromium, in the order tried. */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * GARDE_CHROMIUM: the Chromium (or Chrome) executable that prints PDFs (`garde policy notice
 * --format pdf`); unset, the first of CHROMIUM_PATHS that exists; undefined when none does.
 * Read apart from loadConfig: a command that prints a file needs no data folder or policy.
 */
export function chromiumPath(
  env: Env = process.env,
  exists: (path: string) => boolean = (p) => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
): string | undefined {
  const raw = env.GARDE_CHROMIUM;
  if (raw === undefined || raw === '') return CHROMIUM_PATHS.find(exists);
  if (!exists(raw))
    throw new ConfigError('GARDE_CHROMIUM', `${raw} is not a file: point it at the Chromium executable`);
  return raw;
}
