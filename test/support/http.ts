import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../../src/keys/model.ts';
import { createKey } from '../../src/keys/store.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { buildServer } from '../../src/server.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { type Backend, testDeps } from './backends.ts';

export type TestApp = {
  app: FastifyInstance;
  deps: Deps;
  /** One key per role; the customer key belongs to `customerId`. */
  keys: Record<Role, string>;
  customerId: string;
  as(role: Role): { authorization: string };
  dispose(): Promise<void>;
};

export async function testApp(backend: Backend, opts: Parameters<typeof testDeps>[1] = {}): Promise<TestApp> {
  const deps = await testDeps(backend, opts);
  const customer = await createSubject(deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) {
    keys[role] = (
      await createKey(deps.db, { role, subjectId: role === 'customer' ? customer.id : undefined }, 'test')
    ).key;
  }
  const app = await buildServer(deps);
  return {
    app,
    deps,
    keys,
    customerId: customer.id,
    as: (role) => ({ authorization: `Bearer ${keys[role]}` }),
    async dispose() {
      await app.close();
      await deps.dispose();
    },
  };
}

export function expectProblem(
  res: LightMyRequestResponse,
  status: number,
  code: string,
): Record<string, unknown> {
  const body = res.json() as Record<string, unknown>;
  if (
    res.statusCode !== status ||
    body.code !== code ||
    !String(res.headers['content-type']).startsWith('application/problem+json')
  ) {
    throw new Error(
      `expected ${status} ${code} problem+json, got ${res.statusCode} ${res.headers['content-type']} ${res.body}`,
    );
  }
  return body;
}
