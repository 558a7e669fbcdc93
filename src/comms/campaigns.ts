// Campaigns: a marketer defines an audience and a message; the preview counts who is eligible
// and who is suppressed, per reason, before anything is sent; the send reserves cap slots and
// writes the ledger set-wise, a chunk of subjects per transaction, then writes the outbound batch.
import { appendAudit } from '../audit/store.ts';
import { decide } from '../decide/decide.ts';
import { explain, type ReasonCode } from '../decide/reasons.ts';
import type { SubjectState } from '../decide/types.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/index.ts';
import { afterKey, exactTime, keyParams } from '../platform/db/keyset.ts';
import { LOCKS } from '../platform/db/locks.ts';
import type { Deps } from '../platform/deps.ts';
import { type FieldError, fieldErrors, GardeError } from '../platform/errors.ts';
import { type Keyset, type Page, type PageRequest, paged } from '../platform/pagination.ts';
import type { Lifecycle } from '../policy/schema.ts';
import { readerWords, type Words } from '../words/words.ts';
import { audienceSql } from './audience.ts';
import { countsTowardCap, ledgerWindow, messageClass, rollingStart, rollingWindowOf } from './model.ts';
import { writeOutbound } from './outbound.ts';
import { DUE, SEND_LEASE_MS, type SendFailure, setBack } from './send-failures.ts';

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
  /** BK-7: why the send job last put it back to draft (send-failures.ts); null once queued again. */
  sendFailure: SendFailure | null;
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
 * outside any campaign (one-to-one contacts, overrides) or to others at their mailbox; and
 * what it would lose to campaigns still waiting in the queue that the job sends first.
 */
