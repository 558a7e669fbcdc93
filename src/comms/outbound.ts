// The outbound batch of a sent campaign, one file for the processor that delivers it: a postal
// list, a call list, e-mail provider payloads, the subject ids an app's push service sends to. The policy's channel says which identity fields it
// holds (EN-8, need-to-know: its `batch`, or what its `address` needs) and who reads it: a person
// (a spreadsheet CSV, formula cells neutralised, with a byte-order mark for Excel) or a program
// (JSON, values exact). Never logged.
//
// EN-11: the batch is a copy of the person's data, so erasure scrubs it too. The writer holds
// the outbound lock shared while it reads the ledger and writes the file; erasure takes it
// exclusively before it reads anything (holdBatches) and keeps it until it commits. So a batch
// is either written before the erasure looks, and scrubbed, or read after it committed, and
// leaves the person out: no batch is written in between.
import { readdir, readFile, stat, utimes } from 'node:fs/promises';
import { extname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { csvColumn, dropCsvRecords, spreadsheetCsv } from '../platform/csv.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Deps } from '../platform/deps.ts';
import { makeFolder } from '../platform/folders.ts';
import { type BatchField, channelBatch } from '../policy/channels.ts';
import type { Policy } from '../policy/schema.ts';
import { batchFieldsOf, IDENTITY_COLUMNS } from '../subjects/identity-fields.ts';
import { stillContactableSql } from './audience.ts';
import type { Campaign } from './campaigns.ts';
import { selectBatch, selectCampaignsOf, selectStillSent } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'config' | 'policy' | 'now'>;
type Row = Record<string, string | null>;

/** Policy field name -> identities column (one mapping, src/subjects/identity-fields.ts). */
const COLUMN: Record<BatchField, string> = IDENTITY_COLUMNS;

const SUBJECT = 'subject_id';

/** The two kinds of file, each knowing how to write itself, list and drop subjects' records. */
const FORMATS = {
  csv: {
    encode(columns: readonly string[], rows: readonly Row[], c: Campaign): string {
      const header = [SUBJECT, ...columns, 'content_ref'];
      const cells = rows.map((r) => [r[SUBJECT], ...columns.map((x) => r[x]), c.contentRef]);
      return spreadsheetCsv(header, cells, { bom: true });
    },
    subjects: (file: Buffer): string[] => csvColumn(file, SUBJECT) ?? [],
    drop(file: Buffer, ids: ReadonlySet<string>): Buffer | null {
      const r = dropCsvRecords(file, SUBJECT, ids);
      return r && r.dropped > 0 ? r.body : null;
    },
  },
  json: {
    encode(_columns: readonly string[], rows: readonly Row[], c: Campaign): string {
      return json(rows.map((r) => ({ ...r, template: c.contentRef, campaign: c.id })));
    },
    subjects: (file: Buffer): string[] => jsonRows(file).flatMap((r) => (r[SUBJECT] ? [r[SUBJECT]] : [])),
    drop(file: Buffer, ids: ReadonlySet<string>): Buffer | null {
      const rows = jsonRows(file);
      const kept = rows.filter((r) => !ids.has(r[SUBJECT] ?? ''));
      return kept.length < rows.length ? Buffer.from(json(kept)) : null;
    },
  },
} as const;

const json = (rows: readonly object[]) => `${JSON.stringify(rows, null, 1)}\n`;

/** A batch's rows; a JSON file that is not a list of rows is none of ours to change. */
function jsonRows(file: Buffer): Row[] {
  const parsed: unknown = JSON.parse(file.toString('utf8'));
  return Array.isArray(parsed) ? (parsed as Row[]) : [];
}

/**
 * The channel's columns and file kind, from the policy (src/policy/channels.ts): only the fields
 * its identity category declares (batchFieldsOf, the function `policy check` uses as well).
 */
function batchOf(policy: Policy, channel: string) {
  const declared = policy.communications?.channels.find((x) => x.id === channel);
  return {
    columns: batchFieldsOf(policy, declared).kept.map((f) => COLUMN[f]),
    ext: channelBatch(declared).reader === 'spreadsheet' ? 'csv' : 'json',
  } as const;
}

/** Writes the batch and returns its path relative to the data folder. */
export async function writeOutbound(d: Ctx, c: Campaign): Promise<string> {
  const { columns, ext } = batchOf(d.policy, c.channel);
  const dir = join(d.config.dataDir, 'outbound', c.id);
  const name = `${c.channel}.${ext}`;
  await makeFolder(dir);
  await d.db.transaction(
    async (tx) => {
      const rows = await selectBatch(tx, c, columns, stillContactableSql(d.policy, c), d.now());
      // Atomic: the integration picking the file up never reads half of it.
      await writeFileAtomic(join(dir, name), FORMATS[ext].encode(columns, rows, c), { mode: 0o600 });
    },
    { sharedLock: LOCKS.outbound },
  );
  return join('outbound', c.id, name);
}

/**
 * EN-11: an erasure takes this first. From then until it commits no batch is being written, and
 * every batch already written belongs to a send whose ledger it can read (campaignsOf).
 */
export async function holdBatches(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.outbound]);
}

