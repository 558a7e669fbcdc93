// Encodes rows for COPY ... WITH (FORMAT csv). An unquoted empty field is NULL; every
// non-null value is quoted so an empty string stays an empty string.

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `"${value.toISOString()}"`;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array)
    return `"\\x${Buffer.from(value).toString('hex')}"`;
  if (typeof value === 'object') return quote(JSON.stringify(value));
  return quote(String(value));
}

function quote(s: string): string {
  return `"${s.includes('"') ? s.replaceAll('"', '""') : s}"`;
}

export function csvLine(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(row[i]);
  return `${line}\n`;
}

/** Yields CSV text in chunks of about chunkRows rows, so a large load is never one giant string. */
export function* csvChunks(rows: Iterable<readonly unknown[]>, chunkRows = 5000): Generator<string> {
  let chunk = '';
  let n = 0;
  for (const row of rows) {
    chunk += csvLine(row);
    if (++n === chunkRows) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

export function copySql(table: string, columns: readonly string[], source: string): string {
  const ident = /^[a-z_][a-z0-9_]*$/;
  if (!ident.test(table) || !columns.every((c) => ident.test(c))) throw new Error(`bad COPY target ${table}`);
  return `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}
