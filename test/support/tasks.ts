// A request whose policy names manual datasets stays open until people do their part there (issue
// 16). Tests about something else fulfil it "everywhere": fulfil, then mark each task done as the
// people there would, and read the request as it then stands.
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './http.ts';

type Answer = Pick<LightMyRequestResponse, 'statusCode' | 'body' | 'json' | 'headers'>;

/**
 * POST the fulfilment, then complete every open task (as the DPO), and answer as the fulfilment
 * does: the request with its outcome, contract impact and steps. A refused fulfilment answers as is.
 */
export async function fulfilEverywhere(
  t: Pick<TestApp, 'app' | 'as'>,
  id: string,
  payload: object = {},
  headers: Record<string, string> = t.as('dpo'),
): Promise<Answer> {
  const first = await t.app.inject({
    method: 'POST',
    url: `/v1/rights-requests/${id}/fulfilment`,
    headers,
    payload,
  });
  if (first.statusCode !== 200) return first;
  const body = first.json() as {
    status: string;
    steps?: { dataset: string; status: string; assignee: string | null }[];
  };
  const tasks = (body.steps ?? []).filter((s) => s.assignee !== null && s.status !== 'done');
  if (tasks.length === 0) return first;
  for (const s of tasks) {
    const done = await t.app.inject({
      method: 'POST',
      url: `/v1/rights-requests/${id}/steps/${s.dataset}/completion`,
      headers: t.as('dpo'),
      payload: {},
    });
    if (done.statusCode !== 200)
      throw new Error(`completing the task in ${s.dataset}: ${done.statusCode} ${done.body}`);
  }
  const now = await t.app.inject({ method: 'GET', url: `/v1/rights-requests/${id}`, headers: t.as('dpo') });
  const merged = { ...body, ...now.json() };
  return { statusCode: 200, headers: first.headers, body: JSON.stringify(merged), json: () => merged };
}
