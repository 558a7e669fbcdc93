// A MySQL or MariaDB server through mysql2: the controller's systems Garde reaches (issue 16),
// never Garde's own store. One connection per use; dates in UTC both ways.
import mysql from 'mysql2/promise';

export type MysqlRow = Record<string, unknown>;

export interface MysqlSession {
  /** One statement with `?` parameters: rows for a SELECT, affected rows otherwise. */
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: MysqlRow[]; rowCount: number }>;
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (q: MysqlSession['query']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `mysql://user:password@host:3306/database`; the password never appears in an error Garde prints. */
export async function openMysql(url: string): Promise<MysqlSession> {
  const conn = await mysql.createConnection({
    // mysql2 knows the mysql:// scheme only; MariaDB speaks the same protocol.
    uri: url.replace(/^mariadb:/i, 'mysql:'),
    timezone: 'Z',
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 10_000,
  });
  const query: MysqlSession['query'] = async (sql, params = []) => {
    const [result] = await conn.query(sql, params as unknown[]);
    if (Array.isArray(result)) return { rows: result as MysqlRow[], rowCount: result.length };
    return { rows: [], rowCount: (result as { affectedRows?: number }).affectedRows ?? 0 };
  };
  return {
    query,
    async transaction(fn) {
      await conn.beginTransaction();
      try {
        const out = await fn(query);
        await conn.commit();
        return out;
      } catch (err) {
        await conn.rollback().catch(() => {});
        throw err;
      }
    },
    close: () => conn.end().catch(() => {}),
  };
}
