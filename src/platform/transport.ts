// EN-16: a policy that promises encrypted transport (security.transportEncryption) is never
// served in plain HTTP where more than this machine can reach it. Plain HTTP is fine on loopback
// (a proxy on the same machine, or `npm start`) and behind a proxy the operator declares
// (GARDE_TRUST_PROXY), which then carries TLS to the clients. Pure: checked by `garde serve`
// before it listens.
import { isIP } from 'node:net';
import type { Policy } from '../policy/schema.ts';
import { type Config, ConfigError } from './config.ts';

/** Why serving `config` would break the policy's transport promise, or null when it would not. */
export function plainHttpProblem(
  policy: Policy,
  config: Pick<Config, 'host' | 'tls' | 'trustProxy'>,
): ConfigError | null {
  if (policy.security?.transportEncryption !== true) return null;
  if (config.tls || config.trustProxy !== false || isLoopback(config.host)) return null;
  return new ConfigError(
    'HOST',
    `${config.host} would serve plain HTTP beyond this machine, but policy ${policy.policy.id} states security.transportEncryption: true. Serve HTTPS (GARDE_TLS_CERT and GARDE_TLS_KEY), declare the TLS-terminating proxy in front of Garde (GARDE_TRUST_PROXY), or listen on loopback (HOST=127.0.0.1)`,
  );
}

/** 127.0.0.0/8, ::1 (or IPv4 loopback written in IPv6), and the name localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) !== 6) return false;
  // The URL parser writes an IPv6 address in its shortest form: ::ffff:127.0.0.1 is ::ffff:7f00:1.
  let short: string;
  try {
    short = new URL(`http://[${h}]`).hostname;
  } catch {
    return false; // a zone index (fe80::1%eth0): link-local, not loopback
  }
  return short === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(short);
}
