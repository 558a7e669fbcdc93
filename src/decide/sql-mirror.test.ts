// The SQL mirror of decide() on random ledgers (issue 11 item 1): people whose consents were
// given, refused and withdrawn purpose-wide and per channel (GPC withdrawals included), who
// objected, restricted and subscribed at random times. For every campaign the policy allows
// (each message class on each channel), the audience statement names, subject by subject, the
// same first reason as decide(); the ingest gate stores exactly the events decide() allows when
// judged at the time they happened. Run for the example policies, on every backend; the retailer's
// account clocks count from the last login the shop reports (retentionEvents).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW, freshDb } from '../../test/support/backends.ts';
import { policyVariant } from '../../test/support/policy-variant.ts';
import { audienceSql } from '../comms/audience.ts';
import type { Campaign } from '../comms/campaigns.ts';
import { insertConsent, recordObjection, recordRestriction, selectStates } from '../consent/store.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { parsePolicy } from '../policy/load.ts';
import type { Policy } from '../policy/schema.ts';
import { recordSubscription } from '../subscriptions/store.ts';
import { insertGated } from '../tracking/store.ts';
import { withOutdatedConsents } from './compile.ts';
import { decide } from './decide.ts';
import type { DecisionRequest, SubjectState } from './types.ts';

const DAY = 86_400_000;

// RT-11, RT-14: a purpose that may look back less far than its behaviour is kept (the bank's
// tracking purpose, 120 days of a year's events): some events are older, some are not.
const LOOK_BACK = await policyVariant('policies/retail-bank.yaml', (doc) => {
  const tracked = doc.purposes.find((p: { id: string }) => p.id === doc.tracking.consentPurpose);
  tracked.lookBack = 'P120D';
});

// Issue 17: the bank policy after changes that renewed every consent purpose twice over: what
// was given before 300 days ago, and between 200 and 100 days ago, no longer counts.
const OUTDATED = 'policies/retail-bank.yaml (consents outdated by policy changes)';

