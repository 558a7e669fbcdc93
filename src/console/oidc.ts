// The console's OpenID Connect relying party (issue 15): authorization code flow with PKCE (S256),
// state and nonce, through `openid-client` (a certified RP library): discovery, the token
// exchange and the ID token's validation (signature, issuer, audience, expiry, nonce) are its.
// What is Garde's: which claim holds the roles, how its values map to a staff role, and that the
// audit actor is the provider's opaque `sub`, namespaced by its issuer, never an e-mail.
import * as client from 'openid-client';
import type { StaffRole } from '../keys/model.ts';
import type { OidcConfig } from '../platform/oidc-config.ts';

// Discovery once per process and configuration; a failure is not kept (the provider may be back).
const discovered = new Map<string, Promise<client.Configuration>>();

function providerConfiguration(c: OidcConfig): Promise<client.Configuration> {
  const id = `${c.issuer.href} ${c.clientId}`;
  let found = discovered.get(id);
  if (!found) {
    // Plain http is accepted by the configuration only for a provider on this machine.
    const options = c.issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined;
    found = client.discovery(c.issuer, c.clientId, c.clientSecret, undefined, options);
    found.catch(() => discovered.delete(id));
    discovered.set(id, found);
  }
  return found;
}

/** A new sign-in's secrets: the PKCE verifier and the nonce stay on the server. */
export function newSignInSecrets(): { nonce: string; codeVerifier: string } {
  return { nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
}

/** Where to send the browser: the provider's authorization endpoint, with PKCE, state and nonce. */
export async function authorizationUrl(
  c: OidcConfig,
  s: { state: string; nonce: string; codeVerifier: string },
): Promise<URL> {
  const config = await providerConfiguration(c);
  return client.buildAuthorizationUrl(config, {
    redirect_uri: c.redirectUrl.href,
    scope: c.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(s.codeVerifier),
    code_challenge_method: 'S256',
    state: s.state,
    nonce: s.nonce,
  });
}

/** Who the provider says signed in: the audit actor, a name to show, and the role claim's values. */
export type ProvenPerson = { actor: string; displayName: string; roleValues: string[] };

/**
 * Exchanges the callback's code (with the PKCE verifier) and validates the ID token, expecting
 * `state` and `nonce`; reads the role claim from the ID token, or from userinfo when the
 * provider keeps it there. Throws openid-client's errors on any mismatch.
 */
export async function provenPerson(
  c: OidcConfig,
  callbackQuery: string,
  s: { state: string; nonce: string; codeVerifier: string },
): Promise<ProvenPerson> {
  const config = await providerConfiguration(c);
  const current = new URL(c.redirectUrl.href);
  current.search = callbackQuery;
  const tokens = await client.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: s.codeVerifier,
    expectedState: s.state,
    expectedNonce: s.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims() as client.IDToken;
  let roles: unknown = claims[c.roleClaim];
  if (roles === undefined)
    roles = (await client.fetchUserInfo(config, tokens.access_token, claims.sub))[c.roleClaim];
  const name = [claims.name, claims.preferred_username].find((n) => typeof n === 'string' && n.trim());
  return {
    actor: `oidc:${config.serverMetadata().issuer}#${claims.sub}`,
    displayName: (name as string | undefined) ?? claims.sub,
    roleValues: (Array.isArray(roles) ? roles : [roles]).filter((v): v is string => typeof v === 'string'),
  };
}

/**
 * The one staff role the claim's values map to, or null: none mapped, or several different ones
 * (a person signs in as one role; the provider's administrator decides which, not Garde).
 */
export function mappedRole(
  values: readonly string[],
  roles: ReadonlyMap<string, StaffRole>,
): StaffRole | null {
  const found = new Set(values.map((v) => roles.get(v)).filter((r): r is StaffRole => r !== undefined));
  return found.size === 1 ? ([...found][0] as StaffRole) : null;
}
