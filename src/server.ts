import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { chainAudit } from './audit/store.ts';
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
  const chainer = startAuditChainer(deps, app.log);
  const stop = async () => {
    clearInterval(jobs);
    clearInterval(chainer);
    await app.close();
    // Requests are done: link their audit entries before the database closes.
    await chainAudit(deps.db).catch(() => {});
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

const CHAIN_MS = 1000;

/** Links pending audit entries into the hash chain every second (src/audit/store.ts). */
function startAuditChainer(deps: Deps, log: FastifyBaseLogger): NodeJS.Timeout {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    chainAudit(deps.db)
      .catch((err) => log.error({ err, job: 'audit-chain' }, 'job failed'))
      .finally(() => {
        busy = false;
      });
  }, CHAIN_MS);
  timer.unref();
  return timer;
}
