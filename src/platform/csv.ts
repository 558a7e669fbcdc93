// Every CSV file Garde writes goes through here, on one library (csv-stringify), and each writer
// names who reads the file, so a new file cannot forget the choice:
// - spreadsheetCsv, for a person: a cell a spreadsheet would run as a formula (starting with =,
//   +, -, @, tab, carriage return, or their full-width forms; OWASP "CSV Injection") is prefixed
//   with a quote; negative numbers stay numbers. So is every line of a multi-line cell, because
//   a tool that splits the file on line breaks (a paste, a naive import) reads each line as the
//   start of a cell;
// - machineCsv, for a program: every value exactly as stored (a phone "+32 ..." stays
//   "+32 ..."), null as an empty field and an empty string as "".
// Both are RFC 4180 (CRLF, UTF-8), optionally with a byte-order mark so Excel reads UTF-8. A value
// holding any line break, even a lone CR or LF, is quoted: csv-stringify quotes only the record
// delimiter (CRLF) once one is chosen, and an unquoted lone CR or LF ends the record for a reader.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify as stringifyStream } from 'csv-stringify';
import { type Options, stringify } from 'csv-stringify/sync';

export type CsvRows = Iterable<readonly unknown[]>;
export type CsvOptions = { bom?: boolean };

/** How values become text, shared by every CSV Garde writes (COPY included). */
export const VALUE_CAST: Options['cast'] = {
  boolean: (v) => String(v),
  date: (v) => v.toISOString(),
  bigint: (v) => String(v),
  object: (v) => JSON.stringify(v),
};

// A line inside a cell that starts like a formula; the cell's first line is csv-stringify's.
const FORMULA_LINE = /(?<=[\r\n])(?=[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20])/g;

function options(bom: boolean, formulas: boolean): Options {
  return {
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    // An empty string is quoted, so it reads back as "" and not as a missing value (null).
    cast: {
      ...VALUE_CAST,
      string: (v) => {
        if (v === '') return { value: '', quoted_empty: true };
        return formulas ? v.replace(FORMULA_LINE, "'") : v;
      },
    },
    bom,
    escape_formulas: formulas,
  };
}

function write(header: readonly string[], rows: CsvRows, bom: boolean, formulas: boolean): string {
  return stringify([header, ...rows] as unknown[][], options(bom, formulas));
}

/**
 * The same files, written as the rows arrive: for a file too large to hold (an audit trail
 * export). `reader` is who opens it, as for spreadsheetCsv and machineCsv.
 */
export function csvStream(
  header: readonly string[],
  rows: AsyncIterable<readonly unknown[]>,
  reader: 'spreadsheet' | 'machine',
  opts: CsvOptions = {},
): Readable {
  const out = stringifyStream(options(opts.bom === true, reader === 'spreadsheet'));
  (async () => {
    out.write(header);
    for await (const row of rows) {
      if (out.destroyed) return; // the reader went away: stop reading rows
      if (!out.write(row))
        await new Promise((r) => {
          out.once('drain', r);
          out.once('close', r);
        });
    }
    if (!out.destroyed) out.end();
  })().catch((err: unknown) => out.destroy(err as Error));
  return out;
}

/** A file a person opens in a spreadsheet: formula-leading cells are neutralised. */
export function spreadsheetCsv(header: readonly string[], rows: CsvRows, opts: CsvOptions = {}): string {
  return write(header, rows, opts.bom === true, true);
}

/** A file a program reads: every value exactly as stored. */
export function machineCsv(header: readonly string[], rows: CsvRows, opts: CsvOptions = {}): string {
  return write(header, rows, opts.bom === true, false);
}

/** The values of one column, header excluded; null when the file has no such column. */
export function csvColumn(file: Buffer, column: string): string[] | null {
  const [header = [], ...rows] = parse(file, { bom: true, relax_column_count: true }) as string[][];
  const index = header.indexOf(column);
  return index < 0 ? null : rows.map((r) => r[index] ?? '');
}

/**
 * Removes the records whose `column` holds one of `values`, leaving every other byte as it was
 * (header, byte-order mark, quoting, line ends): the file stays what its writer made, less them.
 * Returns null when the file has no such column.
 */
export function dropCsvRecords(
  file: Buffer,
  column: string,
  values: ReadonlySet<string>,
): { body: Buffer; dropped: number } | null {
  const records = parse(file, { bom: true, info: true, relax_column_count: true }) as unknown as {
    record: string[];
    info: { bytes: number };
  }[];
  const index = records[0]?.record.indexOf(column) ?? -1;
  if (index < 0) return null;
  const kept: Buffer[] = [];
  let start = 0;
  let dropped = 0;
  for (const [i, r] of records.entries()) {
    const drop = i > 0 && values.has(r.record[index] ?? '');
    if (drop) dropped++;
    else kept.push(file.subarray(start, r.info.bytes));
    start = r.info.bytes;
  }
  return { body: Buffer.concat(kept), dropped };
}