export type CapArbitration = {
  takenBy: { campaign: string; name: string; priority: number; subjects: number }[];
  usedOtherwise: number;
  /** Campaigns still waiting to be sent that go first, and how many of this one's people they reach too. */
  queued: { campaign: string; name: string; priority: number; subjects: number }[];
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

/**
 * 422 CAMPAIGN_INVALID unless the policy in force allows the campaign whoever its audience: it
 * still declares its purpose, channel and class (a policy changed since it was defined may not),
 * and decide() refuses none of its own choices. Checked when it is defined and before each send.
 */
export function checkCampaign(d: Ctx, c: CampaignInput, words: Words = readerWords(d.policy)): void {
  checkDeclared(d, c, words);
  const reasons = staticReasons(d, c);
  if (reasons.length > 0) {
    throw new GardeError('CAMPAIGN_INVALID', explain(reasons[0] as ReasonCode, words), {
      reasons: reasons.map((code) => ({ code, text: explain(code, words) })),
      language: words.language,
    });
  }
}

/**
 * 422 CAMPAIGN_INVALID unless the policy in force still declares the campaign's purpose, channel
 * and class: without them its audience cannot be judged (a preview, the people left out).
 */
export function checkDeclared(
  d: Pick<Ctx, 'policy'>,
  c: Pick<CampaignInput, 'purpose' | 'channel' | 'messageClass'>,
  words: Words = readerWords(d.policy),
): void {
  const comms = d.policy.communications;
  const declared: [string, string, { id: string }[]][] = [
    ['purpose', c.purpose, d.policy.purposes],
    ['channel', c.channel, comms?.channels ?? []],
    ['message class', c.messageClass, comms?.messageClasses ?? []],
  ];
  for (const [kind, id, list] of declared)
    if (!list.some((x) => x.id === id))
      throw new GardeError('CAMPAIGN_INVALID', `the policy in force declares no ${kind} "${id}"`, {
        reasons: [],
        language: words.language,
      });
}

/**
 * 422 CAMPAIGN_INVALID unless the policy in force still allows what the campaign is about to do:
 * a draft or a queued campaign is judged whole, as its send will be (checkCampaign), so a preview
 * never counts people a send would refuse to reach; a campaign sending or sent only needs its
 * purpose, channel and class still declared (checkDeclared) to judge its audience now.
 */
export function checkStillAllowed(d: Ctx, c: Campaign, words: Words = readerWords(d.policy)): void {
  if (c.status === 'draft' || c.status === 'queued') checkCampaign(d, c, words);
  else checkDeclared(d, c, words);
}

/** Each audience key that names policy ids, and the ids the policy in force declares for it. */
const AUDIENCE_IDS: Record<'holdings' | 'themes', { what: string; ids: (p: Ctx['policy']) => string[] }> = {
  holdings: { what: 'product', ids: (p) => (p.products ?? []).map((x) => x.id) },
  themes: { what: 'theme', ids: (p) => (p.themes ?? []).map((x) => x.id) },
};

/**
 * 400 REQUEST_INVALID unless every id the audience names is one the policy in force declares
 * (a product for `holdings`, a theme for `themes`): an unknown one would only match nobody, a
 * typo the preview would show as an empty audience. `errors` names each refused value by its
 * JSON pointer, `valid` the ids each refused field accepts.
 */
export function checkAudience(d: Pick<Ctx, 'policy'>, audience: Audience): void {
  const errors: FieldError[] = [];
  const valid: Record<string, string[]> = {};
  for (const [key, { what, ids }] of Object.entries(AUDIENCE_IDS)) {
    const declared = ids(d.policy);
    (audience[key as keyof typeof AUDIENCE_IDS] ?? []).forEach((id, i) => {
      if (declared.includes(id)) return;
      valid[`audience.${key}`] = declared;
      errors.push({
        in: 'body',
        path: `/audience/${key}/${i}`,
        message: declared.length
          ? `"${id}" is not a ${what} of the policy (one of: ${declared.join(', ')})`
          : `"${id}" is not a ${what} of the policy, which declares none`,
      });
    });
  }
  if (errors.length === 0) return;
  const problem = fieldErrors('REQUEST_INVALID', errors);
  throw new GardeError('REQUEST_INVALID', problem.detail, { errors, valid });
}

/** Defines a campaign; a refusal's reasons are in `words`' language (the problem says which). */
export async function createCampaign(
  d: Ctx,
  input: CampaignInput,
  actor: string,
  words: Words = readerWords(d.policy),
): Promise<Campaign> {
  checkAudience(d, input.audience);
  checkCampaign(d, input, words);
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
  send_failure: { code: string; message: string; reasons?: string[]; at: string } | null;
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
    // A failure recorded before `reasons` existed has none.
    sendFailure: x.send_failure
      ? { ...x.send_failure, reasons: x.send_failure.reasons ?? [], at: new Date(x.send_failure.at) }
      : null,
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

/**
 * Eligible and suppressed counts per reason; writes nothing. 422 CAMPAIGN_INVALID when the policy
 * in force no longer allows the draft (checkStillAllowed), its reasons in `words`' language.
 */
export async function previewCampaign(
  d: Ctx,
  id: string,
  words: Words = readerWords(d.policy),
): Promise<CampaignCounts> {
  const c = await getCampaign(d, id);
  checkStillAllowed(d, c, words);
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

/** People per chunk of a send: a range of this many subjects (by id), each its own transaction. */
export const SEND_CHUNK = 2000;

export type SendOptions = {
  /** Subjects per chunk (default SEND_CHUNK). */
  chunk?: number;
  /**
   * Called after each chunk but the last has committed, with the progress the campaign's row
   * now shows. A throw stops the send there, as a process dying would: sendCampaign leaves it
   * `sending` for the job to resume; in the job, it is a failure outside the campaign (setBack).
   */
  afterChunk?: (progress: { processed: number; total: number | null }) => Promise<void> | void;
};

/**
 * Sends once: claims the campaign, then sends it a chunk of subjects at a time (sendChunks), then
 * writes the outbound batch, whole. 409 CAMPAIGN_SENT when it is neither a draft nor queued (sent,
 * or being sent); 404 CAMPAIGN_NOT_FOUND.
 */
export async function sendCampaign(
  d: Ctx,
  id: string,
  actor: string,
  opts: SendOptions = {},
): Promise<CampaignCounts> {
  // A policy changed since the campaign was defined may no longer allow it: refused, still a draft.
  const c = await getCampaign(d, id);
  if (c.status === 'draft' || c.status === 'queued') checkCampaign(d, c);
  // The sender is noted as queued_by: a send cut short is resumed by the job, in their name. A
  // draft the job put back after some chunks (send-failures.ts) goes on after them.
  const claimed = await d.db.query(
    `UPDATE campaigns SET status = 'sending', queued_by = $2, send_failure = NULL, retry_at = $3,
       processed = CASE WHEN sent_through IS NULL THEN 0 ELSE processed END
     WHERE id = $1 AND status IN ('draft', 'queued')`,
    [id, actor, lease(d)],
  );
  if (claimed.rowCount === 0) {
    await getCampaign(d, id);
    throw new GardeError('CAMPAIGN_SENT');
  }
  try {
    return await send(d, id, actor, opts);
  } catch (err) {
    // Every chunk sent, the batch not written: the job writes it on its retry rule (setBack),
    // rather than at once, as it would resume a send cut short.
    if (err instanceof GardeError && err.code === 'CAMPAIGN_BATCH_NOT_WRITTEN') await setBack(d, id, err);
    // Cut short in this process: its lease is given up, so the job resumes the send at once.
    else await d.db.query(`UPDATE campaigns SET retry_at = NULL WHERE id = $1 AND status = 'sending'`, [id]);
    throw err;
  }
}

/**
 * BK-7, the send job: first resumes a send cut short (a campaign still `sending`), else claims
 * the head of the queue (highest priority, then first queued), under the queue's lock; so
 * queued campaigns take slots one at a time in that order, whichever process runs the job (two
 * processes on one campaign share its chunks, each chunk once: see sendChunks). A campaign
 * waiting out a retry (send-failures.ts) is passed over until its time. A send that fails does
 * not hold the queue: the campaign goes back to draft with the reason, or, for a failure outside
 * it, waits to be tried again (setBack). Returns the campaign and whether it was sent, or null
 * when none waits.
 */
export async function sendNextQueued(
  d: Ctx,
  opts: SendOptions = {},
): Promise<{ id: string; sent: boolean } | null> {
  const head = await d.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.campaignQueue]);
    // The outer conditions again: a request may claim the row between the pick and the update.
    const r = await tx.query<{ id: string; queued_by: string }>(
      `UPDATE campaigns SET status = 'sending', processed = COALESCE(processed, 0), retry_at = $2
       WHERE id = (
         SELECT id FROM campaigns WHERE status IN ('queued', 'sending') AND ${DUE}
         ORDER BY status = 'sending' DESC, priority DESC, queued_at NULLS FIRST, id LIMIT 1)
       AND status IN ('queued', 'sending') AND ${DUE}
       RETURNING id, queued_by`,
      [d.now(), lease(d)],
    );
    return r.rows[0] ?? null;
  });
  if (!head) return null;
  try {
    checkCampaign(d, await getCampaign(d, head.id));
    await send(d, head.id, head.queued_by, opts);
    return { id: head.id, sent: true };
  } catch (err) {
    await setBack(d, head.id, err);
    return { id: head.id, sent: false };
  }
}

