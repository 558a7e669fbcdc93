// A completed request's outcome, once every system is done: Garde's own part, and what each other
// system did. Pure: the steps' results in, the outcome the DPO and the person read out.
import { categoriesOf } from '../datasets/actions.ts';
import { addDuration, toDate } from '../policy/duration.ts';
import type { Policy } from '../policy/schema.ts';
import { wordsIn } from '../words/words.ts';
import { keptReason } from './erasure.ts';
import type { RightKind } from './model.ts';
import { isPortable } from './portability.ts';
import type { RequestStep } from './steps.ts';

type TableResult = { table: string; op: string; rows: number; newest?: string | null };

const tablesOf = (s: RequestStep): TableResult[] => (s.result?.tables as TableResult[] | undefined) ?? [];

/** The categories a dataset table holds, from the policy (none when it no longer declares it). */
function categoriesIn(policy: Policy, dataset: string, table: string): string[] {
  const t = policy.datasets?.find((d) => d.id === dataset)?.tables?.find((x) => x.name === table);
  return t ? categoriesOf(t) : [];
}

export function stepsOutcome(
  policy: Policy,
  kind: RightKind,
  own: Record<string, unknown>,
  others: readonly RequestStep[],
  language: string | undefined,
): Record<string, unknown> {
  if (others.length === 0) return own;
  const datasets = others.map((s) => ({
    dataset: s.dataset,
    ...(s.assignee ? { doneBy: s.doneBy } : {}),
    ...(s.result ?? {}),
  }));
  switch (kind) {
    case 'erasure': {
      // A row-clocked obligation keeps the rows still inside its period there: listed with the
      // rule, the reason and the day the last of them goes.
      const words = wordsIn(policy, language ?? policy.policy.languages[0] ?? 'en');
      const kept = others.flatMap((s) => {
        const keeps = s.actions.filter((a) => a.op === 'keep' && a.rule !== undefined);
        return tablesOf(s).flatMap((t) => {
          if (t.op !== 'keep' || t.rows === 0) return [];
          const action = keeps.find((a) => a.table === t.table);
          const rule =
            action && 'rule' in action ? policy.retention.find((r) => r.id === action.rule) : undefined;
          if (!rule) return [];
          // A table without the rule's clock keeps every row, with no day it ends.
          const until =
            rule.duration && t.newest
              ? addDuration(toDate(t.newest), rule.duration).toISOString().slice(0, 10)
              : null;
          return [
            {
              category: rule.category,
              basis: 'legal-obligation',
              reason: keptReason(policy, rule, words),
              rule: rule.id,
              until,
              dataset: s.dataset,
              table: t.table,
              records: t.rows,
            },
          ];
        });
      });
      return { ...own, kept: [...((own.kept as unknown[]) ?? []), ...kept], datasets };
    }
    case 'access': {
      const counts = new Map<string, number>(
        ((own.categories as { id: string; records: number }[] | undefined) ?? []).map((c) => [
          c.id,
          c.records,
        ]),
      );
      for (const s of others)
        for (const t of tablesOf(s))
          if (t.rows > 0)
            for (const c of categoriesIn(policy, s.dataset, t.table))
              counts.set(c, (counts.get(c) ?? 0) + t.rows);
      return { ...own, categories: [...counts].map(([id, records]) => ({ id, records })), datasets };
    }
    case 'portability': {
      const files = [...((own.files as string[] | undefined) ?? [])];
      for (const s of others)
        for (const t of tablesOf(s))
          if (
            t.rows > 0 &&
            categoriesIn(policy, s.dataset, t.table).some((c) =>
              isPortable({ portable: true }, c, policy.rights.portability?.categories),
            )
          )
            files.push(`${s.dataset}/${t.table}`);
      return { ...own, files, datasets };
    }
    default:
      return { ...own, datasets };
  }
}
