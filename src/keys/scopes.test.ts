import { describe, expect, it } from 'vitest';
import { ROUTES } from '../routes.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import type { Role } from './model.ts';
import { ROUTE_SCOPES, scopeProblem } from './scopes.ts';

const policy = await loadPolicyOrThrow('policies/retail-bank.yaml');

describe('key scopes', () => {
  it('each scope is held only by roles of the routes it opens, each opens a route, and every route scope is known', () => {
    const byRoutes: Record<string, Set<Role>> = {};
    for (const r of ROUTES) {
      if (!r.scope || r.roles === 'public') continue;
      byRoutes[r.scope] ??= new Set();
      for (const role of r.roles) byRoutes[r.scope]?.add(role);
    }
    expect(Object.keys(byRoutes).sort()).toEqual(Object.keys(ROUTE_SCOPES).sort());
    // A scope limits a key to some routes; a role none of them lists would hold a key that opens nothing.
    for (const [scope, roles] of Object.entries(ROUTE_SCOPES))
      for (const role of roles) expect([scope, byRoutes[scope]?.has(role)]).toEqual([scope, true]);
  });

  it.each([
    ['processor', ['features', 'recipient:analytics-processor']],
    ['processor', ['events']],
    ['processor', ['batches', 'recipient:mailing-processor']],
    ['customer', ['events']],
    ['admin', []],
  ] as [Role, string[]][])('a key of role %s may hold %o', (role, scopes) => {
    expect(scopeProblem(policy, role, scopes)).toBeNull();
  });

  it.each([
    ['processor', ['bogus'], 0, '"bogus" is not a scope a processor key can hold'],
    ['processor', ['features', 'recipient:nobody'], 1, '"recipient:nobody" names no processor of policy'],
    // An internal recipient is no processor: its key would be refused at every read.
    ['processor', ['features', 'recipient:branch-staff'], 1, 'names no processor'],
    ['marketer', ['events'], 0, 'a marketer key takes no scope'],
    ['admin', ['features'], 0, '"features" is not a scope an admin key can hold'],
    ['admin', ['recipient:analytics-processor'], 0, 'is not a scope an admin key can hold'],
    ['processor', ['recipient:analytics-processor'], undefined, 'opens no route by itself'],
    ['processor', ['features'], undefined, '"features" needs the processor the key acts for'],
    ['processor', ['batches'], undefined, '"batches" needs the processor the key acts for'],
    [
      'processor',
      ['features', 'recipient:analytics-processor', 'recipient:mailing-processor'],
      undefined,
      'a key acts for one processor',
    ],
  ] as [Role, string[], number | undefined, string][])(
    'a key of role %s cannot hold %o: the scope at fault and the valid forms are named',
    (role, scopes, index, message) => {
      const problem = scopeProblem(policy, role, scopes);
      expect(problem?.index).toBe(index);
      expect(problem?.message).toContain(message);
      if (role === 'processor')
        expect(problem?.message).toContain('batches, events, features, recipient:analytics-processor');
    },
  );
});
