// The outbound batch of a sent campaign, one file per channel, for the processor that delivers
// it: a postal-mail CSV, e-mail provider payloads, a contact-center call list. Each holds only
// the fields its channel needs (EN-8, need-to-know). Never logged.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../platform/db/csv.ts';
import type { Deps } from '../platform/deps.ts';
import type { Campaign } from './campaigns.ts';

type Ctx = Pick<Deps, 'db' | 'config'>;

const FIELDS: Record<string, { columns: string[]; format: 'csv' | 'json' }> = {
  'postal-mail': {
    columns: ['given_name', 'family_name', 'street', 'postal_code', 'city', 'country'],
    format: 'csv',
  },
  email: { columns: ['email', 'language'], format: 'json' },
  phone: { columns: ['given_name', 'family_name', 'phone', 'language'], format: 'csv' },
  'contact-center': { columns: ['given_name', 'family_name', 'phone', 'language'], format: 'csv' },
};

/** Writes the batch and returns its path relative to the data folder. */
export async function writeOutbound(d: Ctx, c: Campaign): Promise<string> {
  const spec = FIELDS[c.channel] ?? { columns: [], format: 'json' as const };
  const cols = spec.columns.map((x) => `i.${x}`).join(', ');
  const r = await d.db.query<Record<string, string | null>>(
    `SELECT m.subject_id${cols ? `, ${cols}` : ''} FROM communications m LEFT JOIN identities i ON i.subject_id = m.subject_id
     WHERE m.campaign_id = $1 ORDER BY m.subject_id`,
    [c.id],
  );
  const dir = join(d.config.dataDir, 'outbound', c.id);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = `${c.channel}.${spec.format}`;
  const body =
    spec.format === 'csv'
      ? csvLine(['subject_id', ...spec.columns, 'content_ref']) +
        r.rows
          .map((row) => csvLine([row.subject_id, ...spec.columns.map((x) => row[x]), c.contentRef]))
          .join('')
      : `${JSON.stringify(
          r.rows.map((row) => ({ ...row, template: c.contentRef, campaign: c.id })),
          null,
          1,
        )}\n`;
  await writeFile(join(dir, name), body, { mode: 0o600 });
  return join('outbound', c.id, name);
}
