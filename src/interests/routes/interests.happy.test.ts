import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { chainAudit } from '../../audit/store.ts';
import { changeObjection, recordConsent } from '../../consent/consent.ts';
import { createKey } from '../../keys/store.ts';
import { pseudonymOf } from '../../rights/requests.ts';
import { createSubject } from '../../subjects/subjects.ts';
import { rescore, trainFromOutcomes } from '../interests.ts';
import { interestParams, type Signal, scoreInterests } from '../model.ts';
import { rng } from '../synthetic.ts';

const who = { actor: 'test', role: 'admin' as const };
const DAY = 86_400_000;

describe.each(BACKENDS)('interests and offers on %s (retail bank)', (backend) => {
  let t: TestApp;
  let sid: string;
  const customer = () => t.as('customer');
  // Asked in English: the person's recorded language (none here) would give the policy's first.
  const get = (url: string, headers = customer()) =>
    t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en', ...headers } });
  // Consent given before all the behaviour these tests plant (BK-16: it must precede it).
  const earlier = () => ({ ...t.deps, now: () => new Date(FIXED_NOW.getTime() - 500 * DAY) });

  async function addEvents(subjectId: string, events: Signal[]) {
    for (const e of events)
      await t.deps.db.query(
        'INSERT INTO events (subject_id, occurred_at, kind, topic) VALUES ($1, $2, $3, $4)',
        [subjectId, e.occurredAt, e.kind, e.topic],
      );
  }

  beforeAll(async () => {
    t = await testApp(backend);
    sid = t.customerId;
    await t.deps.db.query("SELECT garde_ensure_event_partitions('2025-01-01', 24)");
    await t.deps.db.query(
      "INSERT INTO identities (subject_id, given_name, birth_date, postal_code) VALUES ($1, 'Zoé', '1985-03-01', '1000')",
      [sid],
    );
    await t.deps.db.query(
      "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, 'current-account', 'BE01', '2020-01-01')",
      [sid],
    );
    for (const purpose of ['web-personalisation', 'commercial-proposals'])
      await recordConsent(earlier(), sid, { purpose, state: 'given' }, who);
    await addEvents(sid, [
      { kind: 'simulation-run', topic: 'pension', occurredAt: new Date(FIXED_NOW.getTime() - 2 * DAY) },
      { kind: 'simulation-run', topic: 'pension', occurredAt: new Date(FIXED_NOW.getTime() - 5 * DAY) },
      { kind: 'dossier-visited', topic: 'vacances', occurredAt: new Date(FIXED_NOW.getTime() - DAY) },
      { kind: 'dossier-visited', topic: 'habitation', occurredAt: new Date(FIXED_NOW.getTime() - 400 * DAY) },
    ]);
  });
  afterAll(() => t.dispose());

  it('set-based scoring equals the pure model, subject by subject, and skips whoever may not be profiled', async () => {
    const params = interestParams(t.deps.policy);
    if (!params) throw new Error('tracking');
    const r = rng(5);
    const kinds = t.deps.policy.tracking?.eventKinds ?? [];
    const expected = new Map<string, ReturnType<typeof scoreInterests>>();
    for (let i = 0; i < 12; i++) {
      const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
      const consenting = i % 3 !== 0;
      if (consenting)
        await recordConsent(earlier(), s.id, { purpose: 'web-personalisation', state: 'given' }, who);
      const events: Signal[] = Array.from({ length: 1 + Math.floor(r() * 20) }, () => {
        const kind = kinds[Math.floor(r() * kinds.length)] as (typeof kinds)[number];
        const topics = kind.topics ?? [];
        return {
          kind: kind.id,
          topic: topics[Math.floor(r() * topics.length)] as string,
          occurredAt: new Date(FIXED_NOW.getTime() - Math.floor(r() * 400 * DAY)),
        };
      });
      await addEvents(s.id, events);
      expected.set(s.id, consenting ? scoreInterests(params, events, FIXED_NOW) : []);
    }
    const run = await rescore(t.deps);
    expect(run.subjects).toBeGreaterThan(0);
    for (const [id, want] of expected) {
      const rows = await t.deps.db.query<{ topic: string; score: number; signals: unknown }>(
        'SELECT topic, score, signals FROM interests WHERE subject_id = $1 ORDER BY score DESC, topic',
        [id],
      );
      expect(rows.rows.map((x) => x.topic).sort()).toEqual(want.map((w) => w.topic).sort());
      for (const w of want) {
        const got = rows.rows.find((x) => x.topic === w.topic);
        expect(Math.abs(Number(got?.score) - w.score)).toBeLessThan(1e-4);
        expect(got?.signals).toEqual(w.signals);
      }
    }
  });

  it('the customer sees their interests and why, in plain words (BK-4)', async () => {
    const res = await get(`/v1/subjects/${sid}/interests`);
    expect(res.statusCode).toBe(200);
    const list = res.json().items as { topic: string; why: string[] }[];
    expect(list.map((i) => i.topic)).toEqual(['pension', 'vacances']);
    // Which model: the purpose they are derived under, as the notice describes it.
    expect(res.json().purpose).toEqual({
      id: 'web-personalisation',
      description: 'Record behaviour on the websites after login and derive interests from it',
    });
    expect(list[0]?.why).toEqual(['Simulation run about pension: 2 times, last on 2026-06-13']);
    const fr = (await get(`/v1/subjects/${sid}/interests?language=fr`)).json().items as { why: string[] }[];
    expect(fr[0]?.why).toEqual(["Exécution d'une simulation (pension) : 2 fois, la dernière le 2026-06-13"]);
    expectProblem(await get(`/v1/subjects/${sid}/interests`, t.as('agent')), 403, 'ROLE_FORBIDDEN');
  });

  it('a deleted interest is gone and never inferred again', async () => {
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/v1/subjects/${sid}/interests/vacances`,
      headers: customer(),
    });
    expect(del.statusCode).toBe(204);
    await rescore(t.deps, sid);
    const list = (await get(`/v1/subjects/${sid}/interests`)).json().items as { topic: string }[];
    expect(list.map((i) => i.topic)).toEqual(['pension']);
    expectProblem(
      await t.app.inject({
        method: 'DELETE',
        url: `/v1/subjects/${sid}/interests/yachts`,
        headers: customer(),
      }),
      422,
      'INTEREST_INVALID',
    );
  });

  it('offers: not held, allowed senders, decide() for each; popularity until a model is trained, then explained', async () => {
    const before = (await get(`/v1/subjects/${sid}/offers`)).json();
    expect(before.ranking).toBe('popularity');
    expect(before.excluded).toContainEqual({
      product: 'current-account',
      reasons: [{ code: 'product.held', text: 'Already held' }],
    });
    expect(before.offers.map((o: { sender: string }) => o.sender)).toEqual(
      expect.arrayContaining(['bank', 'bank-insurance', 'bank-lease']),
    );
    // Outcomes from 40 people: pension-curious people take up pension savings.
    for (let i = 0; i < 40; i++) {
      const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
      const curious = i % 2 === 0;
      await t.deps.db.query(
        'INSERT INTO interests (subject_id, topic, score, signals, scored_at) VALUES ($1, $2, $3, $4, $5)',
        [s.id, curious ? 'pension' : 'vacances', 0.8, '[]', FIXED_NOW],
      );
      for (const product of ['pension-savings', 'travel-insurance']) {
        const accepted = product === 'pension-savings' ? curious : !curious;
        const res = await t.app.inject({
          method: 'POST',
          url: `/v1/subjects/${s.id}/offer-outcomes`,
          headers: t.as('agent'),
          payload: { product, accepted },
        });
        expect(res.statusCode).toBe(201);
      }
    }
    // Each outcome keeps the features of its time, derived only: no birth date, no address.
    const snap = await t.deps.db.query<{ features: Record<string, number> }>(
      'SELECT features FROM offer_outcomes ORDER BY id LIMIT 1',
    );
    expect(
      Object.keys(snap.rows[0]?.features ?? {}).every((k) => /^(interest|holds|age|region):/.test(k)),
    ).toBe(true);
    // Interests that change after the offer do not leak into what the model learns.
    await t.deps.db.query("UPDATE interests SET score = 0.01 WHERE topic = 'pension' AND subject_id <> $1", [
      sid,
    ]);
    const trained = await trainFromOutcomes(t.deps, 'test');
    expect(trained.products).toBe(2);
    const after = (await get(`/v1/subjects/${sid}/offers`)).json();
    expect(after.ranking).toBe('model');
    expect(after.offers[0]).toMatchObject({ product: 'pension-savings' });
    expect(after.offers[0].why[0]).toBe('your interest in pension');
    expect(after.offers[0].score).toBeGreaterThan(after.offers[1].score ?? 0);
  });

  it('an objection to profiling removes the scores at once and un-personalises offers', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${sid}/objections`,
      headers: customer(),
      payload: { kind: 'profiling', action: 'raise' },
    });
    expect(res.statusCode).toBeLessThan(300);
    expect((await get(`/v1/subjects/${sid}/interests`)).json().items).toEqual([]);
    await rescore(t.deps);
    expect((await get(`/v1/subjects/${sid}/interests`)).json().items).toEqual([]);
    const offers = (await get(`/v1/subjects/${sid}/offers`)).json();
    expect(offers.ranking).toBe('popularity');
    expect(offers.rankingReason).toContain('Not personalised');
  });

  it('agents see offers and themes, never behaviour (BK-13)', async () => {
    const res = await get(`/v1/subjects/${sid}/offers`, t.as('agent'));
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual([
      'excluded',
      'offers',
      'ranking',
      'rankingReason',
      'themes',
    ]);
    expectProblem(await get(`/v1/subjects/${sid}/events`, t.as('agent')), 403, 'ROLE_FORBIDDEN');
  });

  it('a processor reads pseudonymised scores for its own purpose only; every read is audited (BK-15)', async () => {
    const key = async (scopes: string[]) => ({
      authorization: `Bearer ${(await createKey(t.deps.db, { role: 'processor', scopes }, 'test')).key}`,
    });
    const analytics = await key(['features', 'recipient:analytics-processor']);
    const page = await get('/v1/processor/features?purpose=web-personalisation&limit=5', analytics);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.items.length).toBeGreaterThan(0);
    const ids = (await t.deps.db.query<{ id: string }>('SELECT id FROM subjects')).rows.map((r) => r.id);
    for (const id of ids) expect(page.body).not.toContain(id);
    expect(Object.keys(body.items[0])).toEqual(['ref', 'interests']);
    if (body.next) {
      const next = await get(
        `/v1/processor/features?purpose=web-personalisation&limit=5&after=${body.next}`,
        analytics,
      );
      expect(next.statusCode).toBe(200);
    }
    expectProblem(
      await get('/v1/processor/features?purpose=commercial-proposals', analytics),
      403,
      'ROLE_FORBIDDEN',
    );
    const mailing = await key(['features', 'recipient:mailing-processor']);
    expectProblem(
      await get('/v1/processor/features?purpose=web-personalisation', mailing),
      403,
      'ROLE_FORBIDDEN',
    );
    expectProblem(
      await get('/v1/processor/features?purpose=web-personalisation', await key([])),
      403,
      'ROLE_FORBIDDEN',
    );
    // A group company is a recipient, not a processor: its key cannot read features this way.
    const group = await key(['features', 'recipient:group-insurance']);
    expectProblem(
      await get('/v1/processor/features?purpose=commercial-proposals', group),
      403,
      'ROLE_FORBIDDEN',
    );
    // Scores that outlived a withdrawal (written around the hooks) are still not disclosed.
    const gone = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
    await t.deps.db.query(
      "INSERT INTO interests (subject_id, topic, score, signals, scored_at) VALUES ($1, 'pension', 0.9, '[]', $2)",
      [gone.id, FIXED_NOW],
    );
    let refs: string[] = [];
    for (let next: string | null = ''; next !== null; ) {
      const res = await get(
        `/v1/processor/features?purpose=web-personalisation&limit=50${next ? `&after=${next}` : ''}`,
        analytics,
      );
      expect(res.statusCode).toBe(200);
      refs = [...refs, ...res.json().items.map((i: { ref: string }) => i.ref)];
      next = res.json().next;
    }
    expect(refs.length).toBeGreaterThan(0);
    expect(refs).not.toContain(pseudonymOf(t.deps, gone.id));
    await chainAudit(t.deps.db);
    const audited = await t.deps.db.query("SELECT 1 FROM audit_log WHERE action = 'processor.read'");
    expect(audited.rows.length).toBeGreaterThanOrEqual(1);
  });
});

