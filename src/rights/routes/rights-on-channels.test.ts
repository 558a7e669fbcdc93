// RT-40: each right goes through the channels the notice names for it, and a portable copy holds
// the categories the notice names, under the retailer's policy, on every backend.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { richSubject } from '../../../test/support/rich-subject.ts';
import { fulfilEverywhere } from '../../../test/support/tasks.ts';

describe.each(BACKENDS)('rights through their channels on %s (retailer)', (backend) => {
  let t: TestApp;
  let sid: string;
  let customerKey: string;
  beforeAll(async () => {
    t = await testApp(backend, { policy: 'policies/retailer-nl.yaml' });
    // Data in every table an export can hold, those this policy does not classify included.
    const s = await richSubject(t.deps, { lifecycle: 'customer', events: 5, everywhere: true });
    sid = s.id;
    customerKey = s.customerKey;
  });
  afterAll(() => t.dispose());

  const open = (payload: object, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/v1/subjects/${sid}/rights-requests`, headers, payload });
  const stored = async () => ({
    requests: (
      await t.deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM rights_requests WHERE subject_id = $1',
        [sid],
      )
    ).rows[0]?.n,
    audit: (
      await t.deps.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1 AND action LIKE 'rights.%'",
        [sid],
      )
    ).rows[0]?.n,
  });

  it('a request through a channel that does not take that right is refused, naming the channels that do, and nothing is stored (RT-40)', async () => {
    const before = await stored();
    const staff = expectProblem(
      await open({ kind: 'restriction', channel: 'account' }, t.as('dpo')),
      422,
      'RIGHT_NOT_ON_CHANNEL',
    );
    expect(staff.allowed).toEqual(['customer-service']);
    // The person's own request comes through their portal (the account), which takes no restriction.
    const own = expectProblem(
      await open({ kind: 'restriction' }, { authorization: `Bearer ${customerKey}` }),
      422,
      'RIGHT_NOT_ON_CHANNEL',
    );
    expect(own.allowed).toEqual(['customer-service']);
    expectProblem(
      await open({ kind: 'access', channel: 'customer-service' }, t.as('agent')),
      422,
      'RIGHT_NOT_ON_CHANNEL',
    );
    expect(await stored()).toEqual(before);
  });

  it('a right is taken on each channel the notice names for it (RT-40)', async () => {
    const objection = { kind: 'objection', details: { objection: 'direct-marketing' } };
    for (const channel of ['account', 'customer-service'])
      expect((await open({ ...objection, channel }, t.as('dpo'))).statusCode).toBe(201);
    const own = await open({ kind: 'access' }, { authorization: `Bearer ${customerKey}` });
    expect(own.json()).toMatchObject({ channel: 'account', status: 'verified' });
  });

  it('a portable copy holds exactly the categories the policy states, and its answer lists only their files (RT-40)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/export`,
      headers: { authorization: `Bearer ${customerKey}` },
    });
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as {
      files: { file: string; category: string }[];
    };
    const stated = t.deps.policy.rights.portability?.categories ?? [];
    // Of the stated categories, Garde keeps contact-details (identities); order-data is in the
    // shop's own systems. Consent records, events and the rest are portable elsewhere, not here.
    expect(new Set(manifest.files.map((f) => f.category))).toEqual(new Set(['contact-details']));
    expect(manifest.files.every((f) => stated.includes(f.category))).toBe(true);
    expect(Object.keys(files).sort()).toEqual([
      'identities.csv',
      'identities.json',
      'manifest.json',
      'schema.json',
    ]);

    const r = (await open({ kind: 'portability' }, { authorization: `Bearer ${customerKey}` })).json();
    const done = await fulfilEverywhere(t, r.id);
    // Only the shop systems keep a portable category besides Garde (the order history): the
    // people there send it, a task the request waited on.
    expect(done.json().outcome).toEqual({
      files: ['identities'],
      delivery: expect.objectContaining({ formats: ['zip'] }),
      datasets: [expect.objectContaining({ dataset: 'shop-systems', done: true })],
    });
  });
});
