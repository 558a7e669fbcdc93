// A sent campaign's outbound batch, read through the API (EN-8: exactly the file outbound.ts
// wrote for the processor, which holds only what the channel needs). Streamed, never logged.
// EN-8, BK-15: a download is a disclosure to the processor the channel's batch names: who may
// make it is the policy's answer (batchRecipient), and each is audited with the file's digest.
import { createHash } from 'node:crypto';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { appendAudit } from '../audit/store.ts';
import { disclosure } from '../decide/decide.ts';
import { explain, type ReasonCode } from '../decide/reasons.ts';
import type { Principal } from '../keys/model.ts';
import { recipientOf } from '../keys/scopes.ts';
import { digestOf } from '../platform/crypto.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Keyset, type Page, type PageRequest, paged } from '../platform/pagination.ts';
import type { Policy } from '../policy/schema.ts';
import { batchFieldsOf, grantedFieldNames } from '../subjects/identity-fields.ts';
import { readerWords, type Words } from '../words/words.ts';
import type { Campaign } from './campaigns.ts';

const TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** Roles that may always download a batch: they answer for every disclosure (and hand over one no processor is named for). */
const OVERSIGHT = new Set(['dpo', 'admin']);

/** The processor a processor's key acts for (`recipient:<id>`); ROLE_FORBIDDEN when it names none. */
function ownProcessor(principal: Pick<Principal, 'scopes'>): string {
  const own = recipientOf(principal.scopes);
  if (!own)
    throw new GardeError('ROLE_FORBIDDEN', 'a processor key names its processor in a "recipient:<id>" scope');
  return own;
}

/**
 * EN-8, BK-15: the processor a download of this campaign's batch discloses to, or null for the
 * DPO's or an admin's own hand-over. The channel's batch names the processor (`batch.recipient`);
 * a marketer may download it for that processor, a processor key only when its
 * `recipient:<id>` scope names it; either way the decision point must let that processor receive
 * the batch's fields for the campaign's purpose. The DPO and an admin may always.
 * 403 CAMPAIGN_BATCH_NO_RECIPIENT (the policy names none), CAMPAIGN_BATCH_REFUSED (the decision
 * point refuses, `reasons`), ROLE_FORBIDDEN (a processor key acting for another, or for none).
 */
export function batchRecipient(
  policy: Policy,
  c: Campaign,
  principal: Pick<Principal, 'role' | 'scopes'>,
  words: Words = readerWords(policy),
): string | null {
  const channel = policy.communications?.channels.find((x) => x.id === c.channel);
  const named = channel?.batch?.recipient;
  const oversight = OVERSIGHT.has(principal.role);
  if (principal.role === 'processor') {
    const own = ownProcessor(principal);
    if (own !== named) throw new GardeError('ROLE_FORBIDDEN', `this batch is not for processor "${own}"`);
  } else if (!named) {
    if (oversight) return null;
    throw new GardeError(
      'CAMPAIGN_BATCH_NO_RECIPIENT',
      `the policy names no processor for the batch of channel "${c.channel}": the DPO or an administrator hands it over`,
    );
  }
  const { reasons: refused } = batchHandOver(policy, c);
  if (refused.length === 0) return named ?? null;
  if (oversight) return null;
  throw new GardeError(
    'CAMPAIGN_BATCH_REFUSED',
    `the policy does not disclose the batch of channel "${c.channel}" to processor "${named}" for purpose "${c.purpose}": ${refused.map((x) => explain(x, words)).join('; ')}`,
    {
      recipient: named,
      purpose: c.purpose,
      reasons: refused.map((code) => ({ code, text: explain(code, words) })),
      language: words.language,
    },
  );
}

/** Whether a campaign's batch can be handed to its processor, as the preview tells it. */
export type BatchHandOver = {
  /** The processor the policy names for the channel's batch, or null (then the DPO's alone). */
  recipient: string | null;
  /** A marketer or the processor's key may download it: the policy names one and discloses to it. */
  allowed: boolean;
  /** The decision point's reason codes when it refuses that processor the batch (docs/decide.md). */
  reasons: ReasonCode[];
};

/**
 * EN-8, BK-15: whether the decision point lets the processor the policy names for the channel's
 * batch receive the batch's fields for the campaign's purpose: what batchRecipient enforces at
 * download, known before the send (the preview's `batch`). Pure.
 */
export function batchHandOver(policy: Policy, c: Pick<Campaign, 'channel' | 'purpose'>): BatchHandOver {
  const channel = policy.communications?.channels.find((x) => x.id === c.channel);
  const named = channel?.batch?.recipient;
  if (!named) return { recipient: null, allowed: false, reasons: [] };
  const recipient = policy.recipients.find((r) => r.id === named);
  const fields = grantedFieldNames(recipient?.fields ?? [], batchFieldsOf(policy, channel).kept);
  const reasons = disclosure(policy, { purpose: c.purpose, recipient: named, fields });
  return { recipient: named, allowed: reasons.length === 0, reasons };
}

export type OpenedBatch = { stream: Readable; type: string; name: string };

/**
 * Opens the batch of a sent campaign for `reader` and audits the download as a disclosure to
 * the processor it is for (batchRecipient; none for the DPO's own hand-over): the campaign, its
 * channel, the recipient, the file's SHA-256 and size go into the entry's digest and, readable,
 * its `detail` (ids and the file's digest, never a byte of the file). A HEAD request is checked
 * the same way but neither reads nor audits the file: nothing is disclosed. Opened under the
 * outbound lock, shared (EN-11): an erasure scrubbing batches holds it exclusively, so the file opened is the one before or after a scrub, never one being
 * written; the digest and the stream read the same opened file. 403 as batchRecipient says;
 * 409 CAMPAIGN_NOT_SENT before the send wrote it; 404 CAMPAIGN_NOT_FOUND when retention removed it.
 */
