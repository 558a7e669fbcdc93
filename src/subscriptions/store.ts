import type { Source } from '../consent/model.ts';
import type { Queryable } from '../platform/db/index.ts';

export type SubscriptionChange = {
  subjectId: string;
  topic: string;
  subscribe: boolean;
  actor: string;
  source: Source;
  recordedAt: Date;
};

/** Appends to the ledger only when the projection changed (see consent/store.ts recordObjection). */
export async function recordSubscription(tx: Queryable, c: SubscriptionChange): Promise<boolean> {
  const changed = c.subscribe
    ? await tx.query(
        'INSERT INTO subscriptions (subject_id, topic, since, event_id) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING',
        [c.subjectId, c.topic, c.recordedAt],
      )
    : await tx.query('DELETE FROM subscriptions WHERE subject_id = $1 AND topic = $2', [
        c.subjectId,
        c.topic,
      ]);
  if (changed.rowCount === 0) return false;
  const event = await tx.query<{ id: number }>(
    `INSERT INTO subscription_events (subject_id, topic, action, actor, source, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [c.subjectId, c.topic, c.subscribe ? 'subscribed' : 'unsubscribed', c.actor, c.source, c.recordedAt],
  );
  if (c.subscribe) {
    await tx.query('UPDATE subscriptions SET event_id = $3 WHERE subject_id = $1 AND topic = $2', [
      c.subjectId,
      c.topic,
      (event.rows[0] as { id: number }).id,
    ]);
  }
  return true;
}

export async function selectSubscriptions(
  db: Queryable,
  subjectId: string,
): Promise<{ topic: string; since: Date }[]> {
  const r = await db.query<{ topic: string; since: Date }>(
    'SELECT topic, since FROM subscriptions WHERE subject_id = $1 ORDER BY topic',
    [subjectId],
  );
  return r.rows;
}