describe.each(BACKENDS)(
  'offers on %s (energy services: no tracking, a profiling purpose of its own)',
  (backend) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend, { policy: 'policies/energy-services.yaml' });
    });
    afterAll(() => t.dispose());

    it('ranks by a model on holdings and age band under EN-6(d), until the person objects', async () => {
      const sid = t.customerId;
      await t.deps.db.query(
        "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, 'boiler-maintenance', 'C1', '2020-01-01')",
        [sid],
      );
      for (let i = 0; i < 30; i++) {
        const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
        const owner = i % 2 === 0;
        if (owner)
          await t.deps.db.query(
            "INSERT INTO holdings (subject_id, product_code, account_ref, held_since) VALUES ($1, 'boiler-maintenance', $2, '2020-01-01')",
            [s.id, `C${i}`],
          );
        await t.app.inject({
          method: 'POST',
          url: `/v1/subjects/${s.id}/offer-outcomes`,
          headers: t.as('agent'),
          payload: { product: 'heat-pump', accepted: owner },
        });
      }
      await trainFromOutcomes(t.deps, 'test');
      const offers = (await get(t, `/v1/subjects/${sid}/offers`)).json();
      expect(offers.ranking).toBe('model');
      expect(offers.offers[0]).toMatchObject({ product: 'heat-pump', sender: 'energy-services' });
      expect(offers.offers.every((o: { domain: string }) => o.domain === 'heating-cooling')).toBe(true);
      expect(offers.excluded).toContainEqual(expect.objectContaining({ product: 'boiler-maintenance' }));

      await changeObjection(
        t.deps,
        sid,
        { kind: 'legitimate-interest', purpose: 'profiling-credit-offers', action: 'raise' },
        who,
      );
      const after = (await get(t, `/v1/subjects/${sid}/offers`)).json();
      expect(after.ranking).toBe('popularity');
      expect(after.rankingReason).toContain('Not personalised');
    });
  },
);

function get(t: TestApp, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { ...t.as('customer'), 'accept-language': 'en' } });
}
