// The register as files a DPO keeps or hands to the supervisory authority (Art. 30(4)): a
// printable HTML page, a CSV for a spreadsheet, and an XLSX workbook (write-excel-file) with one
// sheet for Art. 30(1) and one for Art. 30(2) when the policy acts as a processor. Every format
// holds the same cells, in the same order (registerOf).
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { spreadsheetCsv } from '../platform/csv.ts';
import { escapeHtml } from '../platform/html.ts';
import type { Register, Table } from './register.ts';

export const REGISTER_FORMATS = ['html', 'csv', 'xlsx'] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

export const MEDIA_TYPES: Record<RegisterFormat | 'json', string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** The two tables of Art. 30: (1) as controller, (2) as processor for partners (EN-2). */
export const REGISTER_TABLES = ['controller', 'processor'] as const;
export type RegisterTable = (typeof REGISTER_TABLES)[number];

/**
 * The file name a register is saved under: the policy, its version and the language, and
 * `-processor` for a CSV of the Art. 30(2) table.
 */
export const registerFileName = (
  r: Register,
  format: RegisterFormat | 'json',
  table: RegisterTable = 'controller',
) =>
  `register-${r.policy.id}-${r.policy.version}-${r.language}${table === 'processor' ? '-processor' : ''}.${format}`.replace(
    /[^A-Za-z0-9._-]/g,
    '-',
  );

const rowsOf = <C extends string>(t: Table<C>) => t.rows.map((row) => t.columns.map((c) => row.cells[c.id]));

/**
 * One table as CSV for a spreadsheet (a CSV file holds one): Art. 30(1) by default, one row per
 * processing activity; `processor`, Art. 30(2), one row per partner. A header row, UTF-8 with a
 * byte-order mark (Excel reads it), formula-leading cells neutralised (src/platform/csv.ts).
 * Throws when asked for the Art. 30(2) table of a register that has none: callers check
 * `r.processor` first and say so in their own terms.
 */
export function registerCsv(r: Register, table: RegisterTable = 'controller'): string {
  const csv = <C extends string>(t: Table<C>) =>
    spreadsheetCsv(
      t.columns.map((c) => c.title),
      rowsOf(t),
      { bom: true },
    );
  if (table === 'controller') return csv(r.controller);
  if (!r.processor)
    throw new Error('this register has no Art. 30(2) table: the policy processes for no partner');
  return csv(r.processor);
}

// Widths in characters: the purpose and the long cells wide enough to read, every cell wrapped.
const WIDE = new Set([
  'purpose',
  'dataCategories',
  'recipients',
  'transfers',
  'retention',
  'security',
  'storage',
  'processing',
]);

function sheet<C extends string>(t: Table<C>, name: string) {
  const header = t.columns.map((c) => ({
    value: c.title,
    fontWeight: 'bold' as const,
    wrap: true,
    alignVertical: 'top' as const,
  }));
  const body = rowsOf(t).map((row) =>
    row.map((value) => ({ value, wrap: true, alignVertical: 'top' as const })),
  );
  return {
    sheet: name,
    data: [header, ...body] as SheetData,
    columns: t.columns.map((c) => ({ width: WIDE.has(c.id) ? 48 : 28 })),
    stickyRowsCount: 1,
  };
}

/** The workbook: sheet "Art. 30(1)", and "Art. 30(2)" when there is a processor table. */
export async function registerXlsx(r: Register): Promise<Buffer> {
  const sheets = [
    sheet(r.controller, 'Art. 30(1)'),
    ...(r.processor ? [sheet(r.processor, 'Art. 30(2)')] : []),
  ];
  return writeXlsxFile(sheets).toBuffer();
}

const esc = escapeHtml;

/** One table per row: each column a header cell beside its value, read in order by a screen reader. */
function html<C extends string>(t: Table<C>, first: C): string {
  const sections = t.rows.map((row) => {
    const cells = t.columns
      .filter((c) => c.id !== first)
      .map((c) => `<tr><th scope="row">${esc(c.title)}</th><td>${esc(row.cells[c.id])}</td></tr>`)
      .join('\n');
    return `<section>
<h3>${esc(row.cells[first])}</h3>
<table><caption class="visually-hidden">${esc(row.cells[first])}</caption><tbody>
${cells}
</tbody></table>
</section>`;
  });
  return `<h2>${esc(t.title)}</h2>\n${sections.join('\n')}`;
}

/**
 * A page to read and print (A4): the title, the policy it comes from, then per processing
 * activity its columns as a two-column table. Every value is escaped.
 */
export function registerHtml(r: Register): string {
  return `<!doctype html>
<html lang="${esc(r.language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#111}
table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}
th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}
th{width:35%;background:#f2f2f2;font-weight:600}
td{overflow-wrap:anywhere}
h2{border-top:2px solid #333;padding-top:1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none;font-size:10pt}section{break-inside:avoid-page}}
</style></head><body>
<main>
<h1>${esc(r.title)}</h1>
<p>${esc(r.generatedFrom)}</p>
${html(r.controller, 'purpose')}
${r.processor ? html(r.processor, 'onBehalfOf') : ''}
</main>
</body></html>
`;
}