/**
 * Past every subject id (a random uuid is never all f's): the campaign's `sent_through` once
 * every chunk is sent and only its batch remains to be written (finish).
 */
export const ALL_CHUNKS_SENT = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The end of a running send's hold on its campaign (SEND_LEASE_MS from now). */
const lease = (d: Pick<Ctx, 'now'>) => new Date(d.now().getTime() + SEND_LEASE_MS);

/**
 * Sends the claimed campaign's chunks, then finishes it (batch, then status). A campaign is
 * never `sent` without its batch: when the batch cannot be written the campaign stays `sending`,
 * every chunk kept, and this throws 503 CAMPAIGN_BATCH_NOT_WRITTEN, which the job's retry rule
 * treats as a failure outside the campaign (send-failures.ts: tried again later, no one twice).
 */
async function send(d: Ctx, id: string, actor: string, opts: SendOptions): Promise<CampaignCounts> {
  const sent = await sendChunks(d, id, actor, opts);
  // Another process finished it: its result (and its batch) are that process' to write.
  if (!sent) return (await getCampaign(d, id)).result ?? { audience: 0, eligible: 0, suppressed: {} };
  let file: string;
  try {
    file = await writeOutbound(d, sent.campaign);
  } catch {
    // Not the driver's or the file system's text: it may name a path or a value of a row.
    throw new GardeError('CAMPAIGN_BATCH_NOT_WRITTEN');
  }
  return finish(d, id, actor, { ...sent.counts, file });
}

