// RT-11, RT-14: a purpose reads behaviour no further back than its `lookBack`, on every path
// that reads behaviour for it: the ingest gate, interest scoring (SQL and the pure model) and
// the decision point. Retention still keeps what is older. A variant of the bank's policy, whose
// tracking purpose looks back 90 days of the year of behaviour it keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../test/support/backends.ts';
import { type TestApp, testApp } from '../../test/support/http.ts';
import { policyVariant } from '../../test/support/policy-variant.ts';
import { recordConsent, subjectState } from '../consent/consent.ts';
import { decide } from '../decide/decide.ts';
import { createSubject } from '../subjects/subjects.ts';
import { ensurePartitions } from '../tracking/store.ts';
import { rescore } from './interests.ts';
import { interestParams, scoreInterests } from './model.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(FIXED_NOW.getTime() - days * DAY);
const who = { actor: 'test', role: 'admin' as const };

describe.each(BACKENDS)('a purpose looks back no further than it says, on %s', (backend) => {
  let t: TestApp;
  let purpose: string;
  beforeAll(async () => {
    const file = await policyVariant('policies/retail-bank.yaml', (doc) => {
      const tracked = doc.purposes.find((p: { id: string }) => p.id === doc.tracking.consentPurpose);
      tracked.lookBack = 'P90D';
    });
    t = await testApp(backend, { policy: file });
    purpose = t.deps.policy.tracking?.consentPurpose as string;
    await ensurePartitions(t.deps.db, 'P2Y', FIXED_NOW);
  });
  afterAll(() => t.dispose());

  const consenting = async () => {
    const id = (await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test'))
      .id;
    await recordConsent({ ...t.deps, now: () => ago(300) }, id, { purpose, state: 'given' }, who);
    return id;
  };
  const kind = () => t.deps.policy.tracking?.eventKinds.find((k) => (k.topics ?? []).length >= 2);

  it('behaviour older than the look-back feeds no interest, though retention keeps it (RT-11, RT-14)', async () => {
    const id = await consenting();
    const k = kind();
    const [old, recent] = k?.topics ?? [];
    // Planted directly, as if stored before the look-back was stated: scoring must still leave it.
    const events = [
      { topic: old as string, at: ago(120) },
      { topic: old as string, at: ago(91) },
      { topic: recent as string, at: ago(10) },
    ];
    for (const e of events)
      await t.deps.db.query(
        'INSERT INTO events (subject_id, occurred_at, kind, topic) VALUES ($1, $2, $3, $4)',
        [id, e.at, k?.id, e.topic],
      );
    await rescore(t.deps, id);
    const scored = await t.deps.db.query<{ topic: string }>(
      'SELECT topic FROM interests WHERE subject_id = $1',
      [id],
    );
    expect(scored.rows.map((r) => r.topic)).toEqual([recent]);
    // The pure model, which evaluation uses, agrees.
    const params = interestParams(t.deps.policy);
    if (!params) throw new Error('the variant tracks behaviour');
    const signals = events.map((e) => ({ kind: k?.id as string, topic: e.topic, occurredAt: e.at }));
    expect(scoreInterests(params, signals, FIXED_NOW).map((i) => i.topic)).toEqual([recent]);
    // Use is limited, not keeping: the older events are still there for retention to remove.
    const kept = await t.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE subject_id = $1',
      [id],
    );
    expect(kept.rows[0]?.n).toBe(3);
  });

  it('the decision point refuses behaviour older than the look-back, and the ingest gate drops it for that reason', async () => {
    const id = await consenting();
    const state = await subjectState(t.deps, id);
    expect(decide(t.deps.policy, state, { purpose, occurredAt: ago(100) }, FIXED_NOW).reasons).toEqual([
      'purpose.look-back-exceeded',
    ]);
    expect(decide(t.deps.policy, state, { purpose, occurredAt: ago(80) }, FIXED_NOW).allow).toBe(true);
    const k = kind();
    const ev = (at: Date) => ({
      subjectId: id,
      kind: k?.id,
      topic: k?.topics?.[0],
      occurredAt: at.toISOString(),
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: t.as('processor'),
      payload: [ev(ago(100)), ev(ago(80))],
    });
    expect(res.json()).toMatchObject({ accepted: 1, dropped: { 'purpose.look-back-exceeded': 1 } });
  });
});
