// A sent campaign's outbound batch, read through the API (EN-8: exactly the file outbound.ts
// wrote for the processor, which holds only what the channel needs). Streamed, never logged.
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { LOCKS } from '../platform/db/locks.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import type { Campaign } from './campaigns.ts';

const TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Opens the batch of a sent campaign: its stream, media type and a download name. Opened under
 * the outbound lock, shared (EN-11): an erasure scrubbing batches holds it exclusively, so the
 * file opened is the one before or after a scrub, never one being written; an erasure that
 * commits while the stream runs scrubs the file on disk for every later download.
 * 409 CAMPAIGN_NOT_SENT before the send wrote it; 404 CAMPAIGN_NOT_FOUND when retention removed it.
 */
export async function openBatch(
  d: Pick<Deps, 'db' | 'config'>,
  c: Campaign,
): Promise<{ stream: Readable; type: string; name: string }> {
  const file = c.result?.file;
  if (c.status !== 'sent' || !file) throw new GardeError('CAMPAIGN_NOT_SENT');
  const ext = file.slice(file.lastIndexOf('.'));
  const type = TYPES[ext];
  if (!type) throw new GardeError('CAMPAIGN_NOT_SENT');
  const handle = await d.db.transaction(
    async () =>
      open(join(d.config.dataDir, file), 'r').catch(() => {
        throw new GardeError('CAMPAIGN_NOT_FOUND', 'The batch of this campaign is no longer kept');
      }),
    { sharedLock: LOCKS.outbound },
  );
  return { stream: handle.createReadStream(), type, name: `${c.id}-${basename(file)}` };
}
