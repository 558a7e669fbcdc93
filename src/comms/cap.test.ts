// BK-7 in strict mode: however sends interleave (several channels, concurrent senders), no
// subject ever gets more counted messages in a window than the cap, and the counter always
// equals the ledger. The energy notice states no cap: the test adds one to a copy of it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDeps } from '../../test/support/backends.ts';
import {
  cappedPolicy,
  reachableEnergyCustomers,
  STRICT_TWO_A_MONTH,
} from '../../test/support/capped-policy.ts';
import type { GardeError } from '../platform/errors.ts';
import { sendMessage } from './comms.ts';

const CHANNELS = ['email', 'door-to-door'];

describe.each(BACKENDS)('cap under concurrent sends on %s (strict, max 2)', (backend) => {
  let deps: Awaited<ReturnType<typeof testDeps>>;
  let subjects: string[];
  beforeAll(async () => {
    deps = await testDeps(backend, { policy: await cappedPolicy('policies/energy-services.yaml') });
    expect(deps.policy.communications?.cap).toEqual(STRICT_TWO_A_MONTH);
    subjects = await reachableEnergyCustomers(deps, 4);
  });
  afterAll(() => deps.dispose());

  it('never exceeds the cap, and the counter matches the ledger', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            subject: fc.integer({ min: 0, max: 3 }),
            channel: fc.constantFrom(...CHANNELS),
            kind: fc.constantFrom('commercial', 'operational'),
          }),
          {
            minLength: 1,
            maxLength: 24,
          },
        ),
        async (sends) => {
          await deps.db.exec('DELETE FROM cap_usage;');
          await deps.db.exec(
            'ALTER TABLE communications DISABLE TRIGGER communications_append_only; DELETE FROM communications; ALTER TABLE communications ENABLE TRIGGER communications_append_only;',
          );
          const outcomes = await Promise.all(
            sends.map((s) =>
              sendMessage(
                deps,
                s.kind === 'commercial'
                  ? {
                      subjectId: subjects[s.subject] as string,
                      purpose: 'marketing-customers',
                      messageClass: 'commercial',
                      channel: s.channel,
                      sender: 'energy-services',
                      contentRef: 'p',
                    }
                  : {
                      subjectId: subjects[s.subject] as string,
                      purpose: 'quotes-contracts',
                      messageClass: 'operational',
                      channel: s.channel,
                      contentRef: 'o',
                    },
                'test',
              ).then(
                () => 'sent',
                (e: GardeError) => e.code,
              ),
            ),
          );
          for (const o of outcomes) expect(['sent', 'CAP_REACHED', 'SEND_REFUSED']).toContain(o);
          const counts = await deps.db.query<{ subject_id: string; n: number; used: number | null }>(
            `SELECT m.subject_id, count(*)::int AS n, max(u.used) AS used FROM communications m
             LEFT JOIN cap_usage u ON u.subject_id = m.subject_id AND u.window_key = m.window_key
             WHERE m.counted GROUP BY m.subject_id`,
          );
          for (const row of counts.rows) {
            expect(row.n).toBeLessThanOrEqual(STRICT_TWO_A_MONTH.max);
            expect(row.used).toBe(row.n);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
