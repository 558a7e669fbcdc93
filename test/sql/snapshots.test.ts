// Hot-path SQL, written out so that a change to it shows in review (STYLE 3b): the state read
// behind every decision, and the SQL mirror of decide() on the bulk paths (ingest gate, campaign
// audience, interest scoring), generated from the retail-bank policy.
import { describe, expect, it } from 'vitest';
import { audienceSql } from '../../src/comms/audience.ts';
import type { Campaign } from '../../src/comms/campaigns.ts';
import { STATE_SQL } from '../../src/consent/store.ts';
import { rescoreSql } from '../../src/interests/sql.ts';
import { loadPolicyOrThrow } from '../../src/runtime.ts';
import { ingestStatement } from '../../src/tracking/gate.ts';

const text = (sql: string | null | undefined) => `${(sql ?? '').trim()}\n`;

describe('hot-path SQL', () => {
  it('subject state read (every decision)', async () => {
    await expect(text(STATE_SQL)).toMatchFileSnapshot('./state-read.sql');
  });

  it('the ingest gate, the e-mail campaign audience and interest scoring', async () => {
    const policy = await loadPolicyOrThrow('policies/retail-bank.yaml');
    await expect(text(ingestStatement(policy).sql)).toMatchFileSnapshot('./ingest-gate.sql');
    const campaign = {
      purpose: 'commercial-proposals',
      channel: 'email',
      messageClass: 'commercial',
      sender: 'bank',
    } as Campaign;
    await expect(text(audienceSql(policy, campaign))).toMatchFileSnapshot('./audience-email.sql');
    await expect(text(rescoreSql(policy))).toMatchFileSnapshot('./interest-scoring.sql');
  });
});
