import { createServer } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { chainAudit } from './audit/store.ts';
import { drainQueue } from './comms/campaign-queue.ts';
import { gpcHook } from './consent/gpc.ts';
import { purgeConsoleSessions } from './console/store.ts';
import { syncAllFacts } from './datasets/facts-sync.ts';
import { rescore } from './interests/interests.ts';
import { ConfigError } from './platform/config.ts';
import { takeLease } from './platform/db/leases.ts';
import type { Deps } from './platform/deps.ts';
import { buildApp } from './platform/http/app.ts';
import { handOverSignals } from './platform/shutdown.ts';
import { purgePrivacySessions } from './privacy/store.ts';
import { runRetentionOnce, settleRetentionRuns } from './retention/runs.ts';
import { deliverErasureNotices } from './rights/notices.ts';
import { resumeSteps } from './rights/steps-job.ts';
import { ROUTES } from './routes.ts';
import { preparePartitions } from './tracking/tracking.ts';
import { CONSOLE_DIST, WEB_DIST } from './web/build.ts';
import { registerConsole, registerPrivacyPage } from './web/serve.ts';

export function buildServer(deps: Deps, opts: Parameters<typeof buildApp>[2] = {}): Promise<FastifyInstance> {
  return buildApp(deps, ROUTES, {
    afterAuth: gpcHook,
    pages: (app) => {
      registerPrivacyPage(app, WEB_DIST);
      registerConsole(app, CONSOLE_DIST);
    },
    ...opts,
  });
}

/** Listens, and closes the app and the database on SIGINT, SIGTERM or SIGHUP. Returns the base URL. */
export async function serve(deps: Deps): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer(deps);
  const { port, host } = deps.config;
  const address = await app.listen({ port, host }).catch(async (err: unknown) => {
    await app.close();
    throw cannotListen(err, host, port);
  });
  const jobs = startJobs(deps, app.log);
  let stopping = false;
  const stop = async (): Promise<void> => {
    // A second signal, or a shutdown that hangs, ends the process anyway.
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_MS).unref();
    for (const timer of jobs) clearInterval(timer);
    await app.close();
    // A retention run the DPO started may finish within the shutdown deadline; cut short, its
    // steps done stay done (each is a transaction) and the next run resumes.
    await settleRetentionRuns();
    // Requests are done: link their audit entries before the database closes.
    await chainAudit(deps.db).catch(() => {});
    await deps.db.close();
    process.exit(0);
  };
  handOverSignals(stop);
  return { app, url: address };
}

/**
 * Fails now, as listening would, if PORT and HOST cannot be listened on: a first start should
 * not seed for a minute and only then find its port taken. (Something may still take the port
 * in between; listening says so then.)
 */
export async function checkCanListen(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  }).catch((err: unknown) => {
    throw cannotListen(err, host, port);
  });
}

/** Why the server cannot listen where PORT and HOST say, naming the one to change. */
function cannotListen(err: unknown, host: string, port: number): unknown {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError(
        'PORT',
        `${host}:${port} is already in use: stop what listens there, or choose another PORT`,
      );
    case 'EACCES':
      return new ConfigError(
        'PORT',
        `this process may not listen on port ${port} (below 1024 needs privileges)`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError('HOST', `${host} is not an address of this machine`);
    default:
      return err;
  }
}

const DAY_MS = 86_400_000;
const SHUTDOWN_MS = 10_000;
const MINUTE_MS = 60_000;
const CHAIN_MS = 1000;

/**
 * The server's background jobs. Each runs at most once at a time and logs counts only:
 * - audit chainer, every second: links pending audit entries into the hash chain;
 * - campaign sends, every second: the queued campaigns, highest priority first (BK-7);
 * - erasure notices, every minute: the outbox to recipients (Art. 19);
 * - rights steps, every minute: a dataset that failed a request's step is tried again on a growing
 *   delay, and one that completes later is asked how its job stands (issue 16);
 * - upkeep, at start and daily: event partitions ahead, lifecycle facts from the controller's
 *   datasets (issue 16), the retention engine (EN-10, BK-3), then interest rescoring (BK-4).
 */
function startJobs(deps: Deps, log: FastifyBaseLogger): NodeJS.Timeout[] {
  return [
    every(CHAIN_MS, 'audit-chain', log, async () => ({ linked: await chainAudit(deps.db) }), false),
    every(CHAIN_MS, 'campaign-sends', log, async () => ({ sent: await drainQueue(deps) })),
    every(MINUTE_MS, 'erasure-notices', log, async () => ({ delivered: await deliverErasureNotices(deps) })),
    every(MINUTE_MS, 'rights-steps', log, async () => resumeSteps(deps)),
    every(10 * MINUTE_MS, 'privacy-sessions', log, async () => purgePrivacySessions(deps.db, deps.now())),
    every(10 * MINUTE_MS, 'console-sessions', log, async () => purgeConsoleSessions(deps.db, deps.now())),
    every(DAY_MS, 'retention', log, async (): Promise<Record<string, number>> => {
      // Several app processes, or a restart: the day's upkeep runs once (a lease of 20 hours).
      if (!(await takeLease(deps.db, 'upkeep', `pid:${process.pid}`, 'PT20H'))) return { skipped: 1 };
      const created = await preparePartitions(deps);
      // Issue 16: the controller's records first, so the lifecycle and retention clocks run from
      // them; a system that cannot be reached today is retried tomorrow, and retention still runs.
      const synced = await syncAllFacts(deps).catch((err: unknown) => {
        log.error({ err, job: 'facts-sync' }, 'job failed');
        return [];
      });
      const factsChanged = synced.reduce((n, r) => n + r.changed, 0);
      // The same one-run-at-a-time rule as a run the DPO starts from the console (runs.ts).
      const r = await runRetentionOnce(deps, 'system:retention');
      if (!r) return { partitionsCreated: created, factsChanged, retentionSkipped: 1 };
      // Scores follow what retention left: behaviour past its year no longer counts.
      const scored = await rescore(deps);
      return {
        partitionsCreated: created,
        factsChanged,
        removed: r.totalRows,
        steps: r.steps.length,
        ms: r.ms,
        subjectsScored: scored.subjects,
        scoreMs: scored.ms,
      };
    }),
  ];
}

function every(
  ms: number,
  job: string,
  log: FastifyBaseLogger,
  fn: () => Promise<Record<string, number>>,
  runNow = true,
): NodeJS.Timeout {
  let busy = false;
  const run = () => {
    if (busy) return;
    busy = true;
    fn()
      .then(
        (counts) => {
          if (ms >= DAY_MS || Object.values(counts).some((n) => n > 0))
            log.info({ job, ...counts }, 'job done');
        },
        (err) => log.error({ err, job }, 'job failed'),
      )
      .finally(() => {
        busy = false;
      });
  };
  if (runNow) run();
  const timer = setInterval(run, ms);
  timer.unref();
  return timer;
}
