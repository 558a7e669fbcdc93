// The marketer's promises (issue 15; BK-7 at most one commercial message a month across all
// channels, BK-13 need to know): campaigns listed and filtered, a declared priority deciding
// who takes a person's monthly slot, the preview saying who lost it to what, the suppressed
// people by id and reason (never who they are), the send as a job with its progress, the batch
// for the processor, and the month's report.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { BANK_PROPOSAL } from '../../../test/support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { recordConsent } from '../../consent/consent.ts';
import { createSubject } from '../../subjects/subjects.ts';
import { drainQueue, queueCampaign } from '../campaign-queue.ts';
import { sendMessage } from '../comms.ts';
import { ledgerWindow } from '../model.ts';

const who = { actor: 'test', role: 'admin' as const };
const proposal = BANK_PROPOSAL;

describe.each(BACKENDS)('the marketer on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  const people: string[] = [];
  let oneToOne: string;
  beforeAll(async () => {
    t = await testApp(backend);
    dir = await mkdtemp(join(tmpdir(), 'garde-marketer-'));
    t.deps.config.dataDir = dir;
    for (let i = 0; i < 4; i++) {
      const id = (
        await createSubject(
          t.deps,
          {
            lifecycle: 'customer',
            customerSince: '2020-01-01',
            identity: {
              givenName: `Zelie${i}`,
              familyName: 'Marchal',
              city: 'Namur',
              street: 'Rue Haute 1',
              postalCode: '5000',
              country: 'BE',
            },
          },
          'test',
        )
      ).id;
      await recordConsent(t.deps, id, { purpose: 'commercial-proposals', state: 'given' }, who);
      people.push(id);
    }
    // Reached one to one this month, outside any campaign: their slot is used otherwise.
    oneToOne = people[3] as string;
    await sendMessage(t.deps, { ...proposal, subjectId: oneToOne, contentRef: 'call' }, 'test');
  });
  afterAll(async () => {
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const create = async (name: string, priority: number) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.as('marketer'),
      payload: { name, contentRef: name, audience: { lifecycles: ['customer'] }, priority, ...proposal },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const get = (url: string, role: 'marketer' | 'dpo' | 'admin' = 'marketer') =>
    t.app.inject({ method: 'GET', url, headers: t.as(role) });

  let high: string;
  let low: string;

  it('a higher-priority campaign takes the month’s slot and the preview says who lost it to what', async () => {
    low = await create('Low', 10);
    high = await create('High', 90);
    // Both wait for the send job; the lower was queued first, the higher is sent first.
    await queueCampaign(t.deps, low, 'key:marketer');
    await queueCampaign(t.deps, high, 'key:marketer');
    expect(await drainQueue(t.deps)).toBe(2);
    const highSent = (await get(`/v1/campaigns/${high}`)).json();
    const lowSent = (await get(`/v1/campaigns/${low}`)).json();
    expect(highSent.result).toMatchObject({ sent: 3 });
    expect(lowSent.result).toMatchObject({ sent: 0, suppressed: { 'cap.reached': 4 } });
    expect(new Date(highSent.sentAt).getTime()).toBeLessThanOrEqual(new Date(lowSent.sentAt).getTime());

    const next = await create('Later', 50);
    const preview = (await get(`/v1/campaigns/${next}/preview`)).json();
    expect(preview.eligible).toBe(0);
    expect(preview.arbitration).toEqual({
      takenBy: [{ campaign: high, name: 'High', priority: 90, subjects: 3 }],
      usedOtherwise: 1,
      queued: [],
    });
    const listed = (await get(`/v1/campaigns/${next}/suppressions?reason=cap.reached&limit=500`)).json();
    const byId = new Map(listed.items.map((s: { subjectId: string }) => [s.subjectId, s]));
    expect(byId.get(people[0])).toEqual({
      subjectId: people[0],
      reason: 'cap.reached',
      takenBy: { campaign: high, name: 'High', priority: 90 },
    });
    expect(byId.get(oneToOne)).toEqual({ subjectId: oneToOne, reason: 'cap.reached', takenBy: null });
  });

  it('the marketer sees the suppressed people by subject id and reason, a page at a time, never who they are', async () => {
    const next = (await get('/v1/campaigns?status=draft')).json().items[0].id as string;
    const seen: string[] = [];
    let url = `/v1/campaigns/${next}/suppressions?limit=1`;
    for (;;) {
      const res = await get(url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toMatch(/Zelie|Marchal|Namur|Rue Haute/);
      const page = res.json();
      seen.push(...page.items.map((s: { subjectId: string }) => s.subjectId));
      if (!page.next) break;
      url = `/v1/campaigns/${next}/suppressions?limit=1&after=${encodeURIComponent(page.next)}`;
    }
    // The four consenting customers (cap), and the test app's own customer (no consent).
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(people));
    const consent = (await get(`/v1/campaigns/${next}/suppressions?reason=consent.missing`)).json();
    expect(consent.items.every((s: { reason: string }) => s.reason === 'consent.missing')).toBe(true);
    expectProblem(await get(`/v1/campaigns/${next}/suppressions?reason=nonsense`), 400, 'REQUEST_INVALID');
  });

  it('lists campaigns newest first, a page at a time, filtered by status, purpose and channel', async () => {
    const first = (await get('/v1/campaigns?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.next).toBeTruthy();
    const rest = (await get(`/v1/campaigns?limit=2&after=${encodeURIComponent(first.next)}`)).json();
    const all = [...first.items, ...rest.items];
    // The test clock stands still: one creation time, so the id orders them, each listed once.
    expect(all.map((c: { name: string }) => c.name).sort()).toEqual(['High', 'Later', 'Low']);
    const times = all.map((c: { createdAt: string }) => Date.parse(c.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const sent = (
      await get('/v1/campaigns?status=sent&channel=postal-mail&purpose=commercial-proposals')
    ).json();
    expect(sent.items.map((c: { name: string }) => c.name).sort()).toEqual(['High', 'Low']);
    expectProblem(await get('/v1/campaigns?channel=carrier-pigeon'), 400, 'CAMPAIGN_FILTER_INVALID');
  });

  it('a send runs as a job: answered at once, its progress readable until every person is processed', async () => {
    const other = await createSubject(
      t.deps,
      { lifecycle: 'prospect', lastContactAt: '2026-05-01T00:00:00Z' },
      'test',
    );
    await recordConsent(t.deps, other.id, { purpose: 'commercial-proposals', state: 'given' }, who);
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/campaigns/${(await get('/v1/campaigns?status=draft')).json().items[0].id}/send`,
      headers: { ...t.as('marketer'), prefer: 'respond-async' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers.location).toMatch(/^\/v1\/campaigns\//);
    expect(res.json()).toMatchObject({ status: 'queued', progress: { processed: 0 } });
    const total = res.json().progress.total as number;
    expect(total).toBeGreaterThan(0);
    await drainQueue(t.deps);
    const done = (await get(res.headers.location as string)).json();
    expect(done.status).toBe('sent');
    expect(done.progress).toEqual({ processed: total, total });
    const again = await t.app.inject({
      method: 'POST',
      url: `${res.headers.location}/send`,
      headers: { ...t.as('marketer'), prefer: 'respond-async' },
    });
    expectProblem(again, 409, 'CAMPAIGN_SENT');
  });

  it('queued sends under concurrency still give nobody more than the month’s one message', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => create(`Race ${i}`, i % 3)));
    const answers = await Promise.all(
      ids.map((id) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/campaigns/${id}/send`,
          headers: { ...t.as('marketer'), prefer: 'respond-async' },
        }),
      ),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(202);
    await drainQueue(t.deps);
    const window = ledgerWindow(t.deps.policy, t.deps.now());
    const over = await t.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT subject_id FROM communications WHERE counted AND window_key = $1
       GROUP BY subject_id HAVING count(*) > 1) o`,
      [window],
    );
    expect(over.rows[0]?.n).toBe(0);
  });

  it('the batch goes as the channel declares it to the DPO, and to the marketer for the processor the policy names (EN-8, BK-15)', async () => {
    const res = await get(`/v1/campaigns/${high}/batch`, 'dpo');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`${high}-postal-mail-mailing-processor.csv`);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('subject_id');
    expect(lines).toHaveLength(4);
    // The postal batch names the mailing processor: the marketer may hand it over, the same file.
    const marketer = await get(`/v1/campaigns/${high}/batch`, 'marketer');
    expect(marketer.statusCode, marketer.body).toBe(200);
    expect(marketer.body).toBe(res.body);
    const draft = await create('Draft', 0);
    expectProblem(await get(`/v1/campaigns/${draft}/batch`, 'admin'), 409, 'CAMPAIGN_NOT_SENT');
  });

  it('the month’s report: 0/1/2+, overrides per actor without the reason typed about the person (the DPO gets it), suppressions by reason, target met, by channel', async () => {
    const window = ledgerWindow(t.deps.policy, t.deps.now());
    await sendMessage(
      t.deps,
      {
        ...proposal,
        subjectId: people[0] as string,
        contentRef: 'again',
        override: { reason: 'fraud alert follow-up' },
      },
      'key:marketer',
    );
    const report = (await get(`/v1/reports/communications?window=${window}`)).json();
    expect(report.contacted.twiceOrMore).toBe(1);
    // Need-to-know: the reason an agent typed may name the person; the marketer gets counts per actor.
    expect(report.overridesBy).toEqual([{ actor: 'key:marketer', count: 1 }]);
    expect(JSON.stringify(report)).not.toContain('fraud alert');
    for (const role of ['dpo', 'admin'] as const)
      expect((await get(`/v1/reports/communications?window=${window}`, role)).json().overridesBy).toEqual([
        { actor: 'key:marketer', reason: 'fraud alert follow-up', count: 1 },
      ]);
    expect(report.suppressions['cap.reached']).toBeGreaterThanOrEqual(4);
    expect(report.cap).toMatchObject({ subjectsOver: 1, subjectsOverUnexplained: 0, met: true });
    const none = (await get(`/v1/reports/communications?window=${window}&channel=email`)).json();
    expect(none).toMatchObject({
      channel: 'email',
      contacted: { once: 0, twiceOrMore: 0 },
      suppressions: {},
    });
    expectProblem(
      await get(`/v1/reports/communications?window=${window}&channel=carrier-pigeon`),
      400,
      'CAMPAIGN_FILTER_INVALID',
    );
  });
});
