// EN-8, BK-15, issue 15 (the marketer): a sent campaign's batch is a disclosure to the processor
// the policy names for its channel's batch. The marketer downloads it for that processor, the
// processor's own key fetches exactly its own batches, everyone else is refused; a batch the
// policy names no processor for stays with the DPO and the admin. Each download is audited as a
// disclosure, with the file's SHA-256 and size in the entry's digest and no byte of the file.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { BANK_PROPOSAL, consentingCustomers, createAndSend } from '../../../test/support/campaigns.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { createKey } from '../../keys/store.ts';
import { digestOf } from '../../platform/crypto.ts';
import { GardeError } from '../../platform/errors.ts';
import type { Policy } from '../../policy/schema.ts';
import { loadPolicyOrThrow } from '../../runtime.ts';
import { batchRecipient } from '../batch-download.ts';
import type { Campaign } from '../campaigns.ts';

const PEOPLE = 3;

describe.each(BACKENDS)('the batch download on %s', (backend) => {
  let t: TestApp;
  let dir: string;
  let postal: string;
  let phone: string;
  let contactCenter: string;
  const processorKey = async (scopes: string[]) => {
    const created = await createKey(t.deps.db, { role: 'processor', scopes }, 'test');
    return { headers: { authorization: `Bearer ${created.key}` }, actor: `key:${created.info.id}` };
  };
  const get = (id: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/v1/campaigns/${id}/batch`, headers });
  const disclosures = async () =>
    (
      await t.deps.db.query<{ actor: string; change_digest: string; detail: Record<string, string> | null }>(
        `SELECT actor, change_digest, detail FROM audit_pending WHERE action = 'campaign.batch.disclose'
         UNION ALL SELECT actor, change_digest, detail FROM audit_log WHERE action = 'campaign.batch.disclose'`,
      )
    ).rows;

  beforeAll(async () => {
    t = await testApp(backend);
    dir = await mkdtemp(join(tmpdir(), 'garde-batch-dl-'));
    t.deps.config.dataDir = dir;
    await consentingCustomers(t, PEOPLE, (i) => ({
      givenName: `Lea${i}`,
      familyName: 'Janssens',
      email: `lea${i}@example.org`,
      phone: `+3247000000${i}`,
      street: 'Rue Longue 3',
      postalCode: '1000',
      city: 'Bruxelles',
      country: 'BE',
    }));
    const base = { audience: { lifecycles: ['customer'] } };
    postal = (await createAndSend(t, { ...base, ...BANK_PROPOSAL, name: 'Letter', contentRef: 'letter' })).id;
    // The cap is one commercial message a month: each campaign below is sent in a month of its own.
    t.deps.now = () => new Date(Date.now() + 40 * 86_400_000);
    phone = (
      await createAndSend(t, {
        ...base,
        ...BANK_PROPOSAL,
        channel: 'phone',
        name: 'Call',
        contentRef: 'call',
      })
    ).id;
    t.deps.now = () => new Date(Date.now() + 80 * 86_400_000);
    contactCenter = (
      await createAndSend(t, {
        ...base,
        ...BANK_PROPOSAL,
        channel: 'contact-center',
        name: 'Centre',
        contentRef: 'centre',
      })
    ).id;
  }, 120_000);
  afterAll(async () => {
    await t.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('the marketer downloads the batch for the processor the policy names, audited as a disclosure with its SHA-256 and size', async () => {
    const res = await get(postal, t.as('marketer'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('subject_id,given_name,family_name,street,postal_code,city,country,content_ref');
    expect(lines).toHaveLength(PEOPLE + 1);
    const bytes = res.rawPayload;
    const expected = digestOf({
      campaign: postal,
      channel: 'postal-mail',
      recipient: 'mailing-processor',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
    const audited = await disclosures();
    expect(audited.map((a) => a.change_digest)).toContain(expected);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${postal}-postal-mail-mailing-processor.csv"`,
    );
    // The trail names, readably, the campaign and the processor it went to (ids, no one's data).
    const entry = audited.find((a) => a.change_digest === expected);
    expect(entry?.detail).toEqual({
      campaign: postal,
      channel: 'postal-mail',
      recipient: 'mailing-processor',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: String(bytes.length),
    });
    // The trail holds a digest and the key that acted, never a byte of the file.
    for (const a of audited) {
      expect(a.actor).toMatch(/^key:/);
      expect(a.change_digest).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('a HEAD request on a batch answers its headers and is not audited as a disclosure', async () => {
    const before = (await disclosures()).length;
    const res = await t.app.inject({
      method: 'HEAD',
      url: `/v1/campaigns/${postal}/batch`,
      headers: t.as('marketer'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect((await disclosures()).length).toBe(before);
  });

  it('the audit trail still verifies with disclosure entries that carry a detail', async () => {
    const { verifyAudit } = await import('../../audit/store.ts');
    expect(await verifyAudit(t.deps.db)).toMatchObject({ ok: true });
    const listed = await t.app.inject({
      method: 'GET',
      url: '/v1/audit?action=campaign.batch.disclose',
      headers: t.as('dpo'),
    });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items[0].detail).toMatchObject({ channel: expect.any(String) });
  });

  it('a processor key lists the batches that are for it, newest first, and no other; asking for another processor is refused', async () => {
    const mailing = await processorKey(['batches', 'recipient:mailing-processor']);
    const mine = await t.app.inject({ method: 'GET', url: '/v1/batches', headers: mailing.headers });
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as {
      campaign: string;
      channel: string;
      file: string;
      bytes: number;
      href: string;
    }[];
    expect(items.map((b) => b.campaign)).toEqual([postal]);
    expect(items[0]).toMatchObject({
      channel: 'postal-mail',
      recipient: 'mailing-processor',
      file: `${postal}-postal-mail-mailing-processor.csv`,
      href: `/v1/campaigns/${postal}/batch`,
    });
    expect(items[0]?.bytes).toBeGreaterThan(0);
    const caller = await processorKey(['batches', 'recipient:outbound-call-processor']);
    const calls = await t.app.inject({ method: 'GET', url: '/v1/batches', headers: caller.headers });
    expect(calls.json().items.map((b: { campaign: string }) => b.campaign)).toEqual([phone]);
    expectProblem(
      await t.app.inject({
        method: 'GET',
        url: '/v1/batches?recipient=outbound-call-processor',
        headers: mailing.headers,
      }),
      403,
      'ROLE_FORBIDDEN',
    );
    // Listing discloses nothing: no entry in the trail.
    const before = (await disclosures()).length;
    await t.app.inject({ method: 'GET', url: '/v1/batches', headers: mailing.headers });
    expect((await disclosures()).length).toBe(before);
  });

  it('the processor the batch is for downloads it with its own key; another processor, or one without its recipient, is refused', async () => {
    const mailing = await processorKey(['batches', 'recipient:mailing-processor']);
    const own = await get(postal, mailing.headers);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toContain('street');
    expect((await disclosures()).map((a) => a.actor)).toContain(mailing.actor);
    // The phone batch is the call processor's, not the mailing house's.
    expectProblem(await get(phone, mailing.headers), 403, 'ROLE_FORBIDDEN');
    const caller = await processorKey(['batches', 'recipient:outbound-call-processor']);
    expectProblem(await get(postal, caller.headers), 403, 'ROLE_FORBIDDEN');
    const calls = await get(phone, caller.headers);
    expect(calls.statusCode, calls.body).toBe(200);
    expect(calls.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(
      'subject_id,given_name,family_name,phone,content_ref',
    );
    // A processor whose key names no recipient, or lacks the batches scope, gets nothing.
    expectProblem(await get(postal, t.as('processor')), 403, 'ROLE_FORBIDDEN');
    const features = await processorKey(['features', 'recipient:mailing-processor']);
    expectProblem(await get(postal, features.headers), 403, 'ROLE_FORBIDDEN');
  });

  it('an agent and a customer are refused every batch', async () => {
    for (const id of [postal, phone, contactCenter]) {
      expectProblem(await get(id, t.as('agent')), 403, 'ROLE_FORBIDDEN');
      expectProblem(await get(id, t.as('customer')), 403, 'ROLE_FORBIDDEN');
    }
  });

  it('a batch the policy names no processor for is refused to the marketer with its own code, and stays the DPO’s', async () => {
    const refused = expectProblem(
      await get(contactCenter, t.as('marketer')),
      403,
      'CAMPAIGN_BATCH_NO_RECIPIENT',
    );
    expect(refused.detail).toContain('names no processor for the batch of channel "contact-center"');
    const mailing = await processorKey(['batches', 'recipient:mailing-processor']);
    expectProblem(await get(contactCenter, mailing.headers), 403, 'ROLE_FORBIDDEN');
    const dpo = await get(contactCenter, t.as('dpo'));
    expect(dpo.statusCode, dpo.body).toBe(200);
    expect(
      dpo.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toHaveLength(PEOPLE + 1);
  });
});

const bank = await loadPolicyOrThrow('policies/retail-bank.yaml');

describe('who a batch is disclosed to (pure)', () => {
  const campaign = { id: 'c', channel: 'postal-mail', purpose: 'commercial-proposals' } as Campaign;
  const marketer = { role: 'marketer' as const, scopes: [] };
  const refusal = (policy: Policy, c: Campaign = campaign) => {
    try {
      batchRecipient(policy, c, marketer);
    } catch (err) {
      return err as GardeError;
    }
    return null;
  };
  const changed = (edit: (p: Policy) => void) => {
    const p = structuredClone(bank);
    edit(p);
    return p;
  };
  const mailing = (p: Policy) =>
    p.recipients.find((r) => r.id === 'mailing-processor') as Policy['recipients'][number];

  it('the marketer hands the postal batch to the mailing processor; the DPO hands over one that names none', () => {
    expect(batchRecipient(bank, campaign, marketer)).toBe('mailing-processor');
    const centre = { ...campaign, channel: 'contact-center' } as Campaign;
    expect(batchRecipient(bank, centre, { role: 'dpo', scopes: [] })).toBeNull();
    expect(refusal(bank, centre)?.code).toBe('CAMPAIGN_BATCH_NO_RECIPIENT');
  });

  it('a processor not granted a field of the batch, or the purpose, is refused it by the decision point', () => {
    const noAddress = refusal(
      changed((p) => {
        mailing(p).fields = ['givenName', 'familyName', 'email'];
      }),
    );
    expect(noAddress).toBeInstanceOf(GardeError);
    expect(noAddress?.code).toBe('CAMPAIGN_BATCH_REFUSED');
    expect(noAddress?.extra?.reasons).toEqual([
      expect.objectContaining({ code: 'recipient.field-not-allowed' }),
    ]);
    const noPurpose = refusal(
      changed((p) => {
        mailing(p).purposes = ['commercial-email'];
      }),
    );
    expect(noPurpose?.code).toBe('CAMPAIGN_BATCH_REFUSED');
    expect(noPurpose?.extra?.reasons).toEqual([
      expect.objectContaining({ code: 'recipient.purpose-not-allowed' }),
    ]);
    // The DPO may still hand it over: as their own, not as the processor's disclosure.
    expect(
      batchRecipient(
        changed((p) => {
          mailing(p).purposes = ['commercial-email'];
        }),
        campaign,
        {
          role: 'dpo',
          scopes: [],
        },
      ),
    ).toBeNull();
  });
});