/**
 * The send's last step, in one transaction once the batch is written: the campaign becomes
 * `sent` with its result and file, and the send is audited. Returns the result; when another
 * process finished it meanwhile, that one's.
 */
async function finish(d: Ctx, id: string, actor: string, counts: CampaignCounts): Promise<CampaignCounts> {
  const now = d.now();
  return d.db.transaction(async (tx) => {
    const r = await tx.query(
      `UPDATE campaigns SET status = 'sent', sent_at = $2, result = $3, processed = $4, total = $4, sent_through = NULL, tally = NULL,
         retry_at = NULL
       WHERE id = $1 AND status = 'sending' AND sent_through = $5::uuid`,
      [id, now, JSON.stringify(counts), counts.audience, ALL_CHUNKS_SENT],
    );
    if (r.rowCount === 0) return (await getCampaign({ db: tx }, id)).result ?? counts;
    await appendAudit(
      tx,
      { actor, action: 'campaign.send', changeDigest: digestOf({ id, result: counts }) },
      now,
    );
    return counts;
  });
}

type Sending = Row & { sent_through: string | null; tally: CampaignCounts | null };

/**
 * The claimed campaign's send, a chunk at a time: each chunk, in its own transaction, locks the
 * campaign's row (so two processes never send one chunk twice: the second reads where the
 * first stopped), judges the next range of subjects set-wise with the single send's locks and
 * conditional reservation (sendChunk), adds to the tally and moves sent_through and processed
 * on. After the last chunk sent_through is ALL_CHUNKS_SENT and the campaign still `sending`:
 * only its batch remains (send, finish), and a send resumed from there sends nobody again.
 * Returns the campaign and its counts, or null when another process finished it first.
 */
async function sendChunks(
  d: Ctx,
  id: string,
  actor: string,
  opts: SendOptions,
): Promise<{ campaign: Campaign; counts: CampaignCounts } | null> {
  const size = Math.max(1, opts.chunk ?? SEND_CHUNK);
  for (;;) {
    const step = await d.db.transaction(async (tx) => {
      const r = await tx.query<Sending>('SELECT * FROM campaigns WHERE id = $1 FOR UPDATE', [id]);
      const row = r.rows[0];
      if (row?.status !== 'sending') return null;
      const c = toCampaign(row);
      const lo = row.sent_through;
      if (lo === ALL_CHUNKS_SENT) {
        const so = row.tally ?? { audience: 0, eligible: 0, suppressed: {} };
        return { done: true as const, campaign: c, counts: { ...so, sent: so.eligible } };
      }
      const next = await tx.query<{ id: string }>(
        'SELECT id FROM subjects WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id OFFSET $2 LIMIT 1',
        [lo, size - 1],
      );
      const hi = next.rows[0]?.id ?? null;
      const now = d.now();
      const chunk = await sendChunk(d, tx, c, actor, now, [lo, hi]);
      const counts = add(row.tally, chunk);
      const processed = (row.processed ?? 0) + chunk.audience;
      await tx.query(
        'UPDATE campaigns SET sent_through = $2, tally = $3, processed = $4, retry_at = $5 WHERE id = $1',
        [id, hi ?? ALL_CHUNKS_SENT, JSON.stringify(counts), processed, lease(d)],
      );
      if (hi === null) return { done: true as const, campaign: c, counts };
      return { done: false as const, progress: { processed, total: row.total } };
    });
    if (step === null) return null;
    if (step.done) return step;
    await opts.afterChunk?.(step.progress);
  }
}

