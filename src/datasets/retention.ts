// Retention in the controller's connected systems (issue 16, EN-10): for every rule and every
// declared table that holds its category, the sweep a connector runs, with the same clocks,
// keepers and holds as Garde's own tables (retention/plan.ts). Pure: the policy and now in, the
// sweeps out; which persons are past is asked of Garde with the key queries the sweeps carry.
//
// - A row clock (invoice date, event time, collected) is read in the system: rows whose clock is
//   at or before pastBound(now, duration) go. A table without that clock is skipped, saying why.
// - A subject clock (contract end, last contact, retention events) is known only to Garde: the
//   sweep carries a query of Garde that lists the past persons' keys (subject id, customer number
//   or lower-cased e-mail, as the table finds a person), and acts on those keys, in chunks.
// - Other rules of the category that still run keep rows: a row clock as one more condition on
//   the table's column; a subject clock, and an active legal hold, by leaving their persons out.
// - A table that holds several categories loses its rows only when every category it holds is
//   past; otherwise the rule's columns are masked (set to null), as erasureActions does.

import { keepersOf } from '../policy/retention-rules.ts';
import type { Dataset, DatasetTable, PersonKey, Policy, RetentionRule } from '../policy/schema.ts';
import {
  holdGuard,
  keeperGuards,
  lifecycleIn,
  subjectExpired,
  type Timed,
  timed,
} from '../retention/plan.ts';
import { isRowClock } from '../rights/catalogue.ts';
import { categoriesOf, maskableColumns, type RowCondition, type TableAction } from './actions.ts';
import { pastBound } from './cutoff.ts';

/** A query of Garde's own store ($1 = now) whose column `k` lists persons' keys. */
export type KeyQuery = string;

/** Which rows a sweep selects: conditions on the table's columns, and persons in or out. */
export type Selection = { rows: RowCondition[]; keys: { op: 'in' | 'not-in'; query: KeyQuery }[] };

export type Sweep = ({ op: 'delete' } | { op: 'mask'; columns: string[] }) & { where: Selection };

/** One rule on one table of a connected dataset; `store` is `dataset:table` in the report. */
export type DatasetStep = {
  rule: string;
  category: string;
  purposes?: string[];
  store: string;
  dataset: string;
  table: string;
  action: 'delete' | 'mask' | 'skip';
  sweeps: Sweep[];
  /** Why nothing is done there (reported, never silent). */
  skipped?: string;
};

/** How a person's key is read from Garde, per datasets[].tables[].person.by. */
const KEYS: Record<PersonKey, { expr: string; join: string }> = {
  'subject-id': { expr: 's.id::text', join: '' },
  'external-ref': { expr: 's.external_ref', join: '' },
  // E-mail is compared lower-cased on both sides (sql.ts), as people type it in any case.
  email: { expr: 'lower(i.email)', join: ' JOIN identities i ON i.subject_id = s.id' },
};

/** The keys of the persons `where` selects; `t.subject_id` is the person's id, as plan.ts's guards read it. */
function keyQuery(by: PersonKey, where: string[]): KeyQuery {
  const k = KEYS[by];
  return `SELECT DISTINCT ${k.expr} AS k FROM subjects s CROSS JOIN LATERAL (SELECT s.id AS subject_id) t${k.join}
WHERE ${[`${k.expr} IS NOT NULL`, ...where].join('\n  AND ')}`;
}

/**
 * The rows of `table` past `rule` and not kept by another rule of its category or a legal hold;
 * a string when the rule cannot act on the table (and why).
 */
function pastOf(policy: Policy, rule: Timed, table: DatasetTable, now: Date): Selection | string {
  const by = table.person.by;
  const keepers = keepersOf(policy, rule);
  const open = keepers.find((k) => !timed(k));
  if (open) return `kept by rule ${open.id}, which states no end: nothing is deleted automatically`;
  const rows: RowCondition[] = [];
  // Every row clock of the table that an obligation still running reads must be past too.
  for (const k of keepers as Timed[]) {
    const column = isRowClock(k.clock) ? table.clocks?.[k.clock] : undefined;
    if (column) rows.push({ column, op: 'at-or-before', value: pastBound(now, k.duration) });
  }
  // Holds, and the subject clocks of the keepers (plan.ts's guards, read per person).
  const guards = [holdGuard(rule.category, 't.subject_id'), ...keeperGuards(policy, rule, {})];
  if (isRowClock(rule.clock)) {
    const column = table.clocks?.[rule.clock];
    if (!column) return `${table.name} has no ${rule.clock} clock`;
    return {
      rows: [{ column, op: 'at-or-before', value: pastBound(now, rule.duration) }, ...rows],
      keys: [
        ...(rule.lifecycles
          ? [{ op: 'in' as const, query: keyQuery(by, [`TRUE${lifecycleIn(rule, 's')}`]) }]
          : []),
        { op: 'not-in', query: keyQuery(by, [`NOT (${guards.join('\n  AND ')})`]) },
      ],
    };
  }
  return { rows, keys: [{ op: 'in', query: keyQuery(by, [subjectExpired(rule, 's'), ...guards]) }] };
}

const both = (a: Selection, b: Selection): Selection => ({
  rows: [...a.rows, ...b.rows],
  keys: [...a.keys, ...b.keys],
});

/**
 * When `category`'s data in rows of `table` is past: by any of its rules. Rules read per person
 * (subject clocks) are one union of their persons; a row clock cannot be or-ed with them in one
 * sweep, so then the first rule that applies stands alone (the row is masked meanwhile, and goes
 * once that rule is past too). Undefined: never past (no rule states an end).
 */
