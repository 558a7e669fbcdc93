// Global Privacy Control (BK-16, EN-11): a signal from an identified customer's browser counts,
// as the policy says, as a withdrawal of consent (consent.gpc: withdraw) or an objection to
// direct marketing (consent.gpc: object), recorded with source "gpc". It is honoured once: the
// first request that carries it withdraws what the person had given before; what they choose
// after that, while sending the signal or by any other channel, stands.
import type { FastifyRequest } from 'fastify';
import { channelOfKey } from '../decide/consent.ts';
import { actorOf, type Principal } from '../keys/model.ts';
import { withinTransaction } from '../platform/db/nested.ts';
import type { Deps } from '../platform/deps.ts';
import { changeObjection, recordConsent, subjectState, type Who } from './consent.ts';
import { gpcSignalSeen, markGpcSignal } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

/**
 * Whether the request carries the Global Privacy Control signal. Repeated headers arrive joined
 * ("0, 1") or as a list: any "1" counts, since a signal sent once is a signal sent.
 */
export function gpcSignal(headers: FastifyRequest['headers']): boolean {
  const raw = headers['sec-gpc'];
  const values = (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((v) => v.split(','));
  return values.some((v) => v.trim() === '1');
}

/**
 * Honours the signal if this is the first time the person's browser sends it: in one
 * transaction, notes the time and withdraws (or objects). Returns how many records it made.
 */
export async function honourGpc(d: Ctx, subjectId: string, who: Who): Promise<number> {
  // Every later request with the signal costs one indexed read.
  if (await gpcSignalSeen(d.db, subjectId)) return 0;
  return d.db.transaction(async (tx) => {
    if (!(await markGpcSignal(tx, subjectId, d.now()))) return 0;
    const inner = { ...d, db: withinTransaction(tx, d.db.backend) };
    const state = await subjectState({ db: tx }, subjectId);
    let made = 0;
    for (const p of d.policy.purposes.filter((x) => x.consent?.gpc === 'withdraw')) {
      for (const [key, value] of Object.entries(state.consents)) {
        // A choice made while the browser already sent the signal (before this column) stands.
        if (value !== 'given' || state.underGpc.has(key)) continue;
        const channel = channelOfKey(p.id, key);
        if (channel === null) continue;
        await recordConsent(
          inner,
          subjectId,
          { purpose: p.id, channel: channel || undefined, state: 'withdrawn' },
          who,
          true,
        );
        made++;
      }
    }
    if (d.policy.purposes.some((x) => x.consent?.gpc === 'object')) {
      const raise = { kind: 'direct-marketing' as const, action: 'raise' as const };
      if (await changeObjection(inner, subjectId, raise, who, true)) made++;
    }
    return made;
  });
}

export async function gpcHook(req: FastifyRequest, principal: Principal, deps: Deps): Promise<void> {
  if (!gpcSignal(req.headers) || principal.role !== 'customer' || !principal.subjectId) return;
  const ua = req.headers['user-agent'];
  await honourGpc(deps, principal.subjectId, {
    actor: actorOf(principal),
    role: principal.role,
    userAgent: typeof ua === 'string' ? ua : undefined,
    ip: req.ip,
    gpc: true,
  });
}
