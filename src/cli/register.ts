// `garde policy ropa` and `garde policy dpv`: the documents a policy publishes, drawn from the
// file alone (no database, no server): the record of processing activities (Art. 30) and the
// machine-readable notice (W3C DPV JSON-LD).
import { dpvNotice } from '../register/dpv.ts';
import {
  REGISTER_FORMATS,
  REGISTER_TABLES,
  type RegisterFormat,
  type RegisterTable,
  registerCsv,
  registerHtml,
  registerXlsx,
} from '../register/formats.ts';
import { declaredLanguage, registerOf } from '../register/register.ts';
import { writeOutput } from './output.ts';
import { policyFromFile } from './policy-file.ts';
import { UsageError } from './usage-error.ts';

type RopaOptions = { format?: string; lang?: string; output?: string; table?: string };

export async function policyRopa(file: string, opts: RopaOptions): Promise<void> {
  const format = (opts.format ?? 'html') as RegisterFormat;
  if (!REGISTER_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${REGISTER_FORMATS.join(', ')}, not "${opts.format}"`);
  const table = (opts.table ?? 'controller') as RegisterTable;
  if (!REGISTER_TABLES.includes(table))
    throw new UsageError(`--table must be one of ${REGISTER_TABLES.join(', ')}, not "${opts.table}"`);
  // A CSV holds one table; the page and the workbook hold both.
  if (opts.table && format !== 'csv')
    throw new UsageError(`--table is for --format csv: the ${format} register holds every table`);
  // A workbook is bytes, not text: written to a terminal it would only garble it.
  if (format === 'xlsx' && !opts.output && process.stdout.isTTY)
    throw new UsageError('an XLSX workbook is not for a terminal: name a file with --output FILE.xlsx');
  const policy = await policyFromFile(file);
  if (!policy) return;
  const language = opts.lang ? declaredLanguage(policy, opts.lang) : policy.policy.languages[0];
  if (!language)
    throw new UsageError(
      `the policy does not speak "${opts.lang}": its languages are ${policy.policy.languages.join(', ')}`,
    );
  const register = registerOf(policy, language);
  if (table === 'processor' && !register.processor)
    throw new UsageError(
      'the policy processes for no partner (it declares no partnerControllers): it has no Art. 30(2) table',
    );
  const body =
    format === 'xlsx'
      ? await registerXlsx(register)
      : format === 'csv'
        ? registerCsv(register, table)
        : registerHtml(register);
  if (opts.output) await writeOutput(opts.output, body);
  else process.stdout.write(body);
}

export async function policyDpv(file: string, opts: { output?: string }): Promise<void> {
  const policy = await policyFromFile(file);
  if (!policy) return;
  const body = `${JSON.stringify(dpvNotice(policy), null, 2)}\n`;
  if (opts.output) await writeOutput(opts.output, body);
  else process.stdout.write(body);
}
