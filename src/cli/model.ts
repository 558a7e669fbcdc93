import { evaluateOnSynthetic } from '../interests/evaluate.ts';
import { rescore, trainFromOutcomes } from '../interests/interests.ts';
import { synthesise } from '../interests/synthetic.ts';
import { loadConfig } from '../platform/config.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { CLI_ACTOR, withRuntime } from './context.ts';
import { EXIT, UsageError } from './usage-error.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** `garde model train`: fit the propensity models on the recorded offer outcomes. */
export async function modelTrain(): Promise<void> {
  await withRuntime(async (deps) => {
    const r = await trainFromOutcomes(deps, CLI_ACTOR);
    console.log(
      `model ${r.id}: ${r.products} products from ${r.subjects} subjects with outcomes; held-out AUC ${r.metrics.model.auc.toFixed(3)} (popularity baseline ${r.metrics.popularity.auc.toFixed(3)})`,
    );
  });
}

/**
 * `garde model eval`: a synthetic population with planted interests, scored and trained exactly
 * as production does; fails (exit 1) under the targets: AUC 0.85, twice the baseline's precision@1.
 */
export async function modelEval(opts: { subjects: string; seed: string; json?: boolean }): Promise<void> {
  const n = Number(opts.subjects);
  const seed = Number(opts.seed);
  if (!Number.isInteger(n) || n < 100 || n > 1_000_000)
    throw new UsageError('model eval: --subjects must be 100 to 1000000');
  if (!Number.isInteger(seed)) throw new UsageError('model eval: --seed must be an integer');
  const policy = await loadPolicyOrThrow(loadConfig().policyFile);
  if (!policy.tracking) throw new UsageError(`model eval: ${policy.policy.id} records no behaviour to model`);
  const now = new Date();
  const e = evaluateOnSynthetic(policy, synthesise(policy, n, now, seed), now);
  const ok = e.model.auc >= 0.85 && e.model.precisionAt1 >= 2 * e.popularity.precisionAt1;
  if (opts.json) console.log(JSON.stringify({ ...e, targetsMet: ok }, null, 2));
  else {
    console.log(
      `synthetic population: ${e.subjects.train} to train, ${e.subjects.test} to test (seed ${seed})`,
    );
    console.log(`                 AUC     precision@1`);
    console.log(`model            ${e.model.auc.toFixed(3)}   ${pct(e.model.precisionAt1)}`);
    console.log(`popularity       ${e.popularity.auc.toFixed(3)}   ${pct(e.popularity.precisionAt1)}`);
    console.log(`oracle (planted) ${e.oracle.auc.toFixed(3)}`);
    console.log(`targets (AUC >= 0.85, precision@1 >= 2x popularity): ${ok ? 'met' : 'NOT met'}`);
  }
  if (!ok) process.exitCode = EXIT.failed;
}

/** `garde interests score`: rescore every subject now (the server does it daily). */
export async function interestsScore(): Promise<void> {
  await withRuntime(async (deps) => {
    const r = await rescore(deps);
    console.log(
      `scored ${r.subjects} subjects: ${r.interests} interests kept, ${r.removed} removed (${r.ms} ms)`,
    );
  });
}
