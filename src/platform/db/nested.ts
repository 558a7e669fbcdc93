// A transaction seen as a Db, so work written against a Db (its own transactions included) can
// run inside one enclosing transaction: all of it commits together or not at all. An inner
// "transaction" is a savepoint, so an inner failure rolls back only its part.
import type { Db, Tx } from './types.ts';

let savepoints = 0;

export function withinTransaction(tx: Tx, backend: Db['backend']): Db {
  return {
    backend,
    query: (sql, params, opts) => tx.query(sql, params, opts),
    copyIn: (table, columns, rows) => tx.copyIn(table, columns, rows),
    async exec() {
      throw new Error('exec() is not available inside a transaction');
    },
    async transaction(fn, opts = {}) {
      const name = `garde_sp_${++savepoints}`;
      await tx.query(`SAVEPOINT ${name}`);
      try {
        if (opts.sharedLock !== undefined)
          await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [opts.sharedLock]);
        const out = await fn(tx);
        await tx.query(`RELEASE SAVEPOINT ${name}`);
        return out;
      } catch (err) {
        await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw err;
      }
    },
    async close() {},
  };
}
