// A system that completes a request's step later tells Garde when it has (issue 16): a signed
// callback (Standard Webhooks, the dataset's secret), believed only when its signature holds. The
// step is then settled with the system's results, and the request completed if it was the last.
import { Type as T } from 'typebox';
import { DatasetUnavailableError } from '../../datasets/connector.ts';
import { CallbackRejectedError, DatasetJobFailedError, verifyCallback } from '../../datasets/http.ts';
import type { Deps } from '../../platform/deps.ts';
import { GardeError } from '../../platform/errors.ts';
import { rawBodyOf } from '../../platform/http/body-parsers.ts';
import { route } from '../../platform/http/route.ts';
import { PolicyName, ProblemSchema } from '../../platform/http/schemas.ts';
import { completeIfDone } from '../fulfil.ts';
import { resultOf, settleStep } from '../steps.ts';
import { selectRequest } from '../store.ts';

export const datasetCallbackRoute = route({
  method: 'POST',
  url: '/v1/datasets/:dataset/callbacks',
  operationId: 'datasetCallback',
  summary:
    "A connected system reports that a request's step it accepted is done (or failed), signed with the dataset's secret (Standard Webhooks); no API key",
  tags: ['rights'],
  roles: 'public',
  schema: {
    params: T.Object({ dataset: PolicyName }, { additionalProperties: false }),
    body: T.Object(
      {},
      {
        additionalProperties: true,
        description: 'The job, as GET {base}/garde/jobs/{ref} answers it (docs/datasets-http.md).',
      },
    ),
    response: {
      200: T.Object({
        settled: T.Boolean({ description: 'false: the step was settled already (a redelivery)' }),
      }),
      401: ProblemSchema,
      404: ProblemSchema,
    },
  },
  async handler({ params, headers }, { deps, request }) {
    const dataset = deps.policy.datasets?.find((d) => d.id === params.dataset && d.kind === 'http');
    if (!dataset) throw new GardeError('DATASET_NOT_FOUND');
    const raw = rawBodyOf(request) ?? Buffer.alloc(0);
    let ref: string;
    let settled: boolean;
    const now = deps.now();
    const actor = `dataset:${dataset.id}`;
    try {
      const job = verifyCallback(dataset, headers, raw, process.env, now);
      ref = job.ref;
      settled = await settleByRef(
        deps,
        dataset.id,
        ref,
        { status: 'done', error: null, result: resultOf(job.results), actor },
        now,
      );
    } catch (err) {
      if (err instanceof CallbackRejectedError)
        throw new GardeError('CALLBACK_REJECTED', err.message, { reason: err.reason });
      // Checked before the job failed: the dataset's secret is not configured here.
      if (err instanceof DatasetUnavailableError && !(err instanceof DatasetJobFailedError))
        throw new GardeError('DATASET_UNAVAILABLE', err.message, { dataset: dataset.id });
      if (err instanceof DatasetJobFailedError) {
        settled = await settleByRef(
          deps,
          dataset.id,
          err.ref,
          { status: 'failed', error: err.message, actor },
          now,
        );
        return { status: 200, body: { settled } };
      }
      throw err;
    }
    return { status: 200, body: { settled } };
  },
});

type Settle = Parameters<typeof settleStep>[3];

/** The step the system's job is for (its ref), settled; the request completed when it was the last. */
async function settleByRef(
  deps: Pick<Deps, 'db' | 'policy' | 'now'>,
  dataset: string,
  ref: string,
  s: Settle,
  now: Date,
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const r = await tx.query<{ request_id: string }>(
      `SELECT request_id FROM rights_request_steps
        WHERE dataset = $1 AND (ref = $2 OR request_id::text || '/' || dataset = $2)
          -- A job's end settles the step only while it waits for it: a replayed "failed" never
          -- undoes a retry under way.
          AND status = 'waiting'`,
      [dataset, ref],
    );
    const requestId = r.rows[0]?.request_id;
    if (!requestId) return false;
    const request = await selectRequest(tx, requestId, true);
    const settled = await settleStep(tx, requestId, dataset, s, now);
    if (settled && request?.status === 'verified' && s.status === 'done')
      await completeIfDone(tx, deps, request, s.actor);
    return settled;
  });
}
