// A request's steps in the controller's systems (issue 16), as the DPO's and the agent's screens
// read and act on them, through the console's typed client: the steps not done across requests,
// a manual task marked done, the keys to find the person there (audited by the server). Errors
// come back as their problem code.
import type { paths } from '../../../../clients/typescript/index.ts';
import { garde } from '../api.ts';

type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer J } } };
}
  ? J
  : never;

/** One system's part of a request, as GET /v1/rights-requests/{id} gives it (never the person's keys). */
export type Step = NonNullable<Ok<'/v1/rights-requests/{id}', 'get'>['steps']>[number];
/** A step not done, with its request's kind and due date (GET /v1/rights-steps). */
export type OpenStep = Ok<'/v1/rights-steps', 'get'>['items'][number];
export type PersonKeys = Ok<'/v1/rights-requests/{id}/steps/{dataset}/person', 'get'>;

/** A table's part of a manual task: what to do with one category there. */
export type TaskItem = { table: string; category: string; action: string; rule?: string };
/** What a connector did in one table (the step's `result.tables`). */
export type TableResult = { table: string; op: string; rows: number; newest?: string | null };

export class StepProblem extends Error {}

function must<T>(r: { data?: T; error?: unknown }): T {
  if (r.data !== undefined) return r.data;
  throw new StepProblem((r.error as { code?: string } | undefined)?.code ?? 'UNKNOWN');
}

/** The steps not done, failed first; an agent gets only the tasks that are the agent's. */
/** The systems that failed first (they need someone), then the rest, each by the request's deadline. */
export async function readOpenSteps(): Promise<OpenStep[]> {
  const failed = must(
    await garde.GET('/v1/rights-steps', { params: { query: { status: 'failed', limit: 200 } } }),
  );
  const all = must(await garde.GET('/v1/rights-steps', { params: { query: { limit: 200 } } }));
  return [...failed.items, ...all.items.filter((s) => s.status !== 'failed')];
}

export async function completeStep(id: string, dataset: string, note?: string) {
  return must(
    await garde.POST('/v1/rights-requests/{id}/steps/{dataset}/completion', {
      params: { path: { id, dataset } },
      body: note ? { note } : {},
    }),
  );
}

/** The keys to find the person in the task's system: the server records in the audit trail who read them. */
export async function revealPerson(id: string, dataset: string): Promise<PersonKeys> {
  return must(
    await garde.GET('/v1/rights-requests/{id}/steps/{dataset}/person', { params: { path: { id, dataset } } }),
  );
}

/** What a step's result says each table did, when a connector ran it. */
export const tablesOf = (s: Pick<Step, 'result'>): TableResult[] =>
  ((s.result as { tables?: TableResult[] } | null)?.tables ?? []).filter((t) => typeof t.table === 'string');

/** The note left when a manual task was marked done. */
export const noteOf = (s: Pick<Step, 'result'>): string | null => {
  const note = (s.result as { note?: unknown } | null)?.note;
  return typeof note === 'string' ? note : null;
};

/** A manual task's items (the server sends them as JSON objects). */
export const taskOf = (s: Pick<Step, 'task'>): TaskItem[] => (s.task ?? []) as TaskItem[];

/** What of the policy in force names a step's parts (every staff role may read it). */
export async function readStepNames(language: string) {
  const { data } = await garde.GET('/v1/policy', { params: { query: { language } } });
  return data ? { datasets: data.datasets, categories: data.categories, retention: data.retention } : null;
}