/** The counts so far plus a chunk's. */
function add(so: CampaignCounts | null, chunk: CampaignCounts): CampaignCounts {
  const suppressed = { ...(so?.suppressed ?? {}) };
  for (const [k, n] of Object.entries(chunk.suppressed)) suppressed[k] = (suppressed[k] ?? 0) + n;
  const eligible = (so?.eligible ?? 0) + chunk.eligible;
  return { audience: (so?.audience ?? 0) + chunk.audience, eligible, sent: eligible, suppressed };
}

/**
 * One chunk of the send, in its transaction: in one statement judges the chunk's audience,
 * reserves a cap slot for each eligible subject (the conditional upsert refuses the full ones
 * even under concurrent senders) and writes a ledger entry for each reserved one, never a second
 * one to a person this campaign already reached. A rolling window has no counter to upsert: a
 * statement before locks the chunk's eligible people (lockEligible), and the send counts their
 * ledger and reaches only those it locked.
 */
async function sendChunk(
  d: Ctx,
  tx: Queryable,
  c: Campaign,
  actor: string,
  now: Date,
  range: [string | null, string | null],
): Promise<CampaignCounts> {
  const cls = messageClass(d.policy, c.messageClass);
  const counted = countsTowardCap(d.policy, c.messageClass);
  const params = parameters(d, c, now, counted);
  const rolling = counted && rollingWindow(d) !== null;
  const fresh =
    'reason IS NULL AND NOT EXISTS (SELECT 1 FROM communications x WHERE x.campaign_id = $15::uuid AND x.subject_id = judged.subject_id)';
  const reserve = !counted
    ? `SELECT subject_id FROM judged WHERE ${fresh}`
    : rolling
      ? `SELECT subject_id FROM judged WHERE ${fresh} AND subject_id = ANY($20::uuid[])`
      : `INSERT INTO cap_usage (subject_id, window_key, used) SELECT subject_id, $6, 1 FROM judged WHERE ${fresh}
       ON CONFLICT (subject_id, window_key) DO UPDATE SET used = cap_usage.used + 1 WHERE cap_usage.used < $7 RETURNING subject_id`;
  // The ledger's period: $6 itself, but for a rolling window, whose $6 is where it starts.
  const label = rolling ? '$19::text' : '$6';
  await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [LOCKS.gate]);
  const locked = rolling ? [ledgerWindow(d.policy, now), await lockEligible(d, tx, c, params, range)] : [];
  const r = await tx.query<{ reason: string | null; n: number }>(
    `WITH judged AS (${audienceSql(d.policy, c, { lo: '$17', hi: '$18' })}),
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
      ...range,
      ...locked,
    ],
  );
  return tally(r.rows.filter((x) => x.n > 0));
}

/**
 * BK-7, rolling window: locks the people the audience finds eligible now (store.ts
 * lockCapHolders: row locks in id order, a statement of their own so the send that follows
 * counts with a snapshot taken after every lock was granted). Returns their ids.
 */
async function lockEligible(
  d: Ctx,
  tx: Queryable,
  c: Campaign,
  params: unknown[],
  range: [string | null, string | null],
): Promise<string[]> {
  const r = await tx.query<{ id: string }>(
    `SELECT s.id FROM subjects s
     WHERE s.id IN (SELECT subject_id FROM (${audienceSql(d.policy, c, { lo: '$9', hi: '$10' })}) judged WHERE reason IS NULL)
     ORDER BY s.id FOR NO KEY UPDATE`,
    [...params, ...range],
  );
  return r.rows.map((x) => x.id);
}
