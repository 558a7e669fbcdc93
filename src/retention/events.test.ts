// Issue 13: retention clocks that start at an event the notice names ("two years after the
// account is closed"), reported by the controller's systems; the engine expires from it, and an
// obligation that counts from an event still to come keeps its data through erasure.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../test/support/backends.ts';
import { bankPolicy } from '../../test/support/bank-policy.ts';
import { expectProblem, type TestApp, testApp } from '../../test/support/http.ts';
import { problemsOf } from '../../test/support/policy-text.ts';
import { answerQuestions } from '../decisions/decisions.ts';
import { parsePolicy } from '../policy/load.ts';
import { STORES } from '../rights/catalogue.ts';
import { planErasure } from '../rights/erasure.ts';
import { createSubject } from '../subjects/subjects.ts';
import { runRetention } from './run.ts';

const OTHER = readFileSync('test/fixtures/other-names-policy.yaml', 'utf8');
const WITH_EVENTS = OTHER.replace(
  'retention:\n',
  'retentionEvents:\n  - { id: account-closed, description: The travel account was closed }\n  - { id: dispute-settled, description: A dispute about a ticket was settled }\nretention:\n',
)
  .replace(
    '  - { id: traveller-2y, category: traveller, duration: P2Y, clock: contract-end, action: delete }',
    '  - { id: traveller-after-closing, category: traveller, duration: P2Y, clock: account-closed, action: delete }',
  )
  .replace(
    '  - { id: subscriptions-2y, category: subscriptions-held, duration: P2Y, clock: contract-end, action: delete }',
    '  - { id: subscriptions-2y, category: subscriptions-held, duration: P2Y, clock: contract-end, action: delete }\n  - { id: subscriptions-dispute, category: subscriptions-held, duration: P1Y, clock: dispute-settled, legalObligation: true, action: delete }',
  );

const problems = problemsOf;

