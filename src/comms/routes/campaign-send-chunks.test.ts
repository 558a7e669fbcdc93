// BK-7, the send as a job (issue 15): a campaign is sent a chunk of people at a time, each chunk
// its own transaction, so its progress shows while it runs; a send cut short resumes where it
// stopped without messaging anyone twice; and a draft's preview says what campaigns still
// waiting in the queue, sent first, will take.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { BANK_PROPOSAL, consentingCustomers } from '../../../test/support/campaigns.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';
import { drainQueue, queueCampaign } from '../campaign-queue.ts';
import { getCampaign, previewCampaign, sendCampaign, sendNextQueued } from '../campaigns.ts';

const PEOPLE = 7;
const CHUNK = 2;

describe.each(BACKENDS)('a campaign sent in chunks on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  let clock = new Date('2027-01-10T09:00:00Z');
  beforeAll(async () => {
    t = await testApp(backend);
    dir = await mkdtemp(join(tmpdir(), 'garde-chunks-'));
    t.deps.config.dataDir = dir;
    await consentingCustomers(t, PEOPLE, (i) => ({
      givenName: `Ines${i}`,
      familyName: 'Dubois',
      street: 'Rue Basse 2',
      postalCode: '4000',
      city: 'Liège',
      country: 'BE',
    }));
    // Each test sends in a month of its own, so every person's slot is free again.
    t.deps.now = () => clock;
  }, 120_000);
  afterAll(async () => {
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const create = async (name: string, priority = 0) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.as('marketer'),
      payload: { name, contentRef: name, audience: { lifecycles: ['customer'] }, priority, ...BANK_PROPOSAL },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const ledgerOf = async (campaign: string) =>
    (
      await t.deps.db.query<{ subject_id: string; n: number }>(
        'SELECT subject_id, count(*)::int AS n FROM communications WHERE campaign_id = $1 GROUP BY 1',
        [campaign],
      )
    ).rows;

  it('a draft previews the people a queued campaign of higher priority will take first', async () => {
    clock = new Date('2027-01-10T09:00:00Z');
    const high = await create('Winter offer', 80);
    const low = await create('Leftovers', 5);
    await queueCampaign(t.deps, high, 'key:marketer');
    await queueCampaign(t.deps, low, 'key:marketer');
    const draft = await create('Spring teaser', 40);
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/campaigns/${draft}/preview`,
      headers: t.as('marketer'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json();
    // Nothing is sent yet: all may be reached now, and all will be the queued campaign's first.
    expect(preview.eligible).toBe(PEOPLE);
    // The lower-priority queued campaign goes after the draft: it takes nothing from it.
    expect(preview.arbitration.takenBy).toEqual([]);
    expect(preview.arbitration.queued).toEqual([
      { campaign: high, name: 'Winter offer', priority: 80, subjects: PEOPLE },
    ]);
    // Once sent, what it took is a loss to a sent campaign, no longer to a queued one.
    await drainQueue(t.deps);
    const after = (
      await t.app.inject({ method: 'GET', url: `/v1/campaigns/${draft}/preview`, headers: t.as('marketer') })
    ).json();
    expect(after.arbitration.queued).toEqual([]);
    expect(after.arbitration.takenBy).toEqual([
      { campaign: high, name: 'Winter offer', priority: 80, subjects: PEOPLE },
    ]);
  });

  it('a send of more people than a chunk reports its progress between chunks, then the whole result', async () => {
    clock = new Date('2027-03-10T09:00:00Z');
    const id = await create('March letter');
    const before = await previewCampaign(t.deps, id);
    expect(before).toMatchObject({ eligible: PEOPLE });
    await queueCampaign(t.deps, id, 'key:marketer');
    const seen: { processed: number; total: number | null; status: string }[] = [];
    await drainQueue(t.deps, {
      chunk: CHUNK,
      afterChunk: async () => {
        const res = await t.app.inject({
          method: 'GET',
          url: `/v1/campaigns/${id}`,
          headers: t.as('marketer'),
        });
        const c = res.json();
        seen.push({ ...c.progress, status: c.status });
      },
    });
    // Read between chunks: each a step further, none the end (the audience holds more people
    // than two chunks, so at least two steps show).
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const [i, p] of seen.entries()) {
      expect(p.status).toBe('sending');
      expect(p.total).toBe(before.audience);
      expect(p.processed).toBeGreaterThan(i === 0 ? 0 : (seen[i - 1]?.processed ?? 0));
      expect(p.processed).toBeLessThanOrEqual(before.audience);
    }
    const sent = await getCampaign(t.deps, id);
    expect(sent.status).toBe('sent');
    expect(sent.progress).toEqual({ processed: before.audience, total: before.audience });
    // The chunks add up to what the preview counted for the whole audience.
    expect(sent.result).toMatchObject({ ...before, sent: PEOPLE });
    expect(await ledgerOf(id)).toHaveLength(PEOPLE);
  });

  it('a send still running in a request is not taken over by the job: it holds its campaign until it ends', async () => {
    clock = new Date('2027-07-10T09:00:00Z');
    const id = await create('July letter');
    const joined: unknown[] = [];
    const counts = await sendCampaign(t.deps, id, 'key:marketer', {
      chunk: CHUNK,
      // Between two chunks the job runs, as it does every second in the server: nothing is due.
      afterChunk: async () => {
        joined.push(await sendNextQueued(t.deps, { chunk: CHUNK }));
      },
    });
    expect(joined.length).toBeGreaterThanOrEqual(1);
    expect(joined.every((x) => x === null)).toBe(true);
    expect(counts.sent).toBe(PEOPLE);
    expect(await ledgerOf(id)).toHaveLength(PEOPLE);
    expect((await getCampaign(t.deps, id)).status).toBe('sent');
  });

  it('a send cut short after one chunk resumes where it stopped and messages nobody twice', async () => {
    clock = new Date('2027-05-10T09:00:00Z');
    const id = await create('May letter');
    const before = await previewCampaign(t.deps, id);
    const died = new Error('the process died');
    await expect(
      sendCampaign(t.deps, id, 'key:marketer', {
        chunk: CHUNK,
        // Dies once the first people were messaged (a chunk may hold nobody of the audience).
        afterChunk: async () => {
          if ((await ledgerOf(id)).length > 0) throw died;
        },
      }),
    ).rejects.toBe(died);
    const cut = await getCampaign(t.deps, id);
    expect(cut.status).toBe('sending');
    const reached = (await ledgerOf(id)).length;
    expect(reached).toBeLessThan(PEOPLE);
    expect(cut.progress?.processed).toBeGreaterThanOrEqual(reached);
    expect(cut.progress?.processed).toBeLessThan(before.audience);
    // No batch yet: it is written once, whole, when the last chunk is sent.
    await expect(readFile(join(dir, 'outbound', id, 'postal-mail.csv'))).rejects.toThrow();

    // The job resumes sends cut short before it looks at the queue.
    expect(await drainQueue(t.deps, { chunk: CHUNK })).toBe(1);
    const ledger = await ledgerOf(id);
    expect(ledger).toHaveLength(PEOPLE);
    expect(ledger.every((x) => x.n === 1)).toBe(true);
    const sent = await getCampaign(t.deps, id);
    expect(sent.status).toBe('sent');
    expect(sent.result).toMatchObject({ ...before, sent: PEOPLE });
    const batch = (await readFile(join(dir, 'outbound', id, 'postal-mail.csv'), 'utf8')).trim().split('\n');
    expect(batch).toHaveLength(PEOPLE + 1);
    // Not sent again by a second run.
    expect(await drainQueue(t.deps, { chunk: CHUNK })).toBe(0);
    expect(await ledgerOf(id)).toHaveLength(PEOPLE);
  });
});
