// The console's OpenID Connect settings (issue 15): all or nothing, each mistake named by its
// variable; and how the role claim's values become one staff role.
import { describe, expect, it } from 'vitest';
import { mappedRole } from '../console/oidc.ts';
import { loadConfig } from './config.ts';

const OIDC = {
  GARDE_OIDC_ISSUER: 'https://login.example.com/realms/staff',
  GARDE_OIDC_CLIENT_ID: 'garde-console',
  GARDE_OIDC_CLIENT_SECRET: 's3cret',
  GARDE_OIDC_REDIRECT_URL: 'https://garde.example.com/v1/console/oidc/callback',
  GARDE_OIDC_ROLES: 'privacy-office=dpo, marketing=marketer,branch=agent',
};

describe('GARDE_OIDC_*', () => {
  it('unset: staff sign in with keys only', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('set: the issuer, client, callback, scopes, role claim, role map and the button’s name', () => {
    const c = loadConfig(OIDC).oidc;
    expect(c?.issuer.href).toBe('https://login.example.com/realms/staff');
    expect(c?.scopes).toBe('openid');
    expect(c?.roleClaim).toBe('roles');
    expect(c?.name).toBe('login.example.com');
    expect([...(c?.roles ?? [])]).toEqual([
      ['privacy-office', 'dpo'],
      ['marketing', 'marketer'],
      ['branch', 'agent'],
    ]);
    const named = loadConfig({
      ...OIDC,
      GARDE_OIDC_SCOPES: 'profile groups',
      GARDE_OIDC_ROLE_CLAIM: 'groups',
      GARDE_OIDC_NAME: 'Staff login',
    }).oidc;
    expect([named?.scopes, named?.roleClaim, named?.name]).toEqual([
      'openid profile groups',
      'groups',
      'Staff login',
    ]);
  });

  it('each mistake is named by its variable', () => {
    const bad = (env: Record<string, string>) => () => loadConfig({ ...OIDC, ...env });
    expect(() => loadConfig({ GARDE_OIDC_CLIENT_ID: 'x' })).toThrow(
      /^GARDE_OIDC_CLIENT_ID: is set but GARDE_OIDC_ISSUER/,
    );
    expect(bad({ GARDE_OIDC_CLIENT_SECRET: '' })).toThrow(/^GARDE_OIDC_CLIENT_SECRET: is required/);
    expect(bad({ GARDE_OIDC_ISSUER: 'not a url' })).toThrow(/^GARDE_OIDC_ISSUER: "not a url" is not a URL/);
    expect(bad({ GARDE_OIDC_ISSUER: 'http://login.example.com' })).toThrow(
      /^GARDE_OIDC_ISSUER: .*must be https/,
    );
    expect(bad({ GARDE_OIDC_REDIRECT_URL: 'https://garde.example.com/console/' })).toThrow(
      /^GARDE_OIDC_REDIRECT_URL: must be Garde's callback/,
    );
    expect(bad({ GARDE_OIDC_ROLES: 'privacy-office' })).toThrow(/^GARDE_OIDC_ROLES: "privacy-office" is not/);
    expect(bad({ GARDE_OIDC_ROLES: 'it=admin' })).toThrow(/^GARDE_OIDC_ROLES: "admin" is not a console role/);
    expect(bad({ GARDE_OIDC_ROLES: 'a=dpo, a=agent' })).toThrow(/^GARDE_OIDC_ROLES: "a" is mapped twice/);
    // Plain http only for a provider on this machine (tests, a local trial).
    expect(loadConfig({ ...OIDC, GARDE_OIDC_ISSUER: 'http://127.0.0.1:8081' }).oidc?.issuer.port).toBe(
      '8081',
    );
  });
});

describe('the role claim maps to one staff role', () => {
  const roles = loadConfig(OIDC).oidc?.roles ?? new Map();
  it('one mapped value, among others, gives its role', () => {
    expect(mappedRole(['staff', 'marketing'], roles)).toBe('marketer');
  });
  it('none mapped, or values of different roles, give none: a person signs in as one role', () => {
    expect(mappedRole(['staff'], roles)).toBeNull();
    expect(mappedRole([], roles)).toBeNull();
    expect(mappedRole(['marketing', 'privacy-office'], roles)).toBeNull();
  });
});
