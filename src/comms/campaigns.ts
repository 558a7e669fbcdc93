// Campaigns: a marketer defines an audience and a message; the preview counts who is eligible
// and who is suppressed, per reason, before anything is sent; the send reserves cap slots and
// writes the ledger set-wise, in one transaction, then writes the outbound batch.
import { appendAudit } from '../audit/store.ts';
import { decide } from '../decide/decide.ts';
import { explain, type ReasonCode } from '../decide/reasons.ts';
import type { SubjectState } from '../decide/types.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Keyset, type Page, type PageRequest, paged } from '../platform/pagination.ts';
import type { Lifecycle } from '../policy/schema.ts';
import { readerWords, type Words } from '../words/words.ts';
import { audienceSql } from './audience.ts';
import { countsTowardCap, ledgerWindow, messageClass, rollingStart, rollingWindowOf } from './model.ts';
import { writeOutbound } from './outbound.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now' | 'config'>;

export type Audience = { lifecycles?: Lifecycle[]; holdings?: string[]; themes?: string[] };
export type CampaignInput = {
  name: string;
  purpose: string;
  channel: string;
  messageClass: string;
  sender?: string;
  domain?: string;
  /** BK-8: for a class that rests on a subscription, which one (only its subscribers get it). */
  subscription?: string;
  contentRef: string;
  audience: Audience;
  /**
   * BK-7: when several campaigns wait to be sent in one cap window, the higher priority (0-100)
   * is sent first and so takes the person's slot; equal priorities: first queued, first sent.
   * A message already sent keeps its slot whatever the priority of a later campaign.
   */
  priority?: number;
};
export type Campaign = CampaignInput & {
  id: string;
  status: CampaignStatus;
  priority: number;
  createdBy: string;
  createdAt: Date;
  queuedAt: Date | null;
  sentAt: Date | null;
  /** The send's progress: people judged of the audience; total is known once the job started. */
  progress: { processed: number; total: number | null } | null;
  result: CampaignCounts | null;
};
export const CAMPAIGN_STATUSES = ['draft', 'queued', 'sending', 'sent'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type CampaignCounts = {
  audience: number;
  eligible: number;
  sent?: number;
  suppressed: Record<string, number>;
  file?: string;
};
/**
 * BK-7, the preview's arbitration: of the people whose slot is full, how many lost it to each
 * campaign already sent in the window (with its priority), and how many to messages sent
 * outside any campaign (one-to-one contacts, overrides) or to others at their mailbox.
 */
export type CapArbitration = {
  takenBy: { campaign: string; name: string; priority: number; subjects: number }[];
  usedOtherwise: number;
};

/**
 * What can be refused for the whole campaign, before looking at anyone: decide() on a person
 * for whom nothing per-subject stands in the way, so only the campaign's own choices remain.
 */
function staticReasons(d: Ctx, c: CampaignInput): ReasonCode[] {
  const purpose = d.policy.purposes.find((p) => p.id === c.purpose);
  const consents = Object.fromEntries(d.policy.purposes.map((p) => [p.id, 'given' as const]));
  const state: SubjectState = {
    lifecycle: purpose?.lifecycles?.[0] ?? 'customer',
    controller: 'self',
    contractEndedOn: null,
    lastContactAt: null,
    consents,
    objections: [],
    restrictions: [],
    subscriptions: (d.policy.subscriptions ?? []).map((s) => s.id),
  };
  // A campaign reaches people outside any session: it cannot use channels that need a login.
  const decision = decide(d.policy, state, { ...c, action: 'contact', identifiedSession: false }, d.now());
  return decision.allow ? [] : decision.reasons;
}

/** Defines a campaign; a refusal's reasons are in `words`' language (the problem says which). */
export async function createCampaign(
  d: Ctx,
  input: CampaignInput,
  actor: string,
  words: Words = readerWords(d.policy),
): Promise<Campaign> {
  const reasons = staticReasons(d, input);
  if (reasons.length > 0) {
    throw new GardeError('CAMPAIGN_INVALID', explain(reasons[0] as ReasonCode, words), {
      reasons: reasons.map((code) => ({ code, text: explain(code, words) })),
      language: words.language,
    });
  }
  const r = await d.db.query<{ id: string }>(
    `INSERT INTO campaigns (name, purpose, channel, message_class, sender, domain, subscription, content_ref, audience, created_by, created_at, priority)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      input.name,
      input.purpose,
      input.channel,
      input.messageClass,
      input.sender ?? null,
      input.domain ?? null,
      input.subscription ?? null,
      input.contentRef,
      JSON.stringify(input.audience),
      actor,
      d.now(),
      input.priority ?? 0,
    ],
  );
  return getCampaign(d, (r.rows[0] as { id: string }).id);
}

type Row = {
  id: string;
  name: string;
  purpose: string;
  channel: string;
  message_class: string;
  sender: string | null;
  domain: string | null;
  subscription: string | null;
  content_ref: string;
  audience: Audience;
  status: Campaign['status'];
  priority: number;
  created_by: string;
  created_at: Date;
  queued_at: Date | null;
  sent_at: Date | null;
  processed: number | null;
  total: number | null;
  result: CampaignCounts | null;
};

export async function getCampaign(d: { db: Queryable }, id: string): Promise<Campaign> {
  const r = await d.db.query<Row>('SELECT * FROM campaigns WHERE id = $1', [id]);
  const x = r.rows[0];
  if (!x) throw new GardeError('CAMPAIGN_NOT_FOUND');
  return toCampaign(x);
}

function toCampaign(x: Row): Campaign {
  return {
    id: x.id,
    name: x.name,
    purpose: x.purpose,
    channel: x.channel,
    messageClass: x.message_class,
    ...(x.sender ? { sender: x.sender } : {}),
    ...(x.domain ? { domain: x.domain } : {}),
    ...(x.subscription ? { subscription: x.subscription } : {}),
    contentRef: x.content_ref,
    audience: x.audience,
    status: x.status,
    priority: x.priority,
    createdBy: x.created_by,
    createdAt: x.created_at,
    queuedAt: x.queued_at,
    sentAt: x.sent_at,
    progress: x.processed === null ? null : { processed: x.processed, total: x.total },
    result: x.result,
  };
}

export const CAMPAIGNS: Keyset = { list: 'campaigns', parts: ['time', 'uuid'] };
export type CampaignFilter = { status?: CampaignStatus; purpose?: string; channel?: string };

/** The campaigns, newest first, a page at a time, filtered by status, purpose and channel. */
export async function listCampaigns(
  d: Pick<Deps, 'db' | 'sealer'>,
  filter: CampaignFilter,
  req: PageRequest,
): Promise<Page<Campaign>> {
  return paged({ sealer: d.sealer }, CAMPAIGNS, req, async (after, limit) => {
    const r = await d.db.query<Row & { at: string }>(
      `SELECT *, ${exactTime('created_at')} AS at FROM campaigns
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR purpose = $2) AND ($3::text IS NULL OR channel = $3)
         AND ${afterKey(CAMPAIGNS, ['created_at', 'id'], 'desc', 5)}
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [
        filter.status ?? null,
        filter.purpose ?? null,
        filter.channel ?? null,
        limit,
        ...keyParams(CAMPAIGNS, after),
      ],
    );
    return r.rows.map((x) => ({ item: toCampaign(x), key: [x.at, x.id] }));
  });
}

