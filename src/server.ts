import type { FastifyInstance } from 'fastify';
import { gpcHook } from './consent/gpc.ts';
import type { Deps } from './platform/deps.ts';
import { buildApp } from './platform/http/app.ts';
import { ROUTES } from './routes.ts';

export function buildServer(deps: Deps, opts: Parameters<typeof buildApp>[2] = {}): Promise<FastifyInstance> {
  return buildApp(deps, ROUTES, { afterAuth: gpcHook, ...opts });
}

/** Listens, and closes the app and the database on SIGINT/SIGTERM. Returns the base URL. */
export async function serve(deps: Deps): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer(deps);
  const address = await app.listen({ port: deps.config.port, host: deps.config.host });
  const stop = async () => {
    await app.close();
    await deps.db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { app, url: address };
}
