// Art. 20 portability: the data the subject provided or generated, in the policy's formats (JSON
// and CSV) in a zip, with a manifest (files, row counts, sha256) and schema.json, a JSON Schema
// (2020-12) whose root validates the export's data: { <table>: [rows of <table>.json] }.
// The files are for machines: values exact (a phone "+32 ..." stays so), never rewritten for a
// spreadsheet; a UTF-8 byte-order mark on the CSV files is offered for spreadsheets. Every
// portable table has its files, empty ones included: "no rows" is said, not left to a guess.
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { machineCsv } from '../platform/csv.ts';
import type { StoreData } from './data.ts';
import { EXPORT_SCHEMA_JSON, SCHEMA_VERSION } from './export-schema.ts';

export type ExportOptions = {
  /** The policy's portabilityFormats; both when it names none. */
  formats?: readonly string[];
  /** A UTF-8 byte-order mark on CSV files, for spreadsheets that need it to read UTF-8. */
  bom?: boolean;
};

export function portabilityZip(
  subjectId: string,
  data: readonly StoreData[],
  now: Date,
  opts: ExportOptions = {},
): Uint8Array {
  const formats = new Set(opts.formats ?? ['json', 'csv']);
  const files: Record<string, Uint8Array> = {};
  const manifest: { file: string; category: string; rows: number; sha256: string }[] = [];
  const add = (name: string, body: string, category: string, rows: number) => {
    const bytes = strToU8(body);
    files[name] = bytes;
    manifest.push({ file: name, category, rows, sha256: createHash('sha256').update(bytes).digest('hex') });
  };
  for (const d of data) {
    if (!d.store.portable) continue;
    const fields = Object.keys(d.store.fields);
    if (formats.has('json'))
      add(`${d.store.table}.json`, JSON.stringify(d.rows, null, 1), d.category, d.rows.length);
    if (formats.has('csv')) {
      const cells = d.rows.map((r) => fields.map((f) => r[f]));
      add(`${d.store.table}.csv`, machineCsv(fields, cells, { bom: opts.bom }), d.category, d.rows.length);
    }
  }
  const header = {
    format: `garde-portability/${SCHEMA_VERSION}`,
    subjectId,
    generatedAt: now.toISOString(),
    files: manifest,
  };
  files['manifest.json'] = strToU8(JSON.stringify(header, null, 1));
  files['schema.json'] = strToU8(EXPORT_SCHEMA_JSON);
  // Level 1: an export is fetched once; speed matters more than the last percent of size.
  return zipSync(files, { level: 1, mtime: now });
}
