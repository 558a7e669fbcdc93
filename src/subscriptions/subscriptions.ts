// BK-8: newsletters, alerts and magazines the person subscribed to. Kept apart from consent:
// subscribing is never marketing consent, and marketing consent is never a subscription.
import { auditSubjectChange } from '../audit/store.ts';
import type { Who } from '../consent/consent.ts';
import { type Source, sourceFor } from '../consent/model.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { getSubject } from '../subjects/subjects.ts';
import { recordSubscription, selectSubscriptions } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

export async function changeSubscription(
  d: Ctx,
  subjectId: string,
  input: { topic: string; action: 'subscribe' | 'unsubscribe'; source?: Source },
  who: Who,
): Promise<{ changed: boolean; recordedAt: Date }> {
  if (!d.policy.subscriptions?.some((s) => s.id === input.topic)) {
    throw new GardeError('SUBSCRIPTION_INVALID', `unknown subscription "${input.topic}"`);
  }
  const source = sourceFor(d.policy, who.role, input.source);
  await getSubject(d, subjectId);
  const recordedAt = d.now();
  const subscribe = input.action === 'subscribe';
  const changed = await d.db.transaction(async (tx) => {
    const changed = await recordSubscription(tx, {
      subjectId,
      topic: input.topic,
      subscribe,
      actor: who.actor,
      source,
      recordedAt,
    });
    if (changed) {
      const change = { topic: input.topic, action: input.action, source };
      await auditSubjectChange(
        tx,
        d.sealer,
        { actor: who.actor, action: `subscription.${input.action}`, subjectId, change },
        recordedAt,
      );
    }
    return changed;
  });
  return { changed, recordedAt };
}

export async function listSubscriptions(d: Pick<Deps, 'db'>, subjectId: string) {
  await getSubject(d, subjectId);
  return selectSubscriptions(d.db, subjectId);
}
