// BK-7 load test: 32 concurrent senders, each on its own PostgreSQL connection, hammer a small
// population across channels; the strict cap is never exceeded (0 violations).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendMessage } from '../../src/comms/comms.ts';
import { testDeps } from '../support/backends.ts';
import { cappedPolicy, reachableEnergyCustomers } from '../support/capped-policy.ts';
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
  },
);
