// BK-7 load test: 32 concurrent senders, each on its own PostgreSQL connection, hammer a small
// population across channels; the strict cap is never exceeded (0 violations).

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendCampaign } from '../../src/comms/campaigns.ts';
import { sendMessage } from '../../src/comms/comms.ts';
import { testDeps } from '../support/backends.ts';
import {
  cappedPolicy,
  ENERGY_PROPOSAL,
  energyCampaigns,
  reachableEnergyCustomers,
} from '../support/capped-policy.ts';
import { describeWhen, POSTGRES_REQUIRED } from '../support/requires.ts';

const SENDERS = 32;
const SENDS_EACH = 25;
const SUBJECTS = 20;

describeWhen(POSTGRES_REQUIRED, 'test/load/cap-32-senders.test.ts')(
  '32 concurrent senders on PostgreSQL',
  () => {
    let deps: Awaited<ReturnType<typeof testDeps>>;
    let subjects: string[] = [];
    beforeAll(async () => {
      deps = await testDeps('postgres', {
        policy: await cappedPolicy('policies/energy-services.yaml'),
        poolSize: SENDERS + 2,
      });
      subjects = await reachableEnergyCustomers(deps, SUBJECTS);
      deps.config.dataDir = await mkdtemp(join(tmpdir(), 'garde-cap-load-'));
    });
    afterAll(() => deps.dispose());

    it('0 violations of the cap, and every slot is accounted for in the ledger', async () => {
      let sent = 0;
      let refused = 0;
      await Promise.all(
        Array.from({ length: SENDERS }, async (_, s) => {
          for (let i = 0; i < SENDS_EACH; i++) {
            const subjectId = subjects[(s * 7 + i * 13) % SUBJECTS] as string;
            const channel = ['email', 'door-to-door'][i % 2] as string;
            try {
              await sendMessage(
                deps,
                {
                  subjectId,
                  purpose: 'marketing-customers',
                  messageClass: 'commercial',
                  channel,
                  sender: 'energy-services',
                  contentRef: `s${s}`,
                },
                `sender-${s}`,
              );
              sent++;
            } catch (e) {
              if ((e as { code?: string }).code !== 'CAP_REACHED') throw e;
              refused++;
            }
          }
        }),
      );
      const over = await deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT subject_id, window_key FROM communications WHERE counted GROUP BY 1, 2 HAVING count(*) > 2) x',
      );
      expect(over.rows[0]?.n).toBe(0);
      expect(sent).toBe(SUBJECTS * 2);
      expect(sent + refused).toBe(SENDERS * SENDS_EACH);
    });

    it('0 violations when campaigns sent a few people per transaction race the single senders', async () => {
      // A month of its own: every slot is free again.
      const month = new Date(deps.now().getTime() + 40 * 24 * 3600 * 1000);
      deps.now = () => month;
      const campaigns = await energyCampaigns(deps, 3, 'email');
      let single = 0;
      const singles = Array.from({ length: SENDERS / 2 }, async (_, s) => {
        for (let i = 0; i < 10; i++) {
          const subjectId = subjects[(s * 7 + i * 13) % SUBJECTS] as string;
          const channel = ['email', 'door-to-door'][i % 2] as string;
          try {
            await sendMessage(
              deps,
              { ...ENERGY_PROPOSAL, subjectId, channel, contentRef: `s${s}` },
              `sender-${s}`,
            );
            single++;
          } catch (e) {
            if ((e as { code?: string }).code !== 'CAP_REACHED') throw e;
          }
        }
      });
      const sends = campaigns.map((id) => sendCampaign(deps, id, 'marketer', { chunk: 3 }));
      const [results] = await Promise.all([Promise.all(sends), Promise.all(singles)]);
      const byCampaigns = results.reduce((n, r) => n + (r.sent ?? 0), 0);
      const over = await deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT subject_id, window_key FROM communications WHERE counted GROUP BY 1, 2 HAVING count(*) > 2) x',
      );
      expect(over.rows[0]?.n).toBe(0);
      // Every slot of the month is taken, each once: two per person.
      const used = await deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM communications WHERE counted AND subject_id = ANY($1::uuid[]) AND sent_at >= $2',
        [subjects, month],
      );
      expect(used.rows[0]?.n).toBe(single + byCampaigns);
      expect(single + byCampaigns).toBe(SUBJECTS * 2);
    });
  },
);
