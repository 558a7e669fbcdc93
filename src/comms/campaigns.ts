// Campaigns: a marketer defines an audience and a message; the preview counts who is eligible
// and who is suppressed, per reason, before anything is sent; the send reserves cap slots and
// writes the ledger set-wise, in one transaction, then writes the outbound batch.
import { appendAudit } from '../audit/store.ts';
import { decide } from '../decide/decide.ts';
import { explain, type ReasonCode } from '../decide/reasons.ts';
import type { SubjectState } from '../decide/types.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
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
};
export type Campaign = CampaignInput & {
  id: string;
  status: 'draft' | 'sending' | 'sent';
  createdBy: string;
  createdAt: Date;
  sentAt: Date | null;
  result: CampaignCounts | null;
};
export type CampaignCounts = {
  audience: number;
  eligible: number;
  sent?: number;
  suppressed: Record<string, number>;
  file?: string;
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
    `INSERT INTO campaigns (name, purpose, channel, message_class, sender, domain, subscription, content_ref, audience, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
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
  created_by: string;
  created_at: Date;
  sent_at: Date | null;
  result: CampaignCounts | null;
};

export async function getCampaign(d: { db: Queryable }, id: string): Promise<Campaign> {
  const r = await d.db.query<Row>('SELECT * FROM campaigns WHERE id = $1', [id]);
  const x = r.rows[0];
  if (!x) throw new GardeError('CAMPAIGN_NOT_FOUND');
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
    createdBy: x.created_by,
    createdAt: x.created_at,
    sentAt: x.sent_at,
    result: x.result,
  };
}

/** BK-7: the cap's rolling window length, or null (a calendar window, or no cap). */
function rollingWindow(d: Ctx): string | null {
  const cap = d.policy.communications?.cap;
  return cap ? rollingWindowOf(cap) : null;
}

/** The audience statement's parameters ($1..$8, see audienceSql), each typed there. */
function parameters(d: Ctx, c: Campaign, now: Date, counted: boolean) {
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
  const now = d.now();
  const c = await getCampaign(d, id);
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
  const counts = await d.db.transaction(async (tx) => {
    // The claim is in the transaction: a failed send leaves a draft; a second sender waits on
    // the row, then finds it sent.
    const claimed = await tx.query(
      "UPDATE campaigns SET status = 'sending' WHERE id = $1 AND status = 'draft'",
      [id],
    );
    if (claimed.rowCount === 0) throw new GardeError('CAMPAIGN_SENT');
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
    await tx.query("UPDATE campaigns SET status = 'sent', sent_at = $2, result = $3 WHERE id = $1", [
      id,
      now,
      JSON.stringify(result),
    ]);
    await appendAudit(tx, { actor, action: 'campaign.send', changeDigest: digestOf({ id, result }) }, now);
    return result;
  });
  counts.file = await writeOutbound(d, c);
  await d.db.query('UPDATE campaigns SET result = $2 WHERE id = $1', [id, JSON.stringify(counts)]);
  return counts;
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
