// Rows for COPY ... WITH (FORMAT csv), written by the same library and value casts as every
// other CSV (../csv.ts). An unquoted empty field is NULL; every non-null value is quoted so an
// empty string stays an empty string; bytes go as bytea hex.
import { type Options, stringify } from 'csv-stringify/sync';
import { VALUE_CAST } from '../csv.ts';

const COPY_CSV: Options = {
  quoted: true,
  quoted_string: true,
  cast: {
    ...VALUE_CAST,
    object: (v) =>
      Buffer.isBuffer(v) || v instanceof Uint8Array
        ? `\\x${Buffer.from(v).toString('hex')}`
        : JSON.stringify(v),
  },
};

/** Yields CSV text in chunks of about chunkRows rows, so a large load is never one giant string. */
export function* csvChunks(rows: Iterable<readonly unknown[]>, chunkRows = 5000): Generator<string> {
  let batch: unknown[][] = [];
  for (const row of rows) {
    batch.push(row as unknown[]);
    if (batch.length === chunkRows) {
      yield stringify(batch, COPY_CSV);
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch, COPY_CSV);
}

export function copySql(table: string, columns: readonly string[], source: string): string {
  const ident = /^[a-z_][a-z0-9_]*$/;
  if (!ident.test(table) || !columns.every((c) => ident.test(c))) throw new Error(`bad COPY target ${table}`);
  return `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}
