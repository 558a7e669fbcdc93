// Behaviour is judged at the time it happened, and a retried batch is stored once (issue 11
// items 3 and 5; BK-1, BK-4, BK-16): an event is stored only if permission held when it
// happened and without a break since; scoring never uses behaviour from before the consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';
import { changeObjection, changeRestriction, recordConsent } from '../../consent/consent.ts';
import { rescore } from '../../interests/interests.ts';
import { createSubject, updateSubject } from '../../subjects/subjects.ts';
import { ensurePartitions } from '../store.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const ago = (ms: number) => new Date(FIXED_NOW.getTime() - ms);
const who = { actor: 'test', role: 'admin' as const };

describe.each(BACKENDS)('tracking judged when it happened on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
    await ensurePartitions(t.deps.db, 'P2Y', FIXED_NOW);
  });
  afterAll(() => t.dispose());

  /** The deps with the clock at `at`: the ledger records changes at that time. */
  const at = (when: Date) => ({ ...t.deps, now: () => when });
  const customer = async () =>
    (await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')).id;
  const ingest = (events: object[], headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...t.as('processor'), ...headers },
      payload: events,
    });
  const ev = (subjectId: string, occurredAt: Date, over: object = {}) => ({
    subjectId,
    kind: 'simulation-run',
    topic: 'pension',
    occurredAt: occurredAt.toISOString(),
    ...over,
  });
  const stored = async (id: string) =>
    (
      await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE subject_id = $1', [
        id,
      ])
    ).rows[0]?.n;

  it('refused, then given a second later: behaviour from two days ago is not covered (BK-1, BK-16)', async () => {
    const id = await customer();
    await recordConsent(at(ago(2000)), id, { purpose: 'web-personalisation', state: 'refused' }, who);
    await recordConsent(at(ago(1000)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    const res = await ingest([ev(id, ago(2 * DAY)), ev(id, ago(500))]);
    expect(res.json()).toEqual({ received: 2, accepted: 1, dropped: { 'consent.after-event': 1 } });
    expect(await stored(id)).toBe(1);
  });

  /** The reasons POST /v1/decisions gives for web-personalisation of behaviour at `occurredAt`. */
  const reasonsAt = async (id: string, occurredAt: Date) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/decisions',
        headers: t.as('agent'),
        payload: { questions: [{ subjectId: id, purpose: 'web-personalisation', occurredAt }] },
      })
    )
      .json()
      .answers[0].reasons.map((r: { code: string }) => r.code);

  it('the decision point answers for behaviour of a given time as the gate does', async () => {
    const id = await customer();
    await recordConsent(at(ago(10 * DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    await changeObjection(at(ago(3 * DAY)), id, { kind: 'profiling', action: 'raise' }, who);
    await changeObjection(at(ago(2 * DAY)), id, { kind: 'profiling', action: 'lift' }, who);
    const ask = (occurredAt: Date) => reasonsAt(id, occurredAt);
    expect(await ask(ago(20 * DAY))).toEqual(['consent.after-event', 'objection.since-event']);
    expect(await ask(ago(5 * DAY))).toEqual(['objection.since-event']);
    expect(await ask(ago(DAY))).toEqual(['consent.given']);
  });

  it('a consent given again after a withdrawal does not cover what happened before it', async () => {
    const id = await customer();
    await recordConsent(at(ago(30 * DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    await recordConsent(at(ago(20 * DAY)), id, { purpose: 'web-personalisation', state: 'withdrawn' }, who);
    await recordConsent(at(ago(10 * DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    const res = await ingest([ev(id, ago(25 * DAY)), ev(id, ago(15 * DAY)), ev(id, ago(5 * DAY))]);
    expect(res.json()).toMatchObject({ accepted: 1, dropped: { 'consent.after-event': 2 } });
  });

  it('a consent given twice in a row keeps covering what happened since the first', async () => {
    const id = await customer();
    await recordConsent(at(ago(30 * DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    await recordConsent(at(ago(10 * DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    expect((await ingest([ev(id, ago(20 * DAY))])).json()).toMatchObject({ accepted: 1 });
  });

  it('an objection or a restriction lifted since the behaviour happened: not stored (EN-11)', async () => {
    const objecting = await customer();
    const restricted = await customer();
    for (const id of [objecting, restricted])
      await recordConsent(at(ago(300 * DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    await changeObjection(at(ago(DAY)), objecting, { kind: 'profiling', action: 'raise' }, who);
    await changeObjection(at(ago(DAY - MIN)), objecting, { kind: 'profiling', action: 'lift' }, who);
    await changeRestriction(
      at(ago(DAY)),
      restricted,
      { action: 'impose', reason: 'accuracy contested' },
      who,
    );
    await changeRestriction(at(ago(DAY - MIN)), restricted, { action: 'lift', reason: 'checked' }, who);
    const res = await ingest([
      ev(objecting, ago(2 * DAY)),
      ev(objecting, ago(MIN)),
      ev(restricted, ago(2 * DAY)),
      ev(restricted, ago(MIN)),
    ]);
    expect(res.json()).toEqual({
      received: 4,
      accepted: 2,
      dropped: { 'objection.since-event': 1, 'restriction.since-event': 1 },
    });
  });

  it('what a prospect did is not covered once they become a customer (a purpose for customers)', async () => {
    const s = await createSubject(
      t.deps,
      { lifecycle: 'prospect', lastContactAt: ago(30 * DAY).toISOString() },
      'test',
    );
    await recordConsent(at(ago(30 * DAY)), s.id, { purpose: 'web-personalisation', state: 'given' }, who);
    expect((await ingest([ev(s.id, ago(5 * DAY))])).json()).toMatchObject({
      dropped: { 'lifecycle.not-allowed': 1 },
    });
    await updateSubject(
      at(ago(2 * MIN)),
      s.id,
      { lifecycle: 'customer', customerSince: ago(DAY).toISOString().slice(0, 10) },
      'test',
    );
    const res = await ingest([ev(s.id, ago(5 * DAY)), ev(s.id, ago(MIN))]);
    expect(res.json()).toEqual({ received: 2, accepted: 1, dropped: { 'lifecycle.after-event': 1 } });
  });

  it('a prospect who becomes a customer is covered from that instant, not from earlier that day (EN-3)', async () => {
    const s = await createSubject(
      t.deps,
      { lifecycle: 'prospect', lastContactAt: ago(DAY).toISOString() },
      'test',
    );
    await recordConsent(at(ago(30 * DAY)), s.id, { purpose: 'web-personalisation', state: 'given' }, who);
    const became = await updateSubject(at(ago(2 * MIN)), s.id, { lifecycle: 'customer' }, 'test');
    expect(became.customerSince).toBe(
      ago(2 * MIN)
        .toISOString()
        .slice(0, 10),
    );
    const res = await ingest([ev(s.id, ago(3 * MIN)), ev(s.id, ago(MIN))]);
    expect(res.json()).toEqual({ received: 2, accepted: 1, dropped: { 'lifecycle.after-event': 1 } });
    expect(await reasonsAt(s.id, ago(3 * MIN))).toEqual(['lifecycle.after-event']);
    expect(await reasonsAt(s.id, ago(MIN))).toEqual(['consent.given']);
  });

  it('a returning customer: what they did while a former customer is neither stored nor scored (EN-3, BK-4)', async () => {
    const id = await customer();
    await recordConsent(at(ago(60 * DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    expect((await ingest([ev(id, ago(50 * DAY), { topic: 'epargne' })])).json()).toMatchObject({
      accepted: 1,
    });
    const end = ago(40 * DAY)
      .toISOString()
      .slice(0, 10);
    await updateSubject(at(ago(40 * DAY)), id, { lifecycle: 'former', contractEndedOn: end }, 'test');
    const back = await updateSubject(at(ago(10 * DAY)), id, { lifecycle: 'customer' }, 'test');
    expect(back).toMatchObject({ customerSince: '2020-01-01', contractEndedOn: null });
    const res = await ingest([ev(id, ago(20 * DAY)), ev(id, ago(5 * DAY))]);
    expect(res.json()).toEqual({ received: 2, accepted: 1, dropped: { 'lifecycle.after-event': 1 } });
    expect(await reasonsAt(id, ago(20 * DAY))).toEqual(['lifecycle.after-event']);
    await rescore(t.deps, id);
    const rows = await t.deps.db.query<{ topic: string }>(
      'SELECT topic FROM interests WHERE subject_id = $1',
      [id],
    );
    expect(rows.rows.map((r) => r.topic)).toEqual(['pension']);
    // Rewriting the day they became a customer opens no past.
    await updateSubject(at(ago(DAY)), id, { customerSince: '2001-01-01' }, 'test');
    expect(await reasonsAt(id, ago(20 * DAY))).toEqual(['lifecycle.after-event']);
  });

  it('a stated customerSince, today or null, does not cover what the prospect did before the change (EN-3)', async () => {
    for (const customerSince of [ago(0).toISOString().slice(0, 10), null]) {
      const s = await createSubject(
        t.deps,
        { lifecycle: 'prospect', lastContactAt: ago(DAY).toISOString() },
        'test',
      );
      await recordConsent(at(ago(30 * DAY)), s.id, { purpose: 'web-personalisation', state: 'given' }, who);
      await updateSubject(at(ago(2 * MIN)), s.id, { lifecycle: 'customer', customerSince }, 'test');
      const res = await ingest([ev(s.id, ago(3 * MIN))]);
      expect(res.json(), String(customerSince)).toMatchObject({
        accepted: 0,
        dropped: { 'lifecycle.after-event': 1 },
      });
    }
  });

  it('a customer Garde is told of without a start date is covered from then, not before (EN-3)', async () => {
    const s = await createSubject(at(ago(DAY)), { lifecycle: 'customer' }, 'test');
    await recordConsent(at(ago(30 * DAY)), s.id, { purpose: 'web-personalisation', state: 'given' }, who);
    const res = await ingest([ev(s.id, ago(2 * DAY)), ev(s.id, ago(MIN))]);
    expect(res.json()).toEqual({ received: 2, accepted: 1, dropped: { 'lifecycle.after-event': 1 } });
  });

  it('behaviour that has not happened yet is no question: the decision point refuses it as the gate drops it', async () => {
    const id = await customer();
    await recordConsent(at(ago(DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    const later = new Date(FIXED_NOW.getTime() + 60 * MIN);
    expect((await ingest([ev(id, later)])).json()).toMatchObject({ dropped: { 'tracking.future': 1 } });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/decisions',
      headers: t.as('agent'),
      payload: { questions: [{ subjectId: id, purpose: 'web-personalisation', occurredAt: later }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('body/questions/0/occurredAt: in the future');
  });

  it('a customerSince in the future is refused, naming the field', async () => {
    const id = await customer();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/subjects/${id}`,
      headers: t.as('admin'),
      payload: { customerSince: '2099-01-01' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain('customerSince is in the future');
  });

  it('behaviour from before the consent never feeds an interest (BK-4)', async () => {
    const id = await customer();
    // Planted directly, as if stored by an older version: scoring must still ignore it.
    for (const d of [40, 35, 30])
      await t.deps.db.query(
        "INSERT INTO events (subject_id, occurred_at, kind, topic) VALUES ($1, $2, 'simulation-run', 'epargne')",
        [id, ago(d * DAY)],
      );
    await recordConsent(at(ago(20 * DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    await ingest([ev(id, ago(5 * DAY), { topic: 'pension' })]);
    await rescore(t.deps, id);
    const rows = await t.deps.db.query<{ topic: string }>(
      'SELECT topic FROM interests WHERE subject_id = $1',
      [id],
    );
    expect(rows.rows.map((r) => r.topic)).toEqual(['pension']);
  });

  it('one person’s heavy behaviour saturates their score and stops nobody’s scoring (BK-4)', async () => {
    const heavy = await customer();
    const other = await customer();
    for (const id of [heavy, other])
      await recordConsent(at(ago(DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    const many = Array.from({ length: 2500 }, (_, i) => ev(heavy, ago(MIN + i)));
    expect((await ingest(many)).json()).toMatchObject({ accepted: 2500 });
    await ingest([ev(other, ago(MIN))]);
    await rescore(t.deps);
    const scores = await t.deps.db.query<{ subject_id: string; score: number }>(
      "SELECT subject_id, score FROM interests WHERE topic = 'pension' AND subject_id = ANY($1::uuid[])",
      [[heavy, other]],
    );
    const of = (id: string) => Number(scores.rows.find((r) => r.subject_id === id)?.score);
    expect(of(heavy)).toBe(1);
    expect(of(other)).toBeGreaterThan(0);
    expect(of(other)).toBeLessThan(1);
  });

  it('a batch retried with the same Idempotency-Key is answered once and stored once', async () => {
    const id = await customer();
    await recordConsent(at(ago(DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    const batch = [ev(id, ago(MIN)), ev(id, ago(2 * MIN), { kind: 'dossier-visited', topic: 'vacances' })];
    const first = await ingest(batch, { 'idempotency-key': 'batch-1' });
    const again = await ingest(batch, { 'idempotency-key': 'batch-1' });
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await stored(id)).toBe(2);
  });

  it('an event sent twice with its id is stored once, so an interest never counts it twice (BK-4)', async () => {
    const id = await customer();
    await recordConsent(at(ago(DAY)), id, { purpose: 'web-personalisation', state: 'given' }, who);
    const batch = [ev(id, ago(MIN), { id: 'e-1' }), ev(id, ago(2 * MIN), { id: 'e-2' })];
    expect((await ingest(batch)).json()).toMatchObject({ accepted: 2 });
    const retry = await ingest([
      ...batch,
      ev(id, ago(3 * MIN), { id: 'e-3' }),
      ev(id, ago(3 * MIN), { id: 'e-3' }),
    ]);
    expect(retry.json()).toEqual({ received: 4, accepted: 1, dropped: { duplicate: 3 } });
    expect(await stored(id)).toBe(3);
    // A client that restamps a retry: the same id is the same event.
    const restamped = await ingest([ev(id, ago(4 * MIN), { id: 'e-1' })]);
    expect(restamped.json()).toEqual({ received: 1, accepted: 0, dropped: { duplicate: 1 } });
    await rescore(t.deps, id);
    const signal = await t.deps.db.query<{ signals: { count: number }[] }>(
      "SELECT signals FROM interests WHERE subject_id = $1 AND topic = 'pension'",
      [id],
    );
    expect(signal.rows[0]?.signals[0]?.count).toBe(3);
  });
});