/** BK-7: the cap's rolling window length, or null (a calendar window, or no cap). */
export function rollingWindow(d: Ctx): string | null {
  const cap = d.policy.communications?.cap;
  return cap ? rollingWindowOf(cap) : null;
}

/** The audience statement's parameters ($1..$8, see audienceSql), each typed there. */
export function parameters(d: Ctx, c: Campaign, now: Date, counted: boolean) {
  const cap = d.policy.communications?.cap;
  const rolling = rollingWindow(d);
  return [
    now,
    c.purpose,
    c.audience.lifecycles ?? null,
    c.audience.holdings ?? null,
    c.audience.themes ?? null,
    rolling ? rollingStart(rolling, now) : ledgerWindow(d.policy, now),
    cap?.max ?? 0,
    counted,
  ];
}

/** Eligible and suppressed counts per reason; writes nothing. */
export async function previewCampaign(d: Ctx, id: string): Promise<CampaignCounts> {
  const c = await getCampaign(d, id);
  const counted = countsTowardCap(d.policy, c.messageClass);
  const r = await d.db.query<{ reason: string | null; n: number }>(
    `SELECT reason, count(*)::int AS n FROM (${audienceSql(d.policy, c)}) judged GROUP BY reason`,
    parameters(d, c, d.now(), counted),
  );
  return tally(r.rows);
}

