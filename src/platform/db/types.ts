// The narrow interface every store talks to. Nothing outside src/platform/db/ imports a driver.

export type Row = Record<string, unknown>;
export type QueryResult<R> = { rows: R[]; rowCount: number };
/** `name` prepares a hot statement once per connection (PostgreSQL; PGlite ignores it). */
export type QueryOptions = { name?: string };

export interface Queryable {
  /** One statement with $1..$n parameters. */
  query<R = Row>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>>;
  /** Bulk load through COPY ... FROM STDIN (CSV). Returns the number of rows written. */
  copyIn(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
}

export interface Tx extends Queryable {}

export interface Db extends Queryable {
  readonly backend: 'pglite' | 'postgres';
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn in one transaction: committed if it resolves, rolled back if it throws.
   * `sharedLock` takes that advisory lock (shared) as the transaction begins, in the same
   * round trip as BEGIN on PostgreSQL: hot paths pay one round trip less.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts?: { sharedLock?: number }): Promise<T>;
  close(): Promise<void>;
}
