// `garde datasets check`: what `policy check` cannot know without connecting. Compares a dataset's
// declaration with the tables its system describes: every declared table and column must exist
// (problems), and columns that look personal but no field covers are named (warnings). Pure: the
// described tables in, the findings out; src/cli/datasets.ts connects.
import type { Dataset } from '../policy/schema.ts';
import type { TableShape } from './connector.ts';
import { personalLook } from './personal-columns.ts';
import type { Dialect } from './sql.ts';

export type CheckFinding = {
  level: 'problem' | 'warning';
  /** Where in the policy file: datasets[i].tables[j].fields[k].column. */
  path: string;
  message: string;
};

/** The findings for dataset `index` of the policy, given what its system describes. */
export function compareTables(
  dataset: Dataset,
  index: number,
  shapes: readonly TableShape[],
  dialect: Dialect,
): CheckFinding[] {
  const out: CheckFinding[] = [];
  // MySQL and MariaDB match column names whatever their case; PostgreSQL's quoted names do not.
  const same = (a: string, b: string) =>
    dialect === 'mysql' ? a.toLowerCase() === b.toLowerCase() : a === b;
  (dataset.tables ?? []).forEach((t, j) => {
    const at = `datasets[${index}].tables[${j}]`;
    const columns = shapes.find((s) => s.table === t.name)?.columns ?? null;
    if (columns === null) {
      out.push({ level: 'problem', path: `${at}.name`, message: `no table "${t.name}" in ${dataset.id}` });
      return;
    }
    const has = (c: string) => columns.some((x) => same(x.name, c));
    const need = (path: string, column: string, what: string) => {
      if (!has(column))
        out.push({
          level: 'problem',
          path: `${at}.${path}`,
          message: `table "${t.name}" has no column "${column}" (${what}): its columns are ${columns.map((c) => c.name).join(', ')}`,
        });
    };
    need('person.column', t.person.column, `the person's ${t.person.by}`);
    for (const [k, f] of t.fields.entries()) need(`fields[${k}].column`, f.column, `category ${f.category}`);
    for (const [clock, column] of Object.entries(t.clocks ?? {}))
      if (column) need(`clocks.${clock}`, column, `the ${clock} clock`);
    if (t.restriction) need('restriction.column', t.restriction.column, 'the restriction mark');
    const covered = [t.person.column, ...t.fields.map((f) => f.column)];
    for (const c of columns) {
      if (covered.some((x) => same(x, c.name))) continue;
      const look = personalLook(c.name);
      if (look)
        out.push({
          level: 'warning',
          path: `${at}.fields`,
          message: `column "${c.name}" of "${t.name}" looks like personal data (${look}) and no field covers it: declare it under a category, or Garde neither shows nor erases it`,
        });
    }
  });
  return out;
}

/** A warning when the URL's scheme speaks another SQL dialect than the declared kind. */
export function kindMismatch(dataset: Dataset, index: number, urlDialect: Dialect): CheckFinding | null {
  if (dataset.kind !== 'postgresql' && dataset.kind !== 'mysql') return null;
  if (dataset.kind === urlDialect) return null;
  return {
    level: 'warning',
    path: `datasets[${index}].kind`,
    message: `declared ${dataset.kind}, but ${dataset.connection?.url}'s URL is ${urlDialect === 'mysql' ? 'MySQL/MariaDB (mysql://, mariadb://)' : 'PostgreSQL'}: Garde follows the URL; correct the kind so the file says what the system is`,
  };
}