/**
 * The campaigns whose batches may hold the subject. Read under holdBatches, before erasure
 * empties the ledger: read earlier, a send committing in between would escape the scrub.
 */
export function campaignsOf(tx: Queryable, subjectId: string): Promise<string[]> {
  return selectCampaignsOf(tx, subjectId);
}

/**
 * EN-11: removes the subject's records from every batch of these campaigns, leaving the rest of
 * each file byte for byte, and its time, so retention expires it on the day it would have.
 * Runs inside the erasure's transaction: a failure undoes the erasure rather than leave a copy.
 */
export async function scrubOutbound(
  tx: Queryable,
  dataDir: string,
  subjectId: string,
  campaigns: readonly string[],
): Promise<number> {
  // Held already by the erasure (holdBatches); taken again, never skipped, so no caller scrubs
  // beside a batch being written.
  await holdBatches(tx);
  const ids = new Set([subjectId]);
  let scrubbed = 0;
  for (const campaign of campaigns) {
    const dir = join(dataDir, 'outbound', campaign);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (await scrubFile(join(dir, name), ids)) scrubbed++;
  }
  return scrubbed;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A batch holds only people whose communication is still on the ledger: when retention removes
 * a communication, or a whole subject whose identification expired, their records leave the
 * batches too, as on erasure. Returns the records removed (or, on a dry run, to remove).
 */
export async function dropDeparted(db: Db, dataDir: string, dryRun: boolean): Promise<number> {
  const root = join(dataDir, 'outbound');
  const dirs = await readdir(root, { withFileTypes: true }).catch(() => []);
  let dropped = 0;
  for (const campaign of dirs) {
    if (!campaign.isDirectory() || !UUID.test(campaign.name)) continue;
    const dir = join(root, campaign.name);
    dropped += await db.transaction(async (tx) => {
      await holdBatches(tx);
      let n = 0;
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const path = join(dir, name);
        const held = formatOf(path)?.subjects(await readFile(path)) ?? [];
        if (held.length === 0) continue;
        const still = await selectStillSent(tx, campaign.name, held);
        const gone = new Set(held.filter((id) => !still.has(id)));
        n += gone.size;
        if (gone.size > 0 && !dryRun) await scrubFile(path, gone);
      }
      return n;
    });
  }
  return dropped;
}

const formatOf = (path: string) =>
  FORMATS[extname(path).slice(1) as keyof typeof FORMATS] as
    | (typeof FORMATS)[keyof typeof FORMATS]
    | undefined;

async function scrubFile(path: string, ids: ReadonlySet<string>): Promise<boolean> {
  const format = formatOf(path);
  if (!format) return false;
  const before = await stat(path);
  const body = format.drop(await readFile(path), ids);
  if (!body) return false;
  await writeFileAtomic(path, body, { mode: before.mode & 0o777 });
  await utimes(path, before.atime, before.mtime);
  return true;
}
