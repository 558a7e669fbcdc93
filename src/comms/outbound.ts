// The outbound batch of a sent campaign, one file for the processor that delivers it: a postal
// list, a call list, e-mail provider payloads. The policy's channel says which identity fields it
// holds (EN-8, need-to-know) and who reads it: a person (a spreadsheet CSV, formula cells
// neutralised, with a byte-order mark for Excel) or a program (JSON, values exact). Never logged.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { spreadsheetCsv } from '../platform/csv.ts';
import type { Deps } from '../platform/deps.ts';
import type { BATCH_FIELDS, Policy } from '../policy/schema.ts';
import type { Campaign } from './campaigns.ts';
import { selectBatch } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'config' | 'policy'>;
type BatchField = (typeof BATCH_FIELDS)[number];
type Row = Record<string, string | null>;

/** Policy field name -> identities column. */
const COLUMN: Record<BatchField, string> = {
  givenName: 'given_name',
  familyName: 'family_name',
  street: 'street',
  postalCode: 'postal_code',
  city: 'city',
  country: 'country',
  email: 'email',
  phone: 'phone',
  language: 'language',
};

const SUBJECT = 'subject_id';

/** The two kinds of file. */
const FORMATS = {
  csv: {
    encode(columns: readonly string[], rows: readonly Row[], c: Campaign): string {
      const header = [SUBJECT, ...columns, 'content_ref'];
      const cells = rows.map((r) => [r[SUBJECT], ...columns.map((x) => r[x]), c.contentRef]);
      return spreadsheetCsv(header, cells, { bom: true });
    },
  },
  json: {
    encode(_columns: readonly string[], rows: readonly Row[], c: Campaign): string {
      return json(rows.map((r) => ({ ...r, template: c.contentRef, campaign: c.id })));
    },
  },
} as const;

const json = (rows: readonly object[]) => `${JSON.stringify(rows, null, 1)}\n`;

function batchOf(policy: Policy, channel: string) {
  const spec = policy.communications?.channels.find((x) => x.id === channel)?.batch;
  const fields = spec?.fields ?? [];
  return {
    columns: fields.map((f) => COLUMN[f]),
    ext: spec?.reader === 'spreadsheet' ? 'csv' : 'json',
  } as const;
}

/** Writes the batch and returns its path relative to the data folder. */
export async function writeOutbound(d: Ctx, c: Campaign): Promise<string> {
  const { columns, ext } = batchOf(d.policy, c.channel);
  const dir = join(d.config.dataDir, 'outbound', c.id);
  const name = `${c.channel}.${ext}`;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const rows = await selectBatch(d.db, c.id, columns);
  // Atomic: the integration picking the file up never reads half of it.
  await writeFileAtomic(join(dir, name), FORMATS[ext].encode(columns, rows, c), { mode: 0o600 });
  return join('outbound', c.id, name);
}
