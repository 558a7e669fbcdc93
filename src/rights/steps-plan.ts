// Which systems a request reaches and what it does in each (issue 16): one step per dataset that
// holds the person's data, Garde's own first. Pure: the policy, the request and (for erasure)
// its plan in, the steps out; steps.ts stores and runs them.
import {
  type CategoryFate,
  erasureActions,
  rectificationActions,
  restrictionActions,
  type TableAction,
} from '../datasets/actions.ts';
import { isConnected } from '../datasets/lint.ts';
import { placesIn } from '../datasets/storage.ts';
import { type Dataset, GARDE_DATASET, type Policy } from '../policy/schema.ts';
import type { ErasurePlan } from './erasure.ts';
import type { RightKind } from './model.ts';
import { isPortable } from './portability.ts';

/** A manual dataset's task: who does it and when it is due, unless the policy says otherwise. */
export const DEFAULT_TASK = { role: 'dpo', within: 'P7D' } as const;

/** What a manual step asks a person to do there, per table: the same words as the erasure outcome. */
export type TaskItem = { table: string; category: string; action: string; rule?: string };

export type PlannedStep = {
  dataset: string;
  /** Garde's own part (the existing rights code), a connector's actions, or a person's task. */
  via: 'garde' | 'connector' | 'task';
  actions: TableAction[];
  /** manual: what to do, table by table. */
  task?: TaskItem[];
};

/** The rights that act on the data where it is kept; the others act on Garde's ledgers only. */
const REACHES_DATASETS: readonly RightKind[] = [
  'access',
  'portability',
  'erasure',
  'rectification',
  'restriction',
];

export function planSteps(
  policy: Policy,
  kind: RightKind,
  input: {
    /** erasure: what goes and what stays, per place (erasure.ts). */
    erasure?: ErasurePlan;
    /** rectification: the corrected fields, by the policy's field names. */
    corrected?: Readonly<Record<string, string | null>>;
  },
  now: Date,
): PlannedStep[] {
  const steps: PlannedStep[] = [{ dataset: GARDE_DATASET, via: 'garde', actions: [] }];
  if (!REACHES_DATASETS.includes(kind)) return steps;
  for (const d of policy.datasets ?? []) {
    const step = datasetStep(policy, d, kind, input, now);
    if (step) steps.push(step);
  }
  return steps;
}

function datasetStep(
  policy: Policy,
  d: Dataset,
  kind: RightKind,
  input: Parameters<typeof planSteps>[2],
  now: Date,
): PlannedStep | null {
  const places = input.erasure?.elsewhere.filter((e) => e.dataset === d.id) ?? [];
  if (!isConnected(d)) {
    const task: TaskItem[] =
      kind === 'erasure'
        ? places.map((e) => ({
            table: e.table,
            category: e.category,
            action: e.action,
            ...(e.rule ? { rule: e.rule } : {}),
          }))
        : placesIn(policy, d.id)
            // Art. 20: a portable copy holds only the categories the policy makes portable.
            .filter(
              (p) =>
                kind !== 'portability' ||
                isPortable({ portable: true }, p.category, policy.rights.portability?.categories),
            )
            .map((p) => ({ ...p, action: kind }));
    return task.length > 0 ? { dataset: d.id, via: 'task', actions: [], task } : null;
  }
  const tables = d.tables ?? [];
  switch (kind) {
    case 'erasure': {
      const actions = tables.flatMap((t) => {
        const fates = new Map<string, CategoryFate>();
        for (const e of places.filter((p) => p.table === t.name)) fates.set(e.category, fateOf(policy, e));
        return erasureActions(t, fates, now);
      });
      return { dataset: d.id, via: 'connector', actions };
    }
    case 'rectification': {
      const actions = rectificationActions(d, input.corrected ?? {});
      return actions.length > 0 ? { dataset: d.id, via: 'connector', actions } : null;
    }
    case 'restriction': {
      const actions = restrictionActions(d, true);
      return actions.length > 0 ? { dataset: d.id, via: 'connector', actions } : null;
    }
    default:
      // Access and portability read the rows when the answer is made: the step checks the system
      // answers and counts what it holds.
      return { dataset: d.id, via: 'connector', actions: [] };
  }
}

function fateOf(policy: Policy, e: ErasurePlan['elsewhere'][number]): CategoryFate {
  if (e.action === 'keep') return { action: 'keep' };
  if (e.action === 'erase') return { action: 'erase' };
  const rule = policy.retention.find((r) => r.id === e.rule);
  // erasure.ts names a row-clocked rule with a stated period; anything else keeps, never erases blindly.
  if (!rule?.clock || !rule.duration) return { action: 'keep', ...(e.rule ? { rule: e.rule } : {}) };
  return { action: 'erase-expired', rule: rule.id, clock: rule.clock, duration: rule.duration };
}