function categoryPast(
  policy: Policy,
  category: string,
  table: DatasetTable,
  now: Date,
): Selection | undefined {
  const pasts = policy.retention
    .filter((r): r is Timed => r.category === category && timed(r))
    .map((r) => pastOf(policy, r, table, now))
    .filter((s): s is Selection => typeof s !== 'string');
  const perPerson = pasts.filter((s) => s.rows.length === 0 && s.keys.every((k) => k.op === 'in'));
  if (perPerson.length > 1 && perPerson.length === pasts.length) {
    const union = perPerson.flatMap((s) => s.keys.map((k) => `(${k.query})`)).join('\nUNION\n');
    return { rows: [], keys: [{ op: 'in', query: `SELECT k FROM (${union}) u` }] };
  }
  return pasts[0];
}

const ruleOf = (rule: RetentionRule) => ({
  rule: rule.id,
  category: rule.category,
  ...(rule.purposes ? { purposes: rule.purposes } : {}),
});

/** The sweeps of `rule` on one table of a connected dataset. */
function tableStep(
  policy: Policy,
  rule: RetentionRule,
  dataset: Dataset,
  table: DatasetTable,
  now: Date,
): DatasetStep {
  const base = {
    ...ruleOf(rule),
    store: `${dataset.id}:${table.name}`,
    dataset: dataset.id,
    table: table.name,
  };
  const skip = (skipped: string): DatasetStep => ({ ...base, action: 'skip', sweeps: [], skipped });
  if (!timed(rule))
    return skip(
      `no period stated: nothing is deleted automatically${rule.review ? `; reviewed every ${rule.review}` : ''}`,
    );
  const past = pastOf(policy, rule, table, now);
  if (typeof past === 'string') return skip(past);
  const columns = maskableColumns(table, (c) => c === rule.category);
  const mask: Sweep = { op: 'mask', columns, where: past };
  const onlyKeys = `the category's columns in ${table.name} are its person key or clocks, which stay with a kept row`;
  // Anonymising a controller's row: the category's columns are emptied, the row stays.
  if (rule.action === 'anonymise')
    return columns.length > 0 ? { ...base, action: 'mask', sweeps: [mask] } : skip(onlyKeys);
  const others = categoriesOf(table).filter((c) => c !== rule.category);
  let gone: Selection | undefined = past;
  for (const c of others) {
    const p = categoryPast(policy, c, table, now);
    gone = p && gone ? both(gone, p) : undefined;
  }
  if (!gone) return columns.length > 0 ? { ...base, action: 'mask', sweeps: [mask] } : skip(onlyKeys);
  // Rows every category of which is past go; in the others, the rule's columns are emptied.
  return {
    ...base,
    action: 'delete',
    sweeps: [{ op: 'delete', where: gone }, ...(others.length > 0 && columns.length > 0 ? [mask] : [])],
  };
}

/** Every rule on every table of every connected dataset that holds its category, in rule order. */
export function datasetRetentionPlan(policy: Policy, now: Date): DatasetStep[] {
  const connected = (policy.datasets ?? []).filter((d) => d.kind !== 'manual');
  return policy.retention.flatMap((rule) =>
    connected.flatMap((d) =>
      (d.tables ?? [])
        .filter((t) => t.fields.some((f) => f.category === rule.category))
        .map((t) => tableStep(policy, rule, d, t, now)),
    ),
  );
}

/** Every key query the steps need, once each. */
export function keyQueriesOf(steps: readonly DatasetStep[]): KeyQuery[] {
  return [...new Set(steps.flatMap((s) => s.sweeps.flatMap((w) => w.where.keys.map((k) => k.query))))];
}

/** Keys per statement: a million persons never make one giant statement. */
export const KEYS_PER_STATEMENT = 5_000;

/**
 * A step's sweeps as table actions, given the keys each query returned. Persons to act on are
 * intersected (and those kept taken out) in Garde and sent in chunks; with no such list, the
 * persons kept are sent whole as `not-in` (a chunk of them would let the others go).
 */
export function sweepActions(
  table: DatasetTable,
  sweeps: readonly Sweep[],
  keys: ReadonlyMap<KeyQuery, readonly string[]>,
  chunk = KEYS_PER_STATEMENT,
): TableAction[] {
  const column = table.person.column;
  const of = (q: KeyQuery) => keys.get(q) ?? [];
  return sweeps.flatMap((sweep) => {
    const act = (where: RowCondition[]): TableAction =>
      sweep.op === 'delete'
        ? { table: table.name, op: 'delete', where }
        : { table: table.name, op: 'mask', columns: sweep.columns, where };
    const ins = sweep.where.keys.filter((k) => k.op === 'in').map((k) => new Set(of(k.query)));
    const out = new Set(sweep.where.keys.filter((k) => k.op === 'not-in').flatMap((k) => of(k.query)));
    if (ins.length === 0)
      return [
        act([
          ...sweep.where.rows,
          ...(out.size > 0 ? [{ column, op: 'not-in' as const, values: [...out] }] : []),
        ]),
      ];
    const [first, ...rest] = ins as [Set<string>, ...Set<string>[]];
    const chosen = [...first].filter((k) => !out.has(k) && rest.every((s) => s.has(k))).sort();
    const actions: TableAction[] = [];
    for (let i = 0; i < chosen.length; i += chunk)
      actions.push(act([...sweep.where.rows, { column, op: 'in', values: chosen.slice(i, i + chunk) }]));
    return actions;
  });
}
