// Where each data category is kept, as the policy states it (a category's `storage`), never
// inferred from field names: a guess once filed invoices under no category, and an erasure
// request then deleted what a legal obligation keeps ten years. Pure: the policy and Garde's
// catalogue in, the claims (and what is wrong with them) out.
//
// Garde's own tables are one dataset ("garde"); the controller's other systems are datasets the
// policy declares (today `manual`: Garde says what to do there, people do it). A table belongs to
// one category: it is the unit that retention and erasure remove.

import type { LintFinding } from '../policy/lint-finding.ts';
import { isLegalObligation } from '../policy/retention-rules.ts';
import { GARDE_DATASET, type Policy } from '../policy/schema.ts';
import { isRowClock, STORES, type Store } from '../rights/catalogue.ts';
import { datasetFindings } from './lint.ts';

/** The category of rows in a table that nothing classifies: shown, kept, never removed. */
export const UNCLASSIFIED = 'unclassified';

/** A place outside Garde that keeps a category's data. */
export type Elsewhere = { category: string; dataset: string; table: string };

type Claims = { byTable: ReadonlyMap<string, string>; elsewhere: readonly Elsewhere[] };

const resolved = new WeakMap<Policy, Claims>();

function claims(policy: Policy): Claims {
  let c = resolved.get(policy);
  if (!c) {
    const byTable = new Map<string, string>();
    const elsewhere: Elsewhere[] = [];
    const seen = new Set<string>();
    const place = (e: Elsewhere) => {
      const k = `${e.category}\u0000${e.dataset}\u0000${e.table}`;
      if (seen.has(k)) return;
      seen.add(k);
      elsewhere.push(e);
    };
    // A connected dataset's table keeps every category one of its columns holds.
    for (const d of policy.datasets ?? [])
      for (const t of d.tables ?? [])
        for (const f of t.fields) place({ category: f.category, dataset: d.id, table: t.name });
    for (const category of policy.categories) {
      for (const s of category.storage ?? []) {
        const dataset = s.dataset ?? GARDE_DATASET;
        // A second claim is a lint error; the first one stands meanwhile.
        if (dataset === GARDE_DATASET) {
          if (!byTable.has(s.table)) byTable.set(s.table, category.id);
        } else place({ category: category.id, dataset, table: s.table });
      }
    }
    c = { byTable, elsewhere };
    resolved.set(policy, c);
  }
  return c;
}

/** The policy category that claims Garde's table; undefined when none does. */
export function declaredCategoryOf(policy: Policy, store: Store): string | undefined {
  return claimantOf(policy, store.table);
}

/** The policy category that claims the Garde table of that name; undefined when none does. */
export function claimantOf(policy: Policy, table: string): string | undefined {
  return claims(policy).byTable.get(table);
}

/**
 * The category a table's rows are filed under in reports: the policy's claim, else the built-in
 * category of Garde's own records, else `unclassified` (shown to the person, never removed).
 */
export function categoryOf(policy: Policy, store: Store): string {
  return declaredCategoryOf(policy, store) ?? store.record ?? UNCLASSIFIED;
}

/** Garde's tables that keep a category's data, in catalogue order. */
export function storesOf(policy: Policy, category: string): Store[] {
  return STORES.filter((s) => declaredCategoryOf(policy, s) === category);
}

/** Every place of one of the controller's datasets: each table and the category it keeps there. */
export function placesIn(policy: Policy, dataset: string): { table: string; category: string }[] {
  return claims(policy)
    .elsewhere.filter((e) => e.dataset === dataset)
    .map((e) => ({ table: e.table, category: e.category }));
}

/** Where else the category's data is kept: systems Garde does not reach itself. */
export function elsewhereOf(policy: Policy, category: string): Elsewhere[] {
  return claims(policy).elsewhere.filter((e) => e.category === category);
}

const DATA_TABLES = STORES.filter((s) => s.record === undefined && s.erase !== 'keep').map((s) => s.table);

/**
 * What `policy check` refuses about storage: a category that does not say where it is kept, a
 * table or dataset that does not exist, a table claimed twice, a table Garde needs for a
 * declared feature that no category claims, and a category named like one of Garde's own record
 * categories without claiming its tables (which would file them under it by name alone).
 */
