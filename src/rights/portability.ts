// Art. 20 portability: the data the subject provided or generated, as JSON and CSV files in a
// zip, with a manifest (files, row counts, sha256) and a JSON Schema of each file's rows.
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import type { StoreData } from './data.ts';

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Formula injection: a cell opened in a spreadsheet must not start a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function toCsv(fields: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [fields.map(csvCell).join(',')];
  for (const r of rows) lines.push(fields.map((f) => csvCell(r[f])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const jsonType = (v: unknown) =>
  typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';

export function portabilityZip(subjectId: string, data: readonly StoreData[], now: Date): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const manifest: { file: string; category: string; rows: number; sha256: string }[] = [];
  const schema: Record<string, unknown> = {};
  const add = (name: string, body: string, category: string, rows: number) => {
    const bytes = strToU8(body);
    files[name] = bytes;
    manifest.push({ file: name, category, rows, sha256: createHash('sha256').update(bytes).digest('hex') });
  };
  for (const d of data) {
    if (!d.store.portable || d.rows.length === 0) continue;
    const fields = Object.keys(d.store.fields);
    add(`${d.store.table}.json`, JSON.stringify(d.rows, null, 1), d.category, d.rows.length);
    add(`${d.store.table}.csv`, toCsv(fields, d.rows), d.category, d.rows.length);
    const sample = d.rows.find((r) => fields.every((f) => r[f] !== null)) ?? d.rows[0] ?? {};
    schema[d.store.table] = {
      type: 'array',
      items: {
        type: 'object',
        properties: Object.fromEntries(fields.map((f) => [f, { type: [jsonType(sample[f]), 'null'] }])),
        required: fields,
        additionalProperties: false,
      },
    };
  }
  const header = {
    format: 'garde-portability/1',
    subjectId,
    generatedAt: now.toISOString(),
    files: manifest,
  };
  files['manifest.json'] = strToU8(JSON.stringify(header, null, 1));
  files['schema.json'] = strToU8(
    JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', files: schema }, null, 1),
  );
  // Level 1: an export is fetched once; speed matters more than the last percent of size.
  return zipSync(files, { level: 1, mtime: now });
}
