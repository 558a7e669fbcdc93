// The console's OpenID Connect sign-in (issue 15), configured by GARDE_OIDC_* and validated with
// the rest of the configuration (config.ts): all of issuer, client and redirect or none, each bad
// value reported by its variable's name. Staff roles come from one claim of the person's ID token
// (or userinfo), mapped value by value to a Garde staff role: nothing is assumed of the provider.
import { isStaffRole, type StaffRole } from '../keys/model.ts';
import { ConfigError } from './config-error.ts';

export type OidcConfig = {
  /** The provider's issuer identifier (discovery is at `<issuer>/.well-known/openid-configuration`). */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: `<Garde's origin>/v1/console/oidc/callback`. */
  redirectUrl: URL;
  /** Scopes asked for, `openid` always among them. */
  scopes: string;
  /** The claim holding the person's roles or groups (a string or an array of strings). */
  roleClaim: string;
  /** Claim value -> Garde staff role; a person with no mapped value signs in to nothing. */
  roles: ReadonlyMap<string, StaffRole>;
  /** The provider's name on the sign-in button ("Sign in with <name>"). */
  name: string;
};

type Env = Record<string, string | undefined>;

const REQUIRED = [
  'GARDE_OIDC_CLIENT_ID',
  'GARDE_OIDC_CLIENT_SECRET',
  'GARDE_OIDC_REDIRECT_URL',
  'GARDE_OIDC_ROLES',
];

/** The OIDC configuration, or undefined when GARDE_OIDC_ISSUER is unset (key sign-in only). */
export function oidcConfig(env: Env): OidcConfig | undefined {
  const issuerRaw = env.GARDE_OIDC_ISSUER;
  if (!issuerRaw) {
    const stray = [...REQUIRED, 'GARDE_OIDC_ROLE_CLAIM', 'GARDE_OIDC_SCOPES', 'GARDE_OIDC_NAME'].find(
      (v) => env[v],
    );
    if (stray)
      throw new ConfigError(stray, 'is set but GARDE_OIDC_ISSUER is not: set the issuer, or unset it');
    return undefined;
  }
  for (const v of REQUIRED)
    if (!env[v]?.trim()) throw new ConfigError(v, 'is required with GARDE_OIDC_ISSUER');
  const issuer = httpUrl('GARDE_OIDC_ISSUER', issuerRaw);
  const redirectUrl = httpUrl('GARDE_OIDC_REDIRECT_URL', env.GARDE_OIDC_REDIRECT_URL as string);
  if (!redirectUrl.pathname.endsWith('/v1/console/oidc/callback'))
    throw new ConfigError(
      'GARDE_OIDC_REDIRECT_URL',
      `must be Garde's callback, <origin>/v1/console/oidc/callback (got ${redirectUrl.href})`,
    );
  const scopes = (env.GARDE_OIDC_SCOPES ?? 'openid').split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) scopes.unshift('openid');
  const roleClaim = env.GARDE_OIDC_ROLE_CLAIM?.trim() || 'roles';
  return {
    issuer,
    clientId: (env.GARDE_OIDC_CLIENT_ID as string).trim(),
    clientSecret: env.GARDE_OIDC_CLIENT_SECRET as string,
    redirectUrl,
    scopes: scopes.join(' '),
    roleClaim,
    roles: roleMap(env.GARDE_OIDC_ROLES as string),
    name: env.GARDE_OIDC_NAME?.trim() || issuer.host,
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An https URL; plain http only on this machine (a provider or a Garde under test). */
function httpUrl(variable: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(variable, `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(variable, `"${raw}" is not an http or https URL`);
  if (url.username || url.password) throw new ConfigError(variable, 'holds a user name or password');
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    throw new ConfigError(variable, `"${raw}" must be https (plain http only on 127.0.0.1 or localhost)`);
  return url;
}

/** `value=role, value=role`: each value of the role claim and the staff role it signs in as. */
function roleMap(raw: string): Map<string, StaffRole> {
  const map = new Map<string, StaffRole>();
  for (const entry of raw.split(',').map((e) => e.trim())) {
    const eq = entry.lastIndexOf('=');
    const value = entry.slice(0, eq).trim();
    const role = entry.slice(eq + 1).trim();
    if (eq <= 0 || !value)
      throw new ConfigError(
        'GARDE_OIDC_ROLES',
        `"${entry}" is not <claim value>=<role> (e.g. "garde-dpo=dpo")`,
      );
    if (!isStaffRole(role))
      throw new ConfigError('GARDE_OIDC_ROLES', `"${role}" is not a console role: agent, marketer or dpo`);
    if (map.has(value)) throw new ConfigError('GARDE_OIDC_ROLES', `"${value}" is mapped twice`);
    map.set(value, role);
  }
  return map;
}