function tally(rows: { reason: string | null; n: number }[]): CampaignCounts {
  const suppressed: Record<string, number> = {};
  let eligible = 0;
  let audience = 0;
  for (const row of rows) {
    audience += row.n;
    if (row.reason === null) eligible += row.n;
    else suppressed[row.reason] = (suppressed[row.reason] ?? 0) + row.n;
  }
  return { audience, eligible, suppressed };
}

/**
 * Sends once: claims the campaign, then in one statement judges the audience, reserves a cap
 * slot for each eligible subject (the conditional upsert refuses the full ones even under
 * concurrent senders) and writes a ledger entry for each reserved one. A rolling window has no
 * counter to upsert: a statement before locks the eligible people (lockEligible), and the send
 * counts their ledger and reaches only those it locked.
 */
export async function sendCampaign(d: Ctx, id: string, actor: string): Promise<CampaignCounts> {
  // The claim is in the transaction: a failed send leaves a draft; a second sender waits on
  // the row, then finds it sent.
  return send(d, actor, async (tx) => {
    const claimed = await tx.query(
      "UPDATE campaigns SET status = 'sending' WHERE id = $1 AND status IN ('draft', 'queued')",
      [id],
    );
    if (claimed.rowCount === 0) throw new GardeError('CAMPAIGN_SENT');
    return id;
  });
}

/**
 * BK-7, the send job: sends the head of the queue (highest priority, then first queued), under
 * the queue's lock so queued campaigns take slots one at a time in that order, whichever process
 * runs the job. Returns the campaign sent, or null when none waits.
 */
export async function sendNextQueued(d: Ctx): Promise<string | null> {
  let sent: string | null = null;
  await send(d, null, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.campaignQueue]);
    const head = await tx.query<{ id: string; queued_by: string }>(
      `UPDATE campaigns SET status = 'sending' WHERE id = (
         SELECT id FROM campaigns WHERE status = 'queued' ORDER BY priority DESC, queued_at, id LIMIT 1)
       RETURNING id, queued_by`,
    );
    const row = head.rows[0];
    sent = row?.id ?? null;
    return row ? { id: row.id, actor: row.queued_by } : null;
  });
  return sent;
}

type Claim = (tx: Queryable) => Promise<string | { id: string; actor: string } | null>;

async function send(d: Ctx, by: string | null, claim: Claim): Promise<CampaignCounts> {
  const now = d.now();
  let c: Campaign | undefined;
  const counts = await d.db.transaction(async (tx) => {
    const claimed = await claim(tx);
    if (claimed === null) return null;
    const id = typeof claimed === 'string' ? claimed : claimed.id;
    const actor = typeof claimed === 'string' ? (by as string) : claimed.actor;
    c = await getCampaign({ db: tx }, id);
    return sendClaimed(d, tx, c, actor, now);
  });
  if (counts === null || !c) return { audience: 0, eligible: 0, suppressed: {} };
  counts.file = await writeOutbound(d, c);
  await d.db.query('UPDATE campaigns SET result = $2 WHERE id = $1', [c.id, JSON.stringify(counts)]);
  return counts;
}

