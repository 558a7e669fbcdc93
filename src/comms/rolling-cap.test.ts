// BK-7 with a rolling window: "at most 1 counted message in any 30 days" is counted over the 30
// days ending now, not per calendar month, for a single send, a contact check, a campaign's
// preview and send, and the month report; on every backend.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDeps } from '../../test/support/backends.ts';
import { rollingCappedPolicy } from '../../test/support/capped-policy.ts';
import type { GardeError } from '../platform/errors.ts';
import { createSubject } from '../subjects/subjects.ts';
import { createCampaign, previewCampaign, sendCampaign } from './campaigns.ts';
import { checkContact, sendMessage } from './comms.ts';
import { communicationsReport } from './report.ts';

const JAN_31 = new Date('2026-01-31T10:00:00.000Z');
const FEB_1 = new Date('2026-02-01T10:00:00.000Z');
const DAYS_29 = new Date('2026-03-01T10:00:00.000Z');
const DAYS_30 = new Date('2026-03-02T10:00:00.000Z');

const proposal = {
  purpose: 'marketing-customers',
  messageClass: 'commercial',
  channel: 'door-to-door',
  sender: 'energy-services',
};

const rollingPolicy = () => rollingCappedPolicy(1);

type Deps = Awaited<ReturnType<typeof testDeps>>;

async function rollingDeps(backend: (typeof BACKENDS)[number]): Promise<Deps & { at(d: Date): void }> {
  const deps = await testDeps(backend, { policy: await rollingPolicy() });
  deps.config.dataDir = await mkdtemp(join(tmpdir(), 'garde-rolling-'));
  let clock = JAN_31;
  deps.now = () => clock;
  return Object.assign(deps, { at: (d: Date) => (clock = d) });
}