export function storageFindings(policy: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  const datasets = new Set((policy.datasets ?? []).map((d) => d.id));
  (policy.datasets ?? []).forEach((d, i) => {
    if (d.id === GARDE_DATASET)
      out.push({
        path: ['datasets', i, 'id'],
        message: `"${GARDE_DATASET}" is Garde's own dataset: give the controller's system another id`,
        rule: 'storage-dataset',
      });
  });
  const claimedBy = new Map<string, string>();
  const tables = new Set(STORES.map((s) => s.table));
  out.push(...datasetFindings(policy));
  policy.categories.forEach((category, i) => {
    if (
      (!category.storage || category.storage.length === 0) &&
      elsewhereOf(policy, category.id).length === 0
    ) {
      out.push({
        path: ['categories', i, 'id'],
        message: `category "${category.id}" does not say where its data is kept (storage): name the table of Garde that keeps it (${DATA_TABLES.join(', ')}) or a dataset declared under datasets`,
        rule: 'category-storage',
      });
      return;
    }
    (category.storage ?? []).forEach((s, j) => {
      const at = ['categories', i, 'storage', j];
      const dataset = s.dataset ?? GARDE_DATASET;
      if (dataset !== GARDE_DATASET) {
        if (!datasets.has(dataset))
          out.push({
            path: [...at, 'dataset'],
            message: `dataset "${dataset}" is not declared (datasets)${datasets.size > 0 ? `: declared are ${[...datasets].join(', ')}` : ''}`,
            rule: 'storage-dataset',
          });
        else {
          // A connected dataset says itself which of its tables keep the category.
          const tables = (policy.datasets ?? []).find((d) => d.id === dataset)?.tables;
          const table = tables?.find((t) => t.name === s.table);
          if (tables && !table?.fields.some((f) => f.category === category.id))
            out.push({
              path: [...at, 'table'],
              message: table
                ? `no column of ${dataset}'s table "${s.table}" holds category "${category.id}" (datasets[].tables[].fields)`
                : `dataset "${dataset}" declares no table "${s.table}": its tables are ${tables.map((t) => t.name).join(', ') || 'none'}`,
              rule: 'storage-table',
            });
        }
        return;
      }
      if (!tables.has(s.table)) {
        out.push({
          path: [...at, 'table'],
          message: `Garde has no table "${s.table}": its tables are ${[...tables].join(', ')}`,
          rule: 'storage-table',
        });
        return;
      }
      const other = claimedBy.get(s.table);
      if (other !== undefined) {
        out.push({
          path: [...at, 'table'],
          message: `table "${s.table}" is already kept for category "${other}": a table belongs to one category, whose retention removes its rows`,
          rule: 'storage-claimed-twice',
        });
        return;
      }
      claimedBy.set(s.table, category.id);
    });
  });
  for (const store of STORES) {
    const why = store.neededFor?.(policy);
    if (why === undefined || claimedBy.has(store.table)) continue;
    out.push({
      path: ['categories'],
      message: `Garde keeps personal data in table "${store.table}" because ${why}, but no category says it keeps it (categories[].storage)`,
      rule: 'storage-unclaimed',
    });
  }
  policy.retention.forEach((rule, i) => {
    if (rule.clock === undefined || !isRowClock(rule.clock)) return;
    const kept = STORES.filter((s) => claimedBy.get(s.table) === rule.category && s.erase !== 'keep');
    if (kept.length === 0 || kept.some((s) => s.clocks[rule.clock as keyof Store['clocks']])) return;
    out.push({
      path: ['retention', i, 'clock'],
      message: `rule "${rule.id}" counts from ${rule.clock}, but no table that keeps category "${rule.category}" (${kept.map((s) => s.table).join(', ')}) has one: the rule would never apply${isLegalObligation(policy, rule) ? ', and the obligation would keep nothing' : ''}`,
      rule: 'retention-clock',
    });
  });
  policy.categories.forEach((category, i) => {
    const records = STORES.filter((s) => s.record === category.id).map((s) => s.table);
    const unclaimed = records.filter((t) => claimedBy.get(t) !== category.id);
    if (unclaimed.length > 0)
      out.push({
        path: ['categories', i, 'id'],
        message: `"${category.id}" names Garde's own records kept in ${unclaimed.join(', ')}: claim ${unclaimed.length === 1 ? 'that table' : 'those tables'} in its storage, or choose another id`,
        rule: 'storage-record-id',
      });
  });
  return out;
}
