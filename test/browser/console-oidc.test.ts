// Signing in to the console with OpenID Connect (issue 15), against a real OpenID provider started
// here (oidc-provider, 127.0.0.1, random port), in Debian's Chromium: the button shows only when
// configured; a person whose role claim maps to a staff role lands in the console as that role,
// audited under the provider's opaque subject namespaced by its issuer; a person with no mapped
// role, a tampered state, a replayed callback and a callback in another browser open nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { oidcConfig } from '../../src/platform/oidc-config.ts';
import { BACKENDS } from '../support/backends.ts';
import { ROLE_CLAIM, startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { servePage } from '../support/page-app.ts';
import { CHROMIUM_REQUIRED, describeWhen } from '../support/requires.ts';

// Opaque subjects, as a provider gives them; the names are only shown.
const ALICE = 'f3a1c9e07b2d';
const BOB = '8c4e2a91d5f0';
const ACCOUNTS = {
  [ALICE]: { name: 'Alice Martin', roles: ['staff', 'garde-privacy-office'] },
  [BOB]: { name: 'Bob Peeters', roles: ['staff'] },
};

for (const backend of BACKENDS) {
  describeWhen(CHROMIUM_REQUIRED, 'test/browser/console-oidc.test.ts')(
    `signing in to the console with OpenID Connect, on ${backend}`,
    () => {
      const served = servePage(backend);
      let provider: TestProvider | undefined;
      beforeAll(async () => {
        expect((await (await fetch(`${served.base}/v1/console/sign-in`)).json()).oidc).toBeNull();
        provider = await startOidcProvider(`${served.base}/v1/console/oidc/callback`, ACCOUNTS);
        served.t.deps.config.oidc = oidcConfig({
          GARDE_OIDC_ISSUER: provider.issuer,
          GARDE_OIDC_CLIENT_ID: provider.clientId,
          GARDE_OIDC_CLIENT_SECRET: provider.clientSecret,
          GARDE_OIDC_REDIRECT_URL: `${served.base}/v1/console/oidc/callback`,
          GARDE_OIDC_SCOPES: 'openid profile roles',
          GARDE_OIDC_ROLE_CLAIM: ROLE_CLAIM,
          GARDE_OIDC_ROLES: 'garde-privacy-office=dpo, garde-marketing=marketer',
          GARDE_OIDC_NAME: 'Test IdP',
        });
      });
      afterAll(async () => {
        await provider?.close();
      });

      /** Clicks "Sign in with Test IdP" and logs in at the provider's own pages as `account`. */
      const signInAt = async (account: string) => {
        const context = await served.browser.newContext({ locale: 'en' });
        const page = await context.newPage();
        const callbacks: string[] = [];
        page.on('request', (r) => {
          if (r.url().includes('/v1/console/oidc/callback')) callbacks.push(r.url());
        });
        await page.goto(`${served.base}/console/`);
        await page.click('#oidc');
        await page.waitForSelector('input[name="login"]');
        expect(new URL(page.url()).origin).toBe(new URL(provider?.issuer as string).origin);
        await page.fill('input[name="login"]', account);
        await page.fill('input[name="password"]', 'any');
        await page.click('button[type="submit"]');
        // The provider asks its consent once per client, then sends the browser back.
        await page.waitForURL(
          (u) => u.pathname.startsWith('/console/') || u.pathname.includes('/interaction/'),
        );
        if (new URL(page.url()).pathname.includes('/interaction/')) await page.click('button[type="submit"]');
        await page.waitForURL((u) => u.pathname === '/console/');
        return { context, page, callbacks };
      };

      it('the button names the provider; a person whose role claim maps to dpo lands in the console as the DPO, audited under oidc:<issuer>#<sub>, the sign-in’s binding cookie cleared', async () => {
        const { context, page, callbacks } = await signInAt(ALICE);
        await page.waitForSelector('nav.views a[data-view="dpo-overview"]');
        await page.waitForSelector('#who');
        const issuer = (await (await fetch(`${provider?.issuer}/.well-known/openid-configuration`)).json())
          .issuer as string;
        const actor = `oidc:${issuer}#${ALICE}`;
        expect(await page.textContent('main')).toContain(actor);
        expect(await page.textContent('.session-bar')).toContain('Alice Martin');
        const audit = await served.t.deps.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_pending WHERE action = 'console-session.start' AND actor = $1",
          [actor],
        );
        expect(audit.rows[0]?.n).toBe(1);
        // The console session is the DPO's, like a key's: the API says so.
        const me = await context.request.get(`${served.base}/v1/console/me`);
        expect(await me.json()).toMatchObject({ role: 'dpo', actor, displayName: 'Alice Martin' });
        // The binding cookie did its one job: the callback told the browser to forget it.
        expect((await context.cookies()).map((c) => c.name)).not.toContain('garde_oidc');
        // The callback works once: replayed, it opens nothing.
        expect(callbacks.length).toBe(1);
        const replay = await context.request.get(callbacks[0] as string, { maxRedirects: 0 });
        expect(replay.status()).toBe(303);
        expect(replay.headers().location).toBe('/console/?refused=OIDC_SIGN_IN_INVALID');
        await context.close();
      });

      it('a person whose role claim maps to no console role is refused, and the sign-in form says why', async () => {
        const { context, page } = await signInAt(BOB);
        await page.waitForSelector('.error-summary a[href="#oidc"]');
        expect(await page.textContent('.error-summary')).toContain(
          'Your account at Test IdP has no role that opens the console',
        );
        expect(new URL(page.url()).search).toBe('');
        expect((await context.request.get(`${served.base}/v1/console/me`)).status()).toBe(401);
        await context.close();
      });

      it('a tampered state, or a callback in a browser that did not start the sign-in, opens nothing', async () => {
        const start = await fetch(`${served.base}/v1/console/oidc/start`, { redirect: 'manual' });
        expect(start.status).toBe(303);
        const to = new URL(start.headers.get('location') as string);
        expect(to.origin).toBe(new URL(provider?.issuer as string).origin);
        expect(to.searchParams.get('code_challenge_method')).toBe('S256');
        expect(to.searchParams.get('nonce')).toBeTruthy();
        const binding = String(start.headers.get('set-cookie')).split(';')[0] as string;
        expect(start.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax; Max-Age=600$/);
        const state = to.searchParams.get('state') as string;
        const callback = (query: string, cookie?: string) =>
          fetch(`${served.base}/v1/console/oidc/callback?${query}`, {
            redirect: 'manual',
            headers: cookie ? { cookie } : {},
          });
        const tampered = await callback(`code=abc&state=${state.slice(0, -2)}xy`, binding);
        expect(tampered.headers.get('location')).toBe('/console/?refused=OIDC_SIGN_IN_INVALID');
        expect(tampered.headers.get('set-cookie')).toBeNull();
        // Another browser (no binding cookie) with the right state: refused, and the state is spent.
        const elsewhere = await callback(`code=abc&state=${state}`);
        expect(elsewhere.headers.get('location')).toBe('/console/?refused=OIDC_SIGN_IN_INVALID');
        const spent = await callback(`code=abc&state=${state}`, binding);
        expect(spent.headers.get('location')).toBe('/console/?refused=OIDC_SIGN_IN_INVALID');
        const sessions = await served.t.deps.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM console_sessions WHERE actor NOT LIKE 'oidc:%'",
        );
        expect(sessions.rows[0]?.n).toBe(0);
      });
    },
  );
}
