// A real OpenID provider for the console's OIDC tests (issue 15): the `oidc-provider` package (a
// certified OP), on 127.0.0.1 at a random port, with its development login and consent pages
// (any password; the login names the account). Each account's roles are in the `garde_roles`
// claim (scope `roles`), put in the ID token. Stop it with close(), in an afterAll.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type TestAccount = { name: string; roles: string[] };

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
};

export const ROLE_CLAIM = 'garde_roles';

export async function startOidcProvider(
  redirectUri: string,
  accounts: Readonly<Record<string, TestAccount>>,
): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'garde-console';
  const clientSecret = 'a-test-secret-of-the-local-provider-only';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, name: account.name, [ROLE_CLAIM]: account.roles }),
      };
    },
    claims: { openid: ['sub'], profile: ['name'], roles: [ROLE_CLAIM] },
    scopes: ['openid', 'profile', 'roles'],
    // The role claim in the ID token, as many providers do for groups.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['a-test-cookie-key-of-the-local-provider'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  // Its development pages warn once on the console; nothing to act on in a test.
  provider.on('server_error', () => {});
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