function load(file: string): Policy {
  const path = file === OUTDATED ? 'policies/retail-bank.yaml' : file;
  const r = parsePolicy(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(file);
  if (file !== OUTDATED) return r.policy;
  const ago = (days: number) => FIXED_NOW.getTime() - days * DAY;
  const windows = [
    { from: null, to: ago(300) },
    { from: ago(200), to: ago(100) },
  ];
  const consentPurposes = r.policy.purposes.filter((p) => p.legalBasis === 'consent');
  return withOutdatedConsents(r.policy, new Map(consentPurposes.map((p) => [p.id, windows])));
}

/** What a random ledger may hold under this policy. */
function vocabulary(policy: Policy) {
  const consentPurposes = policy.purposes.filter((p) => p.legalBasis === 'consent');
  const channels = (policy.communications?.channels ?? []).map((c) => c.id);
  const op = fc.oneof(
    fc.record({
      t: fc.constant('consent' as const),
      purpose: fc.constantFrom(...consentPurposes),
      channel: fc.constantFrom('', '', ...channels),
      state: fc.constantFrom('given', 'given', 'refused', 'withdrawn' as const),
      fromGpc: fc.boolean(),
    }),
    fc.record({
      t: fc.constant('objection' as const),
      kind: fc.constantFrom('direct-marketing', 'profiling', 'legitimate-interest' as const),
      purpose: fc.constantFrom('', ...policy.purposes.map((p) => p.id)),
      raise: fc.boolean(),
    }),
    fc.record({
      t: fc.constant('restriction' as const),
      purpose: fc.constantFrom('', '', ...policy.purposes.map((p) => p.id)),
      impose: fc.boolean(),
    }),
    fc.record({
      t: fc.constant('subscription' as const),
      topic: fc.constantFrom('none', ...(policy.subscriptions ?? []).map((s) => s.id)),
      subscribe: fc.boolean(),
    }),
  );
  const person = fc.record({
    lifecycle: fc.constantFrom('prospect', 'customer', 'customer', 'former' as const),
    ops: fc.array(fc.record({ op, gapDays: fc.integer({ min: 0, max: 90 }) }), { maxLength: 8 }),
    eventDaysAgo: fc.integer({ min: 0, max: 300 }),
    customerDaysAgo: fc.integer({ min: 0, max: 400 }),
    // Each event the policy names, reported or not, around the longest period counting from it:
    // the clock has run out for some people and not for others.
    retentionEvents: fc.record(
      Object.fromEntries(
        (policy.retentionEvents ?? []).map((e) => [e.id, fc.option(fc.integer({ min: 0, max: 3000 }))]),
      ),
    ),
  });
  return { person };
}

type Person = fc.Arbitrary<unknown> extends never ? never : ReturnType<typeof vocabulary>['person'];
type Gen = Person extends fc.Arbitrary<infer T> ? T : never;

/** Writes the person and their ledger through the stores, each change at its own time. */
async function write(tx: Queryable, policy: Policy, id: string, g: Gen): Promise<void> {
  await tx.query(
    'INSERT INTO subjects (id, lifecycle, customer_since, contract_ended_on, last_contact_at) VALUES ($1, $2, $3, $4, $5)',
    [
      id,
      g.lifecycle,
      g.lifecycle === 'prospect'
        ? null
        : new Date(FIXED_NOW.getTime() - g.customerDaysAgo * DAY).toISOString().slice(0, 10),
      g.lifecycle === 'former' ? '2025-01-31' : null,
      g.lifecycle === 'prospect' ? new Date(FIXED_NOW.getTime() - 30 * DAY) : null,
    ],
  );
  for (const [event, daysAgo] of Object.entries(g.retentionEvents))
    if (daysAgo !== null)
      await tx.query(
        'INSERT INTO retention_events (subject_id, event, occurred_at, recorded_at, actor) VALUES ($1, $2, $3, $3, $4)',
        [id, event, new Date(FIXED_NOW.getTime() - daysAgo * DAY), 'test'],
      );
  let at = FIXED_NOW.getTime() - 400 * DAY;
  const proof = { actor: 'test', source: 'api' as const };
  for (const { op, gapDays } of g.ops) {
    at += gapDays * DAY + 1000;
    const recordedAt = new Date(Math.min(at, FIXED_NOW.getTime() - 1000));
    if (op.t === 'consent') {
      // Only a per-channel purpose takes channel records; GPC only withdraws.
      const channel = op.purpose.consent?.perChannel ? op.channel : '';
      const gpc = op.fromGpc && op.state === 'withdrawn';
      await insertConsent(
        tx,
        {
          subjectId: id,
          purpose: op.purpose.id,
          channel,
          state: op.state,
          noticeLanguage: null,
          noticeVersion: policy.policy.version,
          userAgent: null,
          ipPrefix: null,
          gpc,
          ...proof,
          source: gpc ? 'gpc' : 'api',
          recordedAt,
        },
        !gpc,
      );
    } else if (op.t === 'objection') {
      await recordObjection(tx, {
        subjectId: id,
        kind: op.kind,
        purpose: op.purpose,
        raise: op.raise,
        gpc: false,
        ...proof,
        recordedAt,
      });
    } else if (op.t === 'restriction') {
      await recordRestriction(tx, {
        subjectId: id,
        purpose: op.purpose,
        reason: 'test',
        impose: op.impose,
        ...proof,
        recordedAt,
      });
    } else {
      await recordSubscription(tx, {
        subjectId: id,
        topic: op.topic,
        subscribe: op.subscribe,
        ...proof,
        recordedAt,
      });
    }
  }
}

/** Every campaign the policy allows: each class, for its first purpose, on each channel. */
function campaigns(policy: Policy): Campaign[] {
  const comms = policy.communications;
  const out: Campaign[] = [];
  for (const cls of comms?.messageClasses ?? []) {
    const purpose = policy.purposes.find((p) => p.id === cls.purposes?.[0]);
    if (!purpose) continue;
    for (const channel of comms?.channels ?? []) {
      const c = {
        id: crypto.randomUUID(),
        name: 'x',
        purpose: purpose.id,
        channel: channel.id,
        messageClass: cls.id,
        sender: purpose.senders?.[0] ?? comms?.senders[0],
        subscription: cls.requiresSubscription ? policy.subscriptions?.[0]?.id : undefined,
        contentRef: 'x',
        audience: {},
      } as Campaign;
      if (allowedForSomeone(policy, c)) out.push(c);
    }
  }
  return out;
}

/** A campaign's own choices pass (as createCampaign checks): decide() for a person with every right. */
function allowedForSomeone(policy: Policy, c: Campaign): boolean {
  const state: SubjectState = {
    lifecycle: policy.purposes.find((p) => p.id === c.purpose)?.lifecycles?.[0] ?? 'customer',
    controller: 'self',
    contractEndedOn: null,
    lastContactAt: null,
    consents: Object.fromEntries(policy.purposes.map((p) => [p.id, 'given' as const])),
    objections: [],
    restrictions: [],
    subscriptions: (policy.subscriptions ?? []).map((s) => s.id),
  };
  return decide(policy, state, contactOf(c), FIXED_NOW).allow;
}

const contactOf = (c: Campaign): DecisionRequest => ({ ...c, action: 'contact', identifiedSession: false });

/** An empty database, then these people with their ledgers; their ids in the same order. */
async function population(db: Db, policy: Policy, people: readonly Gen[]): Promise<string[]> {
  await db.exec(
    `TRUNCATE events, consents, consent_events, objections, objection_events, restrictions, restriction_events,
       subscriptions, subscription_events; DELETE FROM subjects;`,
  );
  const ids = people.map(() => crypto.randomUUID());
  await db.transaction(async (tx) => {
    for (const [i, g] of people.entries()) await write(tx, policy, ids[i] as string, g);
  });
  return ids;
}

describe.each(BACKENDS)('SQL mirror == decide() on random per-channel ledgers, %s', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await freshDb(backend));
    await db.query('SELECT garde_ensure_event_partitions($1::date, 16)', [
      new Date(FIXED_NOW.getTime() - 400 * DAY),
    ]);
  });
  afterAll(() => dispose());

  describe.each([
    'policies/retail-bank.yaml',
    'policies/energy-services.yaml',
    'policies/retailer-nl.yaml',
    LOOK_BACK,
    OUTDATED,
  ])('%s', (file) => {
    const policy = load(file);
    const { person } = vocabulary(policy);
    const all = campaigns(policy);

    it('every allowed campaign suppresses each person with decide()’s first reason, and only them', async () => {
      expect(all.length).toBeGreaterThanOrEqual(3);
      const seen = new Set<string | null>();
      await fc.assert(
        fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 8 }), async (people) => {
          const ids = await population(db, policy, people);
          const states = await selectStates(db, ids);
          for (const c of all) {
            const r = await db.query<{ subject_id: string; reason: string | null }>(
              `SELECT subject_id, reason FROM (${audienceSql(policy, c)}) x`,
              [FIXED_NOW, c.purpose, null, null, null, '2026-06', 1, true],
            );
            for (const row of r.rows) {
              const d = decide(policy, states.get(row.subject_id) as SubjectState, contactOf(c), FIXED_NOW);
              const want = d.allow ? null : d.reasons[0];
              seen.add(row.reason);
              expect({ campaign: `${c.messageClass} ${c.channel}`, reason: row.reason }).toEqual({
                campaign: `${c.messageClass} ${c.channel}`,
                reason: want,
              });
            }
          }
        }),
        { numRuns: 25, seed: 1111 },
      );
      // The event clocks were put to the test: someone's had run out, someone's had not.
      if (policy.retentionEvents) expect(seen).toContain('retention.expired');
      if (file === OUTDATED) expect(seen).toContain('consent.outdated');
      expect(seen).toContain(null);
    });

    // Only a policy that tracks behaviour has an ingest gate.
    if (policy.tracking)
      it('the ingest gate stores what decide() allows when judged at the time it happened', async () => {
        const purpose = policy.tracking?.consentPurpose as string;
        const kind = policy.tracking?.eventKinds[0];
        const reasons = new Set<string>();
        await fc.assert(
          fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 8 }), async (people) => {
            const ids = await population(db, policy, people);
            const states = await selectStates(db, ids, { history: true });
            const expected: Record<string, number> = {};
            let allowed = 0;
            const events = people.map((g, i) => {
              const occurredAt = new Date(FIXED_NOW.getTime() - g.eventDaysAgo * DAY - 500);
              const state = states.get(ids[i] as string) as SubjectState;
              const d = decide(policy, state, { purpose, occurredAt }, FIXED_NOW);
              if (d.allow) allowed++;
              else expected[d.reasons[0] as string] = (expected[d.reasons[0] as string] ?? 0) + 1;
              for (const r of d.reasons) reasons.add(r);
              return {
                subjectId: ids[i] as string,
                kind: kind?.id as string,
                topic: kind?.topics?.[0] as string,
                occurredAt,
                props: null,
              };
            });
            const counts = await db.transaction((tx) => insertGated(tx, policy, events, FIXED_NOW));
            expect(counts.dropped).toEqual(expected);
            expect(counts.accepted).toBe(allowed);
          }),
          { numRuns: 25, seed: 2222 },
        );
        // A look-back was put to the test: someone's behaviour was older than it.
        if (policy.purposes.some((p) => p.lookBack)) expect(reasons).toContain('purpose.look-back-exceeded');
        if (file === OUTDATED) expect(reasons).toContain('consent.outdated');
      });
  });
});
