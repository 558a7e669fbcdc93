import { type DemoCore, demoCoreLines, provideDemoCore } from '../demo/core.ts';
import { type DemoKeysFile, ensureDemoKeys } from '../demo/keys.ts';
import { demoPrivacyLink } from '../demo/privacy-link.ts';
import { seedDemoIfEmpty } from '../demo/seed.ts';
import { STAFF_ROLES } from '../keys/model.ts';
import { loadConfig } from '../platform/config.ts';
import type { Deps } from '../platform/deps.ts';
import { plainHttpProblem } from '../platform/transport.ts';
import { type PolicyStart, PolicyStartRefused, startOnPolicy } from '../policy-versions/versions.ts';
import { openRuntime } from '../runtime.ts';
import { checkCanListen, serve } from '../server.ts';
import { ensureWebBuild } from '../web/build.ts';
import { UsageError } from './usage-error.ts';

// Until the server listens (migrations, the first start's demo seed), SIGTERM and SIGINT end the
// process at the end of the current step and release the data folder's lock (platform/shutdown.ts);
// the seed's single transaction leaves nothing half-written. Once listening, serve() hands the
// signals to its graceful shutdown.
export async function serveCommand(opts: { demo?: boolean; allowPolicyRollback?: boolean }): Promise<void> {
  const deps = await openRuntime(loadConfig());
  let demo: DemoKeysFile | null = null;
  let url: string;
  let privacy: Awaited<ReturnType<typeof demoPrivacyLink>> = null;
  let core: DemoCore | null = null;
  try {
    // EN-16: refused before anything listens or is seeded.
    const plain = plainHttpProblem(deps.policy, deps.config);
    if (plain) throw plain;
    await checkCanListen(deps.config.host, deps.config.port);
    await recordPolicyStart(deps, opts.allowPolicyRollback === true);
    if (opts.demo) {
      const seeded = await seedFirstStart(deps);
      core = await provideDemoCore(deps, process.env, { rewrite: seeded });
      // The connectors read the policy's variable from this process's environment: the demo sets
      // it to its core unless someone set it already.
      if (core && !core.preset) process.env[core.variable] = core.url;
    }
    await ensureWebBuild((line) => console.log(line));
    demo = opts.demo ? await ensureDemoKeys(deps) : null;
    ({ url } = await serve(deps));
    if (demo) privacy = await demoPrivacyLink(deps, url);
  } catch (err) {
    // An open database (and its folder lock) would keep the process alive after the error.
    await deps.db.close().catch(() => {});
    throw err;
  }
  // One write, so whoever waits for the "listening" line gets the keys with it.
  const lines = [
    `Garde is listening on ${url} (${deps.db.backend}, policy ${deps.policy.policy.id})`,
    `  API docs: ${url}/docs   OpenAPI: ${url}/openapi.json`,
    `  privacy page: ${url}/privacy/   privacy notice: ${url}/notice`,
    `  staff console: ${url}/console/${demo ? ` (sign in with the demo ${STAFF_ROLES.join(', ')} key below)` : ' (sign in with a key of a staff role: garde keys create --role dpo)'}`,
    ...(demo ? [`  demo keys of this database (kept in ${demo.file}):`] : []),
    ...Object.entries(demo?.keys ?? {}).map(([role, key]) => `  demo ${role.padEnd(9)} key: ${key}`),
    ...(privacy
      ? [`  the demo customer's privacy page (one use, within ${privacy.minutes} minutes): ${privacy.url}`]
      : []),
    ...(core ? demoCoreLines(core, deps.config.policyFile) : []),
  ];
  console.log(lines.join('\n'));
}

/**
 * Issue 17: records the policy this server starts on, and the change from the last one once;
 * then runs the policy with the consents that change outdated. Says what changed, no personal data.
 * A rollback not asked for, or a version reused for materially other content, ends the start
 * (exit 2) before anything listens.
 */
async function recordPolicyStart(deps: Deps, allowRollback: boolean): Promise<void> {
  let start: PolicyStart;
  try {
    // The windows are read again even when another process recorded this policy first.
    ({ start, running: deps.policy } = await startOnPolicy(deps, deps.policy, deps.now(), { allowRollback }));
  } catch (err) {
    if (err instanceof PolicyStartRefused) throw new UsageError(`refusing to start: ${err.message}`);
    throw err;
  }
  if (!start.recorded) return;
  const v = deps.policy.policy.version;
  if (start.earlierNotices)
    console.warn(
      `WARNING: policy ${deps.policy.policy.id} ${v} is the first policy Garde records, and the consent ledger names other notice versions (${start.earlierNotices.join(', ')}): every consent already recorded is taken as given under ${v}, whatever changed since. If ${v} widens a purpose: stop every server, delete this first row of policy_versions, start once on the policy those consents were given under, then on ${v} (docs/policy-changes.md, "Upgrading").`,
    );
  if (start.previousVersion === undefined) return;
  if (start.rollback) console.warn(`policy rolled back to ${v}, as --allow-policy-rollback asks`);
  const material = start.changes.filter((c) => c.material).length;
  console.log(
    `policy ${deps.policy.policy.id} ${start.previousVersion} -> ${v}: ${material} material change(s)${start.renewConsent.length > 0 ? `; consent to ask again for: ${start.renewConsent.join(', ')}` : ''} (garde policy diff shows them)`,
  );
  // The notice says when its version took effect: a new version that keeps the old date tells
  // people a widened policy applied before it did.
  const from = String(deps.policy.policy.effectiveFrom);
  if (material > 0 && start.previousVersion !== v && start.previousEffectiveFrom === from)
    console.warn(
      `warning: version ${v} keeps the effective date ${from} of version ${start.previousVersion}: its notice says it took effect then. Set policy.effectiveFrom to the day it takes effect.`,
    );
  if (start.versionReused)
    console.warn(
      `warning: version ${v} was in force before with other content; the change is judged by content. Give each policy its own version.`,
    );
}

/** The first start's demo seed; a later start, or one that lost the race to another, finds it done. */
async function seedFirstStart(deps: Deps): Promise<boolean> {
  const t0 = performance.now();
  const report = await seedDemoIfEmpty(deps, undefined, undefined, {
    behaviour: true,
    onStart: () => console.log('seeding demo data (first start only; about 15 s)...'),
  });
  if (!report) return false;
  const b = report.behaviour;
  console.log(
    `seeded demo data: ${report.tables.subjects} subjects, ${b?.consents ?? 0} consents, ${b?.events ?? 0} events, ${b?.interests ?? 0} interests${b?.model ? ', an offer model' : ''} in ${Math.round(performance.now() - t0)} ms`,
  );
  return true;
}
