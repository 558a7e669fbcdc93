// Table actions as SQL statements, for PostgreSQL and for MySQL/MariaDB. Every name is quoted
// (the policy's names are checked too), every value is a parameter: nothing from the policy or
// the person is ever spliced into a statement. Pure.
import type { DatasetTable } from '../policy/schema.ts';
import type { PersonKeys, RowCondition, TableAction } from './actions.ts';

export type Dialect = 'postgresql' | 'mysql';
export type Statement = { sql: string; params: unknown[] };

/** A table or column name, quoted; `schema.table` quotes each part. */
export function quote(dialect: Dialect, name: string): string {
  const q = dialect === 'mysql' ? '`' : '"';
  return name
    .split('.')
    .map((part) => `${q}${part.split(q).join(q + q)}${q}`)
    .join('.');
}

class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}
  add(v: unknown): string {
    this.values.push(v);
    return this.dialect === 'mysql' ? '?' : `$${this.values.length}`;
  }
  /** `col IN list`; PostgreSQL takes the list as one array parameter, typed by the column. */
  in(col: string, vs: readonly string[]): string {
    // An empty list selects nothing (`IN ()` is not SQL).
    if (vs.length === 0) return 'FALSE';
    if (this.dialect === 'mysql') return `${col} IN (${vs.map((v) => this.add(v)).join(', ')})`;
    return `${col} = ANY(${this.add(vs)})`;
  }
}

function conditionSql(d: Dialect, p: Params, table: DatasetTable, c: RowCondition): string {
  // A list of e-mail addresses (a retention sweep's persons) is lower-cased, as personSql compares.
  const folded = table.person.by === 'email' && c.column === table.person.column;
  const col = folded ? `lower(${quote(d, c.column)})` : quote(d, c.column);
  switch (c.op) {
    case 'at-or-before':
      return `${col} <= ${p.add(c.value)}`;
    case 'after':
      return `${col} > ${p.add(c.value)}`;
    case 'in':
      return p.in(col, c.values);
    case 'not-in':
      return `(${col} IS NULL OR NOT (${p.in(col, c.values)}))`;
  }
}

/** The person's rows: their key column equals their key (never null: a missing key finds nobody). */
function personSql(d: Dialect, p: Params, table: DatasetTable, keys: PersonKeys): string {
  const key = keys[table.person.by];
  if (key === null) return 'FALSE';
  // E-mail addresses are compared as people type them: the case of the domain and of the local part.
  return table.person.by === 'email'
    ? `lower(${quote(d, table.person.column)}) = lower(${p.add(key)})`
    : `${quote(d, table.person.column)} = ${p.add(String(key))}`;
}

function whereSql(
  d: Dialect,
  p: Params,
  table: DatasetTable,
  first: string | null,
  where: readonly RowCondition[] = [],
): string {
  const parts = [...(first ? [first] : []), ...where.map((c) => conditionSql(d, p, table, c))];
  return parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '';
}

/**
 * One action as one statement. `keys` null: a retention sweep over every row the conditions
 * select. `count` (a dry run): how many rows the action would change, changing nothing.
 */
export function actionSql(
  d: Dialect,
  table: DatasetTable,
  action: TableAction,
  keys: PersonKeys | null,
  count = false,
): Statement {
  const p = new Params(d);
  const t = quote(d, table.name);
  const person = keys ? personSql(d, p, table, keys) : null;
  const where = 'where' in action ? action.where : undefined;
  if (count)
    return { sql: `SELECT count(*) AS n FROM ${t}${whereSql(d, p, table, person, where)}`, params: p.values };
  switch (action.op) {
    case 'delete':
      return { sql: `DELETE FROM ${t}${whereSql(d, p, table, person, where)}`, params: p.values };
    case 'mask': {
      const set = action.columns.map((c) => `${quote(d, c)} = NULL`).join(', ');
      // Only rows that still hold something: a retried step changes nothing it already changed.
      const held = `(${action.columns.map((c) => `${quote(d, c)} IS NOT NULL`).join(' OR ')})`;
      const w = whereSql(d, p, table, person, where);
      return { sql: `UPDATE ${t} SET ${set}${w}${w ? ' AND' : ' WHERE'} ${held}`, params: p.values };
    }
    case 'update': {
      const cols = Object.keys(action.set);
      const set = cols.map((c) => `${quote(d, c)} = ${p.add(action.set[c])}`).join(', ');
      return { sql: `UPDATE ${t} SET ${set}${whereSql(d, p, table, person)}`, params: p.values };
    }
    case 'restrict': {
      const set = `${quote(d, action.column)} = ${p.add(action.value)}`;
      return { sql: `UPDATE ${t} SET ${set}${whereSql(d, p, table, person)}`, params: p.values };
    }
    case 'keep': {
      const newest = action.clock ? `max(${quote(d, action.clock)})` : 'NULL';
      return {
        sql: `SELECT count(*) AS n, ${newest} AS newest FROM ${t}${whereSql(d, p, table, person)}`,
        params: p.values,
      };
    }
  }
}

/** The person's rows of a table: the declared columns only, newest clock first when there is one. */
export function readSql(d: Dialect, table: DatasetTable, keys: PersonKeys): Statement {
  const p = new Params(d);
  const cols = table.fields.map((f) => quote(d, f.column)).join(', ');
  const clock = table.clocks?.['invoice-date'] ?? table.clocks?.['event-time'] ?? table.clocks?.collected;
  const order = clock ? ` ORDER BY ${quote(d, clock)}` : '';
  return {
    sql: `SELECT ${cols} FROM ${quote(d, table.name)}${whereSql(d, p, table, personSql(d, p, table, keys))}${order}`,
    params: p.values,
  };
}

/**
 * Issue 16: every row of `table` for the next `limit` persons after `after` (by the `key` column,
 * ascending; rows without a key are nobody's), with `columns`. A page holds whole persons, so a
 * person's rows are never split between two pages; one index range per page when `key` is indexed.
 */
export function scanSql(
  d: Dialect,
  table: string,
  key: string,
  columns: readonly string[],
  after: string | null,
  limit: number,
): Statement {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`a page holds at least one person, not ${limit}`);
  const p = new Params(d);
  const t = quote(d, table);
  const k = quote(d, key);
  const from = () => (after === null ? '' : ` AND ${k} > ${p.add(after)}`);
  const cols = [...new Set([key, ...columns])].map((c) => quote(d, c)).join(', ');
  // One range of the key per page, up to the last person of the page: a derived table, not
  // `IN (... LIMIT)`, which MariaDB does not take.
  const last = `(SELECT max(page.k) FROM (SELECT DISTINCT ${k} AS k FROM ${t} WHERE ${k} IS NOT NULL${from()} ORDER BY ${k} LIMIT ${limit}) page)`;
  return {
    sql: `SELECT ${cols} FROM ${t} WHERE ${k} IS NOT NULL${from()} AND ${k} <= ${last} ORDER BY ${k}`,
    params: p.values,
  };
}