export async function openBatch(
  d: Pick<Deps, 'db' | 'config' | 'policy' | 'now'>,
  c: Campaign,
  reader: {
    principal: Pick<Principal, 'role' | 'scopes'>;
    actor: string;
    words?: Words;
    /** A HEAD request: the same checks and answer, but no byte is sent, so nothing is disclosed or audited. */
    head?: boolean;
  },
): Promise<OpenedBatch> {
  const recipient = batchRecipient(d.policy, c, reader.principal, reader.words);
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
  const name = fileName(d.policy, c, file);
  if (reader.head) {
    await handle.close();
    return { stream: Readable.from([]), type, name };
  }
  try {
    const { sha256, bytes } = await digestFile(handle);
    const disclosed = { campaign: c.id, channel: c.channel, recipient, sha256, bytes };
    // The ids are no one's personal data: readable in the trail; the digest proves the file.
    const detail: Record<string, string> = { campaign: c.id, channel: c.channel };
    if (recipient) detail.recipient = recipient;
    await appendAudit(
      d.db,
      {
        actor: reader.actor,
        action: 'campaign.batch.disclose',
        changeDigest: digestOf(disclosed),
        detail: { ...detail, sha256, bytes: String(bytes) },
      },
      d.now(),
    );
  } catch (err) {
    await handle.close();
    throw err;
  }
  return { stream: handle.createReadStream({ start: 0 }), type, name };
}

/**
 * `<campaign>-<channel>-<recipient>.<csv|json>`: the processor the policy names for the batch
 * (the one it is handed to), so a file saved among others says whose it is; without one,
 * `<campaign>-<channel>.<ext>`.
 */
function fileName(policy: Policy, c: Pick<Campaign, 'id' | 'channel'>, file: string): string {
  const named = policy.communications?.channels.find((x) => x.id === c.channel)?.batch?.recipient;
  const base = basename(file);
  const dot = base.lastIndexOf('.');
  return `${c.id}-${base.slice(0, dot)}${named ? `-${named}` : ''}${base.slice(dot)}`;
}

const CHUNK = 1 << 20;

/** The SHA-256 and size of an open file, read by position (the stream after it starts at 0). */
async function digestFile(handle: FileHandle): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(CHUNK);
  let bytes = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, bytes);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    bytes += bytesRead;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export const BATCHES: Keyset = { list: 'batches', parts: ['time', 'uuid'] };

/** A sent campaign's batch as its processor finds it: where to fetch it and what it is. */
export type BatchListing = {
  campaign: string;
  channel: string;
  /** The processor the policy names for the channel's batch, or null (the DPO's to hand over). */
  recipient: string | null;
  sentAt: Date;
  /** The name the download gives the file (`<campaign>-<channel>-<recipient>.<ext>`). */
  file: string;
  /** Its size in bytes now, or null when retention removed it. */
  bytes: number | null;
  /** GET it here (`/v1/campaigns/{id}/batch`); each download is audited as a disclosure. */
  href: string;
};

/**
 * EN-8, BK-15: the sent campaigns' batches, newest first, a keyset page at a time. For a
 * processor's key, only those whose channel's batch names its own processor (`recipient:<id>`;
 * ROLE_FORBIDDEN for another or none); for the marketer, the DPO or an admin, those of
 * `recipient` when given, else every batch. Lists no byte of any file: fetching one is the
 * audited disclosure.
 */
export async function listBatches(
  d: Pick<Deps, 'db' | 'config' | 'policy' | 'sealer'>,
  principal: Pick<Principal, 'role' | 'scopes'>,
  req: PageRequest & { recipient?: string },
): Promise<Page<BatchListing>> {
  let recipient = req.recipient;
  if (principal.role === 'processor') {
    const own = ownProcessor(principal);
    if (recipient !== undefined && recipient !== own)
      throw new GardeError('ROLE_FORBIDDEN', `these batches are not for processor "${own}"`);
    recipient = own;
  }
  const channels = d.policy.communications?.channels ?? [];
  const named = new Map(channels.map((c) => [c.id, c.batch?.recipient ?? null]));
  const only =
    recipient === undefined
      ? null
      : channels.filter((c) => c.batch?.recipient === recipient).map((c) => c.id);
  return paged({ sealer: d.sealer, scope: recipient ?? '' }, BATCHES, req, async (after, limit) => {
    const r = await d.db.query<{
      id: string;
      channel: string;
      sent_at: Date;
      result: { file?: string } | null;
      at: string;
    }>(
      `SELECT id, channel, sent_at, result, ${exactTime('sent_at')} AS at FROM campaigns
       WHERE status = 'sent' AND result ->> 'file' IS NOT NULL AND ($2::text[] IS NULL OR channel = ANY($2))
         AND ${afterKey(BATCHES, ['sent_at', 'id'], 'desc', 3)}
       ORDER BY sent_at DESC, id DESC LIMIT $1`,
      [limit, only, ...keyParams(BATCHES, after)],
    );
    return Promise.all(
      r.rows.map(async (x) => {
        const file = x.result?.file as string;
        const size = await stat(join(d.config.dataDir, file)).then(
          (s) => s.size,
          () => null,
        );
        const item: BatchListing = {
          campaign: x.id,
          channel: x.channel,
          recipient: named.get(x.channel) ?? null,
          sentAt: x.sent_at,
          file: fileName(d.policy, { id: x.id, channel: x.channel }, file),
          bytes: size,
          href: `/v1/campaigns/${x.id}/batch`,
        };
        return { item, key: [x.at, x.id] };
      }),
    );
  });
}