/** The claimed campaign's send, in the claim's transaction; see sendCampaign. */
async function sendClaimed(
  d: Ctx,
  tx: Queryable,
  c: Campaign,
  actor: string,
  now: Date,
): Promise<CampaignCounts> {
  const id = c.id;
  const cls = messageClass(d.policy, c.messageClass);
  const counted = countsTowardCap(d.policy, c.messageClass);
  const params = parameters(d, c, now, counted);
  const rolling = counted && rollingWindow(d) !== null;
  const reserve = !counted
    ? 'SELECT subject_id FROM judged WHERE reason IS NULL'
    : rolling
      ? 'SELECT subject_id FROM judged WHERE reason IS NULL AND subject_id = ANY($18::uuid[])'
      : `INSERT INTO cap_usage (subject_id, window_key, used) SELECT subject_id, $6, 1 FROM judged WHERE reason IS NULL
       ON CONFLICT (subject_id, window_key) DO UPDATE SET used = cap_usage.used + 1 WHERE cap_usage.used < $7 RETURNING subject_id`;
  // The ledger's period: $6 itself, but for a rolling window, whose $6 is where it starts.
  const label = rolling ? '$17::text' : '$6';
  {
    await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [LOCKS.gate]);
    const locked = rolling ? [ledgerWindow(d.policy, now), await lockEligible(d, tx, c, params)] : [];
    const r = await tx.query<{ reason: string | null; n: number }>(
      `WITH judged AS (${audienceSql(d.policy, c)}),
       reserved AS (${reserve}),
       sent AS (
         INSERT INTO communications (subject_id, purpose, channel, message_class, commercial, counted, window_key, sender, content_ref, actor, sent_at, campaign_id, subscription)
         SELECT subject_id, $2, $9::text, $10::text, $11::boolean, $8, ${label}, $12::text, $13::text, $14::text, $1, $15::uuid, $16::text FROM reserved RETURNING subject_id
       )
       SELECT reason, count(*)::int AS n FROM judged WHERE reason IS NOT NULL GROUP BY reason
       UNION ALL SELECT 'cap.reached', (SELECT count(*)::int FROM judged WHERE reason IS NULL) - (SELECT count(*)::int FROM sent)
       UNION ALL SELECT NULL, count(*)::int FROM sent`,
      [
        ...params,
        c.channel,
        c.messageClass,
        cls?.commercial ?? true,
        c.sender ?? null,
        c.contentRef,
        actor,
        c.id,
        c.subscription ?? null,
        ...locked,
      ],
    );
    const result = tally(r.rows.filter((x) => x.n > 0));
    result.sent = result.eligible;
    await tx.query(
      "UPDATE campaigns SET status = 'sent', sent_at = $2, result = $3, processed = $4, total = $4 WHERE id = $1",
      [id, now, JSON.stringify(result), result.audience],
    );
    await appendAudit(tx, { actor, action: 'campaign.send', changeDigest: digestOf({ id, result }) }, now);
    return result;
  }
}

/**
 * BK-7, rolling window: locks the people the audience finds eligible now (store.ts
 * lockCapHolders: row locks in id order, a statement of their own so the send that follows
 * counts with a snapshot taken after every lock was granted). Returns their ids.
 */
async function lockEligible(d: Ctx, tx: Queryable, c: Campaign, params: unknown[]): Promise<string[]> {
  const r = await tx.query<{ id: string }>(
    `SELECT s.id FROM subjects s
     WHERE s.id IN (SELECT subject_id FROM (${audienceSql(d.policy, c)}) judged WHERE reason IS NULL)
     ORDER BY s.id FOR NO KEY UPDATE`,
    params,
  );
  return r.rows.map((x) => x.id);
}
