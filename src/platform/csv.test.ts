import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropCsvRecords, machineCsv, spreadsheetCsv } from './csv.ts';
import { csvChunks } from './db/csv.ts';

/** Cells as a reader sees them; an unquoted empty field is null. */
const read = (text: string) =>
  parse(text, { bom: true, cast: (v, ctx) => (v === '' && !ctx.quoting ? null : v) }) as (string | null)[][];

const FORMULA_START = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
// Characters that CSV quoting and formula neutralisation must handle, mixed into every cell.
const TRICKY = fc.constantFrom('a', 'é', ',', '"', "'", '\r', '\n', '\r\n', ...FORMULA_START);
const cell = fc.oneof(
  fc.string(),
  fc.string({ unit: TRICKY }),
  fc.tuple(fc.constantFrom(...FORMULA_START), fc.string()).map(([a, b]) => a + b),
  fc.constant(null),
  fc.constant(''),
);

describe('CSV files for people and for machines', () => {
  it('a spreadsheet file neutralises every cell that would start a formula (OWASP CSV injection)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const cells = read(spreadsheetCsv(['a', 'b', 'c'], rows))
          .slice(1)
          .flat();
        for (const c of cells) if (c) expect(FORMULA_START).not.toContain(c[0]);
        const lines = cells.flatMap((c) => (c ? c.split(/\r\n|\r|\n/).slice(1) : []));
        for (const l of lines) if (l) expect(FORMULA_START).not.toContain(l[0]);
      }),
    );
    const text = spreadsheetCsv(['name', 'phone'], [['=HYPERLINK("http://x","click")', '+32 470 12 34 56']]);
    expect(read(text)[1]).toEqual(['\'=HYPERLINK("http://x","click")', "'+32 470 12 34 56"]);
  });

  it('a value holding a lone CR or LF is quoted in every CSV, so it stays one cell of one record', () => {
    for (const name of ['a\rb', 'a\nb', 'a\r\nb', '\r', '\n']) {
      for (const csv of [machineCsv, spreadsheetCsv]) {
        const text = csv(['name', 'n'], [[name, 1]]);
        expect(text).toMatch(/^name,n\r\n".*",1\r\n$/s);
        expect(read(text)).toHaveLength(2);
      }
    }
  });

  it('a spreadsheet cell whose later line starts like a formula is neutralised on that line too', () => {
    const text = spreadsheetCsv(['name'], [['Ann\n=HYPERLINK("http://x")'], ['Bob\r\n+32 470'], ['Cy\r-1']]);
    expect(read(text).slice(1)).toEqual([
      ['Ann\n\'=HYPERLINK("http://x")'],
      ["Bob\r\n'+32 470"],
      ["Cy\r'-1"],
    ]);
    // A reader that splits the file on any line break sees no line that starts a formula.
    for (const line of text.split(/\r\n|\r|\n/)) expect(FORMULA_START).not.toContain(line[0]);
  });

  it('a spreadsheet file leaves negative numbers as numbers', () => {
    expect(spreadsheetCsv(['amount'], [[-1500]])).toBe('amount\r\n-1500\r\n');
  });

  it('a machine file keeps every value exactly, null apart from an empty string', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        expect(read(machineCsv(['a', 'b', 'c'], rows)).slice(1)).toEqual(rows);
      }),
    );
    expect(read(machineCsv(['phone'], [['+32 470 12 34 56']]))[1]).toEqual(['+32 470 12 34 56']);
    expect(read(machineCsv(['name'], [['a\rb'], ['a\nb'], ['\n=b']])).slice(1)).toEqual([
      ['a\rb'],
      ['a\nb'],
      ['\n=b'],
    ]);
  });

  it('writes values as JSON reads them: dates in ISO 8601, booleans and numbers as text, objects as JSON', () => {
    const at = new Date('2026-06-01T10:00:00.000Z');
    expect(machineCsv(['at', 'ok', 'n', 'o'], [[at, false, 2.5, { a: 1 }]])).toBe(
      'at,ok,n,o\r\n2026-06-01T10:00:00.000Z,false,2.5,"{""a"":1}"\r\n',
    );
  });

  it('adds a UTF-8 byte-order mark only when asked', () => {
    expect(machineCsv(['a'], [['é']])).toBe('a\r\né\r\n');
    expect(spreadsheetCsv(['a'], [['é']], { bom: true })).toBe('\uFEFFa\r\né\r\n');
  });

  it('dropping a subject’s records leaves every other byte as it was', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('s1', 's2', 's3'), cell), { maxLength: 10 }),
        fc.boolean(),
        (rows, bom) => {
          const all = Buffer.from(spreadsheetCsv(['subject_id', 'x'], rows, { bom }));
          const want = spreadsheetCsv(
            ['subject_id', 'x'],
            rows.filter((r) => r[0] !== 's2'),
            { bom },
          );
          const r = dropCsvRecords(all, 'subject_id', new Set(['s2']));
          expect(r?.body.toString('utf8')).toBe(want);
          expect(r?.dropped).toBe(rows.filter((x) => x[0] === 's2').length);
        },
      ),
    );
    expect(dropCsvRecords(Buffer.from('a,b\r\n1,2\r\n'), 'subject_id', new Set(['1']))).toBeNull();
  });

  it('COPY text keeps values exactly: formulas are data to the database, NULL is unquoted', () => {
    const text = [...csvChunks([['=1+1', null, '', Buffer.from([1, 255]), true]])].join('');
    expect(text).toBe('"=1+1",,"","\\x01ff","true"\n');
  });
});
