// The only place that reads process.env. Every variable is validated once, at start-up, and a
// bad one is reported by name.
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';

export type Config = {
  /** postgres://... for a server; undefined for the embedded PGlite database. */
  databaseUrl: string | undefined;
  dataDir: string;
  policyFile: string;
  port: number;
  host: string;
  encryptionKey: Buffer | undefined;
  tls: { cert: string; key: string } | undefined;
  /** Requests per minute per API key, counted once the key is known. */
  rateLimitPerMinute: number;
  /** Requests per minute per client address, counted before authentication (every request). */
  clientRateLimitPerMinute: number;
  /** Proxies whose X-Forwarded-For names the client: false, a hop count, or their addresses. */
  trustProxy: false | number | string[];
  /** PostgreSQL connections per app process. */
  dbPoolSize: number;
  /** Outbound batches (postal CSVs, call lists, erasure notices) are deleted after this many days. */
  outboundDays: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const tlsCert = env.GARDE_TLS_CERT;
  const tlsKey = env.GARDE_TLS_KEY;
  if (Boolean(tlsCert) !== Boolean(tlsKey)) {
    throw new ConfigError(
      tlsCert ? 'GARDE_TLS_KEY' : 'GARDE_TLS_CERT',
      'TLS needs both GARDE_TLS_CERT and GARDE_TLS_KEY',
    );
  }
  return {
    databaseUrl: databaseUrl(env.DATABASE_URL),
    dataDir: dataFolder(env.GARDE_DATA),
    policyFile: resolve(env.GARDE_POLICY || 'policies/retail-bank.yaml'),
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    encryptionKey: encryptionKey(env.GARDE_ENCRYPTION_KEY),
    tls: tlsCert && tlsKey ? { cert: resolve(tlsCert), key: resolve(tlsKey) } : undefined,
    rateLimitPerMinute: integer(env, 'GARDE_RATE_LIMIT', 1200, 1, 10_000_000),
    clientRateLimitPerMinute: integer(env, 'GARDE_RATE_LIMIT_CLIENT', 2400, 1, 10_000_000),
    trustProxy: trustProxy(env.GARDE_TRUST_PROXY),
    dbPoolSize: integer(env, 'GARDE_DB_POOL', 10, 1, 1000),
    outboundDays: integer(env, 'GARDE_OUTBOUND_DAYS', 30, 1, 3650),
    logLevel: logLevel(env.LOG_LEVEL),
  };
}

const DATA_HINT = 'point GARDE_DATA at a folder (it is created if missing)';

/** The data folder need not exist yet, but nothing on its path may be a file. */
function dataFolder(raw: string | undefined): string {
  const dir = resolve(raw || '.garde');
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
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new ConfigError(
      'GARDE_DATA',
      `cannot create the data folder ${dir} (${codeOf(err)}); ${DATA_HINT}`,
    );
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

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
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
