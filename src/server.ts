import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { gpcHook } from './consent/gpc.ts';
import type { Deps } from './platform/deps.ts';
import { buildApp } from './platform/http/app.ts';
import { ROUTES } from './routes.ts';
import { maintainPartitions } from './tracking/tracking.ts';

export function buildServer(deps: Deps, opts: Parameters<typeof buildApp>[2] = {}): Promise<FastifyInstance> {
  return buildApp(deps, ROUTES, { afterAuth: gpcHook, ...opts });
}

/** Listens, and closes the app and the database on SIGINT/SIGTERM. Returns the base URL. */
export async function serve(deps: Deps): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer(deps);
  const address = await app.listen({ port: deps.config.port, host: deps.config.host });
  const jobs = startJobs(deps, app.log);
  const stop = async () => {
    clearInterval(jobs);
    await app.close();
    await deps.db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { app, url: address };
}

const DAY_MS = 86_400_000;

/** Daily upkeep in the server process: event partitions ahead, expired ones dropped (BK-3). */
function startJobs(deps: Deps, log: FastifyBaseLogger): NodeJS.Timeout {
  const run = () =>
    maintainPartitions(deps).then(
      (r) => log.info({ job: 'partitions', created: r.created, dropped: r.dropped.length }, 'job done'),
      (err) => log.error({ err, job: 'partitions' }, 'job failed'),
    );
  void run();
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  return timer;
}