describe('policy check: a clock is Garde’s or an event the policy declares', () => {
  it('takes a declared event, refuses an undeclared one and an event named like a built-in clock', () => {
    expect(problems(WITH_EVENTS)).toEqual([]);
    expect(problems(WITH_EVENTS.replace('clock: account-closed', 'clock: account-gone'))).toEqual([
      ['retention[traveller-after-closing].clock', 'reference'],
    ]);
    expect(
      problems(WITH_EVENTS.replace('{ id: dispute-settled,', '{ id: contract-end,')).map(([, rule]) => rule),
    ).toContain('unique-id');
  });

  it('an obligation counting from an event still to come keeps its data through erasure, until it happens', () => {
    const r = parsePolicy(WITH_EVENTS, 'policies/test.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const contracts = STORES.find((s) => s.table === 'contracts');
    if (!contracts) throw new Error('catalogue');
    const data = [{ store: contracts, category: 'subscriptions-held', rows: 1, newest: {} }];
    const subject = { lifecycle: 'former' as const, contractEndedOn: '2020-01-01', lastContactAt: null };
    const now = new Date('2026-06-15T10:00:00Z');
    const open = planErasure(r.policy, subject, data, [], now);
    expect(open.kept).toEqual([
      expect.objectContaining({ category: 'subscriptions-held', rule: 'subscriptions-dispute', until: null }),
    ]);
    const settled = planErasure(
      r.policy,
      { ...subject, retentionEvents: { 'dispute-settled': '2026-03-01T00:00:00.000Z' } },
      data,
      [],
      now,
    );
    expect(settled.kept).toEqual([
      expect.objectContaining({ rule: 'subscriptions-dispute', until: '2027-03-01' }),
    ]);
    const past = planErasure(
      r.policy,
      { ...subject, retentionEvents: { 'dispute-settled': '2024-03-01T00:00:00.000Z' } },
      data,
      [],
      now,
    );
    expect(past.kept).toEqual([]);
  });
});

describe.each(BACKENDS)('retention events reported through the API, on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garde-events-'));
    await writeFile(join(dir, 'policy.yaml'), WITH_EVENTS);
    t = await testApp(backend, { policy: join(dir, 'policy.yaml') });
  });
  afterAll(async () => {
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const event = (id: string, name: string, method: 'PUT' | 'DELETE', payload?: object) =>
    t.app.inject({
      method,
      url: `/v1/subjects/${id}/retention-events/${name}`,
      headers: t.as('dpo'),
      ...(payload ? { payload } : {}),
    });
  const traveller = async () =>
    (
      await createSubject(
        t.deps,
        { lifecycle: 'prospect', lastContactAt: '2026-01-01T00:00:00Z', identity: { givenName: 'Noor' } },
        'test',
      )
    ).id;
  const identities = async (id: string) =>
    (await t.deps.db.query('SELECT 1 FROM identities WHERE subject_id = $1', [id])).rowCount;
  const at = (iso: string) => ({ ...t.deps, now: () => new Date(iso) });

  it('an event the policy does not name, or one in the future, is refused with the ids it names', async () => {
    const id = await traveller();
    const unknown = await event(id, 'account-gone', 'PUT', { occurredAt: '2026-01-01T00:00:00Z' });
    expectProblem(unknown, 422, 'RETENTION_EVENT_UNKNOWN');
    expect(unknown.json().allowed).toEqual(['account-closed', 'dispute-settled']);
    const future = await event(id, 'account-closed', 'PUT', { occurredAt: '2030-01-01T00:00:00Z' });
    expectProblem(future, 422, 'RETENTION_EVENT_UNKNOWN');
    expectProblem(await event(id, 'account-closed', 'DELETE'), 404, 'RETENTION_EVENT_NOT_FOUND');
  });

  it('the traveller’s data goes two years after the account closed, to the day, and not while it is open', async () => {
    const id = await traveller();
    const closed = await event(id, 'account-closed', 'PUT', { occurredAt: '2026-06-01T00:00:00Z' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toEqual({ event: 'account-closed', occurredAt: '2026-06-01T00:00:00.000Z' });
    const listed = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${id}/retention-events`,
      headers: t.as('dpo'),
    });
    expect(listed.json().items).toEqual([
      { event: 'account-closed', occurredAt: '2026-06-01T00:00:00.000Z' },
    ]);
    // The person reads the rule in the notice's words: two years after the account was closed.
    const report = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${id}/access-report?language=en`,
      headers: t.as('dpo'),
    });
    const category = report.json().categories.find((c: { id: string }) => c.id === 'traveller');
    expect(category.retention).toContainEqual(
      expect.objectContaining({ rule: 'traveller-after-closing', since: 'The travel account was closed' }),
    );
    await runRetention(at('2028-05-31T23:59:59Z'));
    expect(await identities(id)).toBe(1);
    await runRetention(at('2028-06-01T00:00:00Z'));
    expect(await identities(id)).toBe(0);
  });

  it('between retention runs, decide() refuses the traveller’s data from the day the clock runs out', async () => {
    const id = await traveller();
    await event(id, 'account-closed', 'PUT', { occurredAt: '2026-06-01T00:00:00Z' });
    const ask = async (iso: string) =>
      (await answerQuestions(at(iso), [{ subjectId: id, purpose: 'travel', action: 'process' }]))[0];
    expect(await ask('2028-05-31T23:59:59Z')).toMatchObject({ allow: true });
    expect(await ask('2028-06-01T00:00:00Z')).toMatchObject({
      allow: false,
      reasons: [{ code: 'retention.expired' }],
    });
    // The account reopened: the clock stops, and the data may be used again.
    await event(id, 'account-closed', 'DELETE');
    expect(await ask('2028-06-01T00:00:00Z')).toMatchObject({ allow: true });
  });

  it('an event withdrawn (the account reopened) stops its clock', async () => {
    const id = await traveller();
    await event(id, 'account-closed', 'PUT', { occurredAt: '2026-06-01T00:00:00Z' });
    expect((await event(id, 'account-closed', 'DELETE')).statusCode).toBe(204);
    await runRetention(at('2030-01-01T00:00:00Z'));
    expect(await identities(id)).toBe(1);
  });
});

describe.each(BACKENDS)('under a policy that names no retention events, on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    // The bank's own file, without its core banking system (no test here starts one).
    t = await testApp(backend, { policy: await bankPolicy() });
  });
  afterAll(() => t.dispose());

  it('the routes answer that the policy does not declare them', async () => {
    const r = await t.app.inject({
      method: 'PUT',
      url: `/v1/subjects/${crypto.randomUUID()}/retention-events/account-closed`,
      headers: t.as('dpo'),
      payload: { occurredAt: '2026-01-01T00:00:00Z' },
    });
    expectProblem(r, 404, 'FEATURE_NOT_DECLARED');
  });
});
