// One mailbox, one person (issue 11 item 6; BK-7, BK-11): e-mail addresses are compared
// case-insensitively wherever identity matters, and one mailbox never gets two counted messages
// in one window, even where a database from before this rule holds it under two subjects.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { createAndSend } from '../../../test/support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { recordConsent } from '../../consent/consent.ts';
import { createSubject } from '../../subjects/subjects.ts';

const who = { actor: 'test', role: 'admin' as const };

describe.each(BACKENDS)('one mailbox, one person on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await testApp(backend);
    dir = await mkdtemp(join(tmpdir(), 'garde-mailbox-'));
    t.deps.config.dataDir = dir;
  });
  afterAll(async () => {
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const create = (email: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: t.as('dpo'),
      payload: { lifecycle: 'customer', customerSince: '2020-01-01', identity: { email } },
    });

  it('a second subject at the same address, written in another case, is refused on create and on update', async () => {
    expect((await create('Casey.Double@Example.test')).statusCode).toBe(201);
    const again = expectProblem(await create('casey.double@example.test'), 409, 'SUBJECT_EXISTS');
    expect(again.detail).toContain('e-mail address');
    const other = (await create('someone.else@example.test')).json();
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/v1/subjects/${other.id}`,
      headers: t.as('dpo'),
      payload: { identity: { email: 'CASEY.DOUBLE@EXAMPLE.TEST' } },
    });
    expectProblem(moved, 409, 'SUBJECT_EXISTS');
    // Rewriting one's own address in another case is no conflict.
    const own = await t.app.inject({
      method: 'PATCH',
      url: `/v1/subjects/${other.id}`,
      headers: t.as('dpo'),
      payload: { identity: { email: 'Someone.Else@example.test' } },
    });
    expect(own.statusCode).toBe(200);
  });

  it('finds the subject behind a mailbox whatever its case (a request that came by e-mail)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects?email=${encodeURIComponent('CASEY.double@example.TEST')}`,
      headers: t.as('dpo'),
    });
    expect(res.json().items.map((s: { identity: { email: string } }) => s.identity.email)).toEqual([
      'Casey.Double@Example.test',
    ]);
  });

  const email = {
    purpose: 'commercial-proposals',
    channel: 'email',
    messageClass: 'commercial',
    sender: 'bank',
  };
  /** Customers with marketing e-mail consent, one per address, written straight in (as before addresses were unique). */
  async function sharingMailbox(...addresses: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const address of addresses) {
      const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
      await t.deps.db.query('INSERT INTO identities (subject_id, email) VALUES ($1, $2)', [s.id, address]);
      for (const purpose of ['commercial-proposals', 'commercial-email'])
        await recordConsent(t.deps, s.id, { purpose, state: 'given' }, who);
      ids.push(s.id);
    }
    return ids;
  }

  it('where two subjects already share a mailbox, an e-mail campaign reaches it once, and the window stays full', async () => {
    // A database written before addresses were unique.
    await t.deps.db.exec('DROP INDEX identities_mailbox_idx');
    const pair = await sharingMailbox('Pat.Shared@Example.test', 'pat.shared@example.test');
    const sent = await createAndSend(t, { name: 'e-mail', contentRef: 'c', audience: {}, ...email });
    expect(sent, JSON.stringify(sent)).toMatchObject({ suppressed: { 'mailbox.shared': 1 } });
    const reached = await t.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM communications WHERE campaign_id = $1 AND subject_id = ANY($2::uuid[])',
      [sent.id, pair],
    );
    expect(reached.rows[0]?.n).toBe(1);
    // The other subject at that mailbox: the window is full for the mailbox, on every path.
    for (const id of pair) {
      const single = await t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${id}/communications`,
        headers: t.as('marketer'),
        payload: { contentRef: 'one', ...email },
      });
      expectProblem(single, 409, 'CAP_REACHED');
      const check = await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${id}/contact-check?${new URLSearchParams(email)}`,
        headers: t.as('agent'),
      });
      expect(check.json()).toMatchObject({ allow: false, cap: { used: 1 } });
    }
    // By post, each person is their own address.
    const post = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${pair[1]}/communications`,
      headers: t.as('marketer'),
      payload: { contentRef: 'one', ...email, channel: 'postal-mail' },
    });
    expect([201, 409]).toContain(post.statusCode);
  });

  it('two sends at once to two people sharing a mailbox: one goes, the other waits and is refused', async () => {
    const pair = await sharingMailbox('Sam.Twin@Example.test', 'sam.twin@example.test');
    const sends = await Promise.all(
      pair.map((id) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/subjects/${id}/communications`,
          headers: t.as('marketer'),
          payload: { contentRef: 'race', ...email },
        }),
      ),
    );
    expect(sends.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });
});
