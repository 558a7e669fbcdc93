import type { FastifyInstance, FastifyReply, FastifyRequest, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../../src/keys/model.ts';
import { createKey } from '../../src/keys/store.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { openapiDocument } from '../../src/platform/http/openapi.ts';
import { ROUTES } from '../../src/routes.ts';
import { buildServer } from '../../src/server.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { type Backend, testDeps } from './backends.ts';
import { answerChecker } from './openapi-check.ts';

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
  const violations: string[] = [];
  const app = await buildServer(deps, { onAnswer: contractWatch(violations) });
  return {
    app,
    deps,
    keys,
    customerId: customer.id,
    as: (role) => ({ authorization: `Bearer ${keys[role]}` }),
    async dispose() {
      await app.close();
      await deps.dispose();
      // Every answer any test got is checked against the OpenAPI document.
      if (violations.length > 0)
        throw new Error(`answers that break the OpenAPI document:\n${[...new Set(violations)].join('\n')}`);
    },
  };
}

const DOCUMENT = openapiDocument(ROUTES);
const checkAnswer = answerChecker(DOCUMENT);

/** Records how each answer breaks the document (testApp fails its dispose() on any). */
export function contractWatch(violations: string[]) {
  return (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // A stream (none of Garde's answers is one today) cannot be read here without consuming it.
    if (payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload)) return;
    const template = req.routeOptions.url?.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    // The document itself and its viewer (/openapi.json, /docs) are not API routes.
    if (template !== undefined && !DOCUMENT.paths[template]) return;
    violations.push(
      ...checkAnswer({
        method: req.method,
        path: template,
        status: reply.statusCode,
        headers: reply.getHeaders() as Record<string, string>,
        body: (payload ?? '') as string | Buffer,
      }),
    );
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
