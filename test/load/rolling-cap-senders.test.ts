// BK-7 load test, rolling window: 24 concurrent single senders and 3 campaigns, each on its own
// PostgreSQL connection, race for people who already got a message 20 days ago, in the previous
// month. "At most 2 in any 30 days" leaves each one slot: 0 violations, every slot accounted for.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendCampaign } from '../../src/comms/campaigns.ts';
import { sendMessage } from '../../src/comms/comms.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { testDeps } from '../support/backends.ts';
import { energyCampaigns, rollingCappedPolicy } from '../support/capped-policy.ts';
import { describeWhen, POSTGRES_REQUIRED } from '../support/requires.ts';

const SENDERS = 24;
const SENDS_EACH = 10;
const CAMPAIGNS = 3;
const SUBJECTS = 20;
const EARLIER = new Date('2026-05-26T09:00:00.000Z');
const NOW = new Date('2026-06-15T10:00:00.000Z');
const proposal = {
  purpose: 'marketing-customers',
  messageClass: 'commercial',
  sender: 'energy-services',
};

describeWhen(POSTGRES_REQUIRED, 'test/load/rolling-cap-senders.test.ts')(
  'single senders and campaigns on PostgreSQL, rolling window',
  () => {
    let deps: Awaited<ReturnType<typeof testDeps>>;
    const subjects: string[] = [];
    beforeAll(async () => {
      const policy = await rollingCappedPolicy(2);
      deps = await testDeps('postgres', { policy, poolSize: SENDERS + CAMPAIGNS + 2 });
      deps.config.dataDir = await mkdtemp(join(tmpdir(), 'garde-rolling-load-'));
      deps.now = () => EARLIER;
      for (let i = 0; i < SUBJECTS; i++) {
        const id = (await createSubject(deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test'))
          .id;
        await sendMessage(
          deps,
          { ...proposal, channel: 'shop-counter', subjectId: id, contentRef: 'may' },
          'test',
        );
        subjects.push(id);
      }
      deps.now = () => NOW;
    });
    afterAll(() => deps.dispose());

    it('0 violations of a rolling cap under concurrent single sends and campaigns', async () => {
      const campaigns = await energyCampaigns(deps, CAMPAIGNS, 'door-to-door');
      let single = 0;
      let refused = 0;
      const singles = Array.from({ length: SENDERS }, async (_, s) => {
        for (let i = 0; i < SENDS_EACH; i++) {
          const subjectId = subjects[(s * 7 + i * 13) % SUBJECTS] as string;
          const channel = ['door-to-door', 'shop-counter'][i % 2] as string;
          try {
            await sendMessage(deps, { ...proposal, subjectId, channel, contentRef: `s${s}` }, `sender-${s}`);
            single++;
          } catch (e) {
            if ((e as { code?: string }).code !== 'CAP_REACHED') throw e;
            refused++;
          }
        }
      });
      // Small chunks: each campaign's send is several transactions racing the single sends.
      const sends = campaigns.map((id) => sendCampaign(deps, id, 'marketer', { chunk: 3 }));
      const [results] = await Promise.all([Promise.all(sends), Promise.all(singles)]);
      const byCampaigns = results.reduce((n, r) => n + (r.sent ?? 0), 0);
      const over = await deps.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT subject_id FROM communications
           WHERE counted AND sent_at > $1::timestamptz - interval 'P30D' GROUP BY 1 HAVING count(*) > 2) x`,
        [NOW],
      );
      expect(over.rows[0]?.n).toBe(0);
      expect(single + byCampaigns).toBe(SUBJECTS);
      expect(single + refused).toBe(SENDERS * SENDS_EACH);
    });
  },
);