const customer = async (deps: Deps) =>
  (await createSubject(deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test')).id;

describe.each(BACKENDS)('a rolling 30-day cap on %s (BK-7)', (backend) => {
  describe('single sends', () => {
    let deps: Awaited<ReturnType<typeof rollingDeps>>;
    beforeAll(async () => {
      deps = await rollingDeps(backend);
    });
    afterAll(() => deps.dispose());

    const send = (subjectId: string, channel = 'door-to-door') =>
      sendMessage(deps, { ...proposal, channel, subjectId, contentRef: 'p' }, 'test').then(
        () => 'sent',
        (e: GardeError) => e,
      );

    it('a rolling 30-day cap refuses a second message 29 days later and allows it 30 days later, across a month boundary', async () => {
      const sid = await customer(deps);
      deps.at(JAN_31);
      expect(await send(sid)).toBe('sent');
      // A new calendar month frees nothing: the 31 January message is still in the 30 days.
      deps.at(FEB_1);
      expect(await send(sid, 'shop-counter')).toMatchObject({ code: 'CAP_REACHED' });
      deps.at(DAYS_29);
      const refused = await send(sid);
      expect(refused).toMatchObject({
        code: 'CAP_REACHED',
        extra: {
          window: 'P30D',
          windowStart: '2026-01-30T10:00:00.000Z',
          used: 1,
          nextSlotAt: DAYS_30.toISOString(),
        },
      });
      deps.at(DAYS_30);
      expect(await send(sid)).toBe('sent');
    });

    it('the contact check shows the rolling window ending now and when its next slot frees up', async () => {
      const sid = await customer(deps);
      deps.at(JAN_31);
      expect(await send(sid)).toBe('sent');
      deps.at(DAYS_29);
      const full = await checkContact(deps, { ...proposal, subjectId: sid });
      expect(full.allow).toBe(false);
      expect(full.reasons.map((r) => r.code)).toEqual(['cap.reached']);
      expect(full.cap).toEqual({
        window: 'P30D',
        windowStart: '2026-01-30T10:00:00.000Z',
        used: 1,
        max: 1,
        mode: 'strict',
        nextSlotAt: DAYS_30.toISOString(),
      });
      deps.at(DAYS_30);
      const free = await checkContact(deps, { ...proposal, subjectId: sid });
      expect(free.allow).toBe(true);
      expect(free.cap).toMatchObject({ window: 'P30D', used: 0, nextSlotAt: null });
    });

    it('the month report finds nobody over a rolling cap that was kept, and names the window', async () => {
      const report = await communicationsReport(deps, '2026-03');
      expect(report.contacted.once).toBeGreaterThan(0);
      expect(report.cap).toEqual({
        max: 1,
        mode: 'strict',
        rollingWindow: 'P30D',
        subjectsOver: 0,
        subjectsOverUnexplained: 0,
        met: true,
      });
    });
  });

  describe('campaigns', () => {
    let deps: Awaited<ReturnType<typeof rollingDeps>>;
    let sid: string;
    beforeAll(async () => {
      deps = await rollingDeps(backend);
      sid = await customer(deps);
    });
    afterAll(() => deps.dispose());

    const campaign = async (name: string) =>
      (
        await createCampaign(
          deps,
          { ...proposal, name, contentRef: name, audience: { lifecycles: ['customer'] } },
          'test',
        )
      ).id;

    it('a rolling 30-day cap refuses a second message 29 days later and allows it 30 days later, across a month boundary', async () => {
      deps.at(JAN_31);
      expect(await sendCampaign(deps, await campaign('january'), 'test')).toMatchObject({ sent: 1 });
      deps.at(FEB_1);
      const february = await campaign('february');
      expect(await previewCampaign(deps, february)).toMatchObject({
        eligible: 0,
        suppressed: { 'cap.reached': 1 },
      });
      deps.at(DAYS_29);
      const refused = await sendCampaign(deps, await campaign('march-1'), 'test');
      expect(refused).toMatchObject({ sent: 0, suppressed: { 'cap.reached': 1 } });
      deps.at(DAYS_30);
      expect(await previewCampaign(deps, await campaign('preview-march-2'))).toMatchObject({ eligible: 1 });
      expect(await sendCampaign(deps, await campaign('march-2'), 'test')).toMatchObject({ sent: 1 });
      const ledger = await deps.db.query<{ sent_at: Date; window_key: string }>(
        'SELECT sent_at, window_key FROM communications WHERE subject_id = $1 AND counted ORDER BY sent_at',
        [sid],
      );
      expect(ledger.rows.map((r) => [r.sent_at.toISOString(), r.window_key])).toEqual([
        [JAN_31.toISOString(), '2026-01'],
        [DAYS_30.toISOString(), '2026-03'],
      ]);
    });

    it('a single send and a campaign share one rolling window', async () => {
      const other = await customer(deps);
      deps.at(new Date('2026-04-10T08:00:00.000Z'));
      await sendMessage(deps, { ...proposal, subjectId: other, contentRef: 'one-to-one' }, 'test');
      deps.at(new Date('2026-05-05T08:00:00.000Z'));
      const r = await sendCampaign(deps, await campaign('may'), 'test');
      // `sid` last got one on 2 March (free again); `other` on 10 April (25 days ago: full).
      expect(r).toMatchObject({ sent: 1, suppressed: { 'cap.reached': 1 } });
    });
  });

  describe('the month report', () => {
    let deps: Awaited<ReturnType<typeof rollingDeps>>;
    beforeAll(async () => {
      deps = await rollingDeps(backend);
    });
    afterAll(() => deps.dispose());

    it('counts a person over a rolling cap even when each calendar month holds one message', async () => {
      const sid = await customer(deps);
      // Written before the policy said "rolling" (a calendar-month cap let both through).
      for (const [at, month] of [
        [JAN_31, '2026-01'],
        [FEB_1, '2026-02'],
      ] as const)
        await deps.db.query(
          `INSERT INTO communications (subject_id, purpose, channel, message_class, commercial, counted, window_key, content_ref, actor, sent_at)
           VALUES ($1, 'marketing-customers', 'door-to-door', 'commercial', true, true, $2, 'p', 'test', $3)`,
          [sid, month, at],
        );
      const february = await communicationsReport(deps, '2026-02');
      expect(february.contacted.once).toBe(1);
      expect(february.cap).toMatchObject({ rollingWindow: 'P30D', subjectsOver: 1, met: false });
      expect((await communicationsReport(deps, '2026-01')).cap).toMatchObject({ subjectsOver: 0 });
    });
  });
});
