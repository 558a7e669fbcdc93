// After an erasure, a scan of every table and of every file Garde wrote under its data folder
// finds nothing of the subject, except what a legal obligation keeps (and that is restricted),
// the accountability trail's opaque id and the erasure notices telling recipients to erase it.
import { mkdtemp, readdir, readFile, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainAudit } from '../../src/audit/store.ts';
import { channelBatch } from '../../src/policy/channels.ts';
import { portalChannel } from '../../src/policy/rights-defaults.ts';
import { BOOKKEEPING, STORES } from '../../src/rights/catalogue.ts';
import { deliverErasureNotices } from '../../src/rights/notices.ts';
import { BACKENDS } from '../support/backends.ts';
import { bankPolicy } from '../support/bank-policy.ts';
import { bankWithRetention, CONSENT_PROOF_5Y } from '../support/bank-with-retention.ts';
import { createAndSend } from '../support/campaigns.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { richSubject } from '../support/rich-subject.ts';
import { fulfilEverywhere } from '../support/tasks.ts';

async function tables(t: TestApp): Promise<string[]> {
  const r = await t.deps.db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
  );
  return r.rows.map((x) => x.name);
}

/** Table -> needles found in it. */
async function scan(t: TestApp, needles: readonly string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const table of await tables(t)) {
    for (const needle of needles) {
      const r = await t.deps.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" x WHERE strpos(lower(x::text), lower($1)) > 0`,
        [needle],
      );
      if ((r.rows[0]?.n ?? 0) > 0) found[table] = [...(found[table] ?? []), needle];
    }
  }
  return found;
}

/** Every file under the data folder (relative path -> content). */
async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out.set(relative(dir, path), await readFile(path));
  }
  return out;
}

/** File -> needles found in it. */
async function scanFiles(dir: string, needles: readonly string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const [name, body] of await files(dir)) {
    const text = body.toString('utf8').toLowerCase();
    const hits = needles.filter((n) => text.includes(n.toLowerCase()));
    if (hits.length > 0) found[name] = hits;
  }
  return found;
}

/**
 * Sends one campaign on every channel whose batch holds identity data, with a message class that
 * reaches everyone (not commercial, not counted: a legal notice), so each batch holds the subject.
 */
async function sendEverywhere(t: TestApp): Promise<string[]> {
  const policy = t.deps.policy;
  const byLaw = (p: string) => policy.purposes.find((x) => x.id === p)?.legalBasis === 'legal-obligation';
  const cls = policy.communications?.messageClasses.find(
    (c) => !c.commercial && !c.countsTowardCap && (c.purposes ?? []).some(byLaw),
  );
  const purpose = (cls?.purposes ?? []).find(byLaw);
  const out: string[] = [];
  const batched = policy.communications?.channels.filter((c) => channelBatch(c).fields.length > 0) ?? [];
  for (const channel of batched) {
    const sent = await createAndSend(t, {
      name: `notice by ${channel.id}`,
      purpose,
      channel: channel.id,
      messageClass: cls?.id,
      contentRef: 'terms-2026',
      sender: policy.purposes.find((x) => x.id === purpose)?.senders?.[0],
      audience: {},
    });
    out.push(sent.file);
  }
  // Every channel whose batch holds identity data gets a file: at least one per policy.
  expect(out.length).toBe(batched.length);
  expect(out.length).toBeGreaterThanOrEqual(1);
  return out;
}

/** What the scan found beyond erasure notices naming the opaque id (and nothing else). */
function onlyNotices(found: Record<string, string[]>, subjectId: string): Record<string, string[]> {
  const notice = (name: string, hits: string[]) =>
    name.startsWith(join('outbound', 'erasure-notices')) && hits.every((h) => h === subjectId);
  return Object.fromEntries(Object.entries(found).filter(([name, hits]) => !notice(name, hits)));
}

/** The batches after an erasure are the batches before it, less the subject's records, byte for byte. */
async function expectScrubbed(dir: string, batches: Map<string, Buffer>, subjectId: string) {
  for (const [name, before] of batches) {
    const after = await readFile(join(dir, name));
    if (name.endsWith('.json')) {
      const rows = JSON.parse(before.toString('utf8')) as { subject_id: string }[];
      expect(JSON.parse(after.toString('utf8'))).toEqual(rows.filter((r) => r.subject_id !== subjectId));
    } else {
      const lines = before.toString('utf8').split('\r\n');
      expect(after.toString('utf8')).toBe(lines.filter((l) => !l.includes(subjectId)).join('\r\n'));
    }
  }
}

async function erase(t: TestApp, subjectId: string, confirm = true) {
  const created = await t.app.inject({
    method: 'POST',
    url: `/v1/subjects/${subjectId}/rights-requests`,
    headers: t.as('dpo'),
    payload: { kind: 'erasure', channel: portalChannel(t.deps.policy.rights) },
  });
  expect(created.statusCode).toBe(201);
  const done = await fulfilEverywhere(t, created.json().id, { confirmContractEnd: confirm });
  expect(done.statusCode, done.body).toBe(200);
  await deliverErasureNotices(t.deps);
  await chainAudit(t.deps.db);
  return done.json();
}

/**
 * The bank's notice states no period for its consent records, so erasure keeps nothing by rule;
 * with an anonymising obligation added (not the notice's), erasure reports the proof it keeps.
 * Either way the consent ledger survives, under a pseudonym.
 */
const BANK_CASES = [
  {
    name: 'retail bank: a prospect, nothing under obligation',
    // Without its core banking system, which no test here starts.
    policy: bankPolicy,
    kept: [],
  },
  {
    name: 'retail bank with a five-year consent-proof obligation added: a prospect',
    policy: () => bankWithRetention([CONSENT_PROOF_5Y]),
    kept: [
      expect.objectContaining({ category: 'consent-records', basis: 'proof', rule: CONSENT_PROOF_5Y.id }),
    ],
  },
];

describe.each(BACKENDS)('erasure completeness on %s', (backend) => {
  describe.each(BANK_CASES)('$name', ({ policy, kept }) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend, { policy: await policy() });
      t.deps.config.dataDir = await mkdtemp(join(tmpdir(), 'garde-erasure-'));
    });
    afterAll(() => t.dispose());

    it('every table with a subject column is in the catalogue', async () => {
      const r = await t.deps.db.query<{ table_name: string }>(
        `SELECT DISTINCT table_name FROM information_schema.columns c
         WHERE table_schema = 'public' AND column_name IN ('subject_id')
           AND NOT EXISTS (SELECT 1 FROM pg_class k WHERE k.relname = c.table_name AND k.relispartition)`,
      );
      const known = new Set<string>([...STORES.map((s) => s.table), ...BOOKKEEPING]);
      expect(r.rows.map((x) => x.table_name).filter((n) => !known.has(n))).toEqual([]);
    });

    it('leaves no trace but the audit trail’s opaque id; consent proof survives under a pseudonym', async () => {
      const s = await richSubject(t.deps, { lifecycle: 'prospect' });
      const other = await richSubject(t.deps, { lifecycle: 'prospect' });
      const dir = t.deps.config.dataDir;
      const batches = await sendEverywhere(t);
      // A week-old batch: scrubbing must not reset the clock retention expires it by.
      const weekAgo = new Date(Math.floor(Date.now() / 1000 - 7 * 86_400) * 1000);
      for (const b of batches) await utimes(join(dir, b), weekAgo, weekAgo);
      const copies = new Map(
        await Promise.all(batches.map(async (b) => [b, await readFile(join(dir, b))] as const)),
      );
      expect(Object.keys(await scanFiles(dir, [s.id])).sort()).toEqual([...batches].sort());
      const before = await scan(t, s.needles);
      expect(Object.keys(before)).toEqual(expect.arrayContaining(['identities', 'events', 'consent_events']));
      const consentsBefore = (
        await t.deps.db.query('SELECT 1 FROM consent_events WHERE subject_id = $1', [s.id])
      ).rows.length;
      const out = await erase(t, s.id);
      expect(out.outcome).toMatchObject({ subjectDeleted: true, kept });
      const after = await scan(t, s.needles);
      expect(after).toEqual({ audit_log: [s.id] });
      // Files: the batches no longer hold the subject, the rest of each is untouched; only the
      // erasure notices name the opaque id, which is what tells recipients whom to erase.
      expect(onlyNotices(await scanFiles(dir, s.needles), s.id)).toEqual({});
      await expectScrubbed(dir, copies, s.id);
      for (const b of batches) {
        expect(Math.round((await stat(join(dir, b))).mtimeMs)).toBe(weekAgo.getTime());
        expect((await readFile(join(dir, b), 'utf8')).includes(other.id)).toBe(true);
      }
      const proof = await t.deps.db.query<{ user_agent: string | null; ip_prefix: string | null }>(
        'SELECT user_agent, ip_prefix FROM consent_events WHERE subject_id = $1',
        [out.subjectPseudonym],
      );
      expect(consentsBefore).toBeGreaterThan(0);
      expect(proof.rows).toHaveLength(consentsBefore);
      expect(proof.rows.every((r) => r.user_agent === null && r.ip_prefix === null)).toBe(true);
      const req = await t.app.inject({
        method: 'GET',
        url: `/v1/rights-requests/${out.id}`,
        headers: t.as('dpo'),
      });
      expect(req.json()).toMatchObject({ status: 'completed', subjectId: null });
    });
  });

  describe('energy services: a customer with invoices (EN-10, EN-13)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend, { policy: 'policies/energy-services.yaml' });
      t.deps.config.dataDir = await mkdtemp(join(tmpdir(), 'garde-erasure-'));
    });
    afterAll(() => t.dispose());

    it('refuses to end a contract unasked, then keeps billing and identification 10 years, restricted', async () => {
      const s = await richSubject(t.deps, { lifecycle: 'customer' });
      const dir = t.deps.config.dataDir;
      const batches = await sendEverywhere(t);
      const copies = new Map(
        await Promise.all(batches.map(async (b) => [b, await readFile(join(dir, b))] as const)),
      );
      expect(Object.keys(await scanFiles(dir, [s.id])).sort()).toEqual([...batches].sort());
      const created = await t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${s.id}/rights-requests`,
        headers: { authorization: `Bearer ${s.customerKey}` },
        // EN-13: the person confirmed on their page that erasing ends the contract.
        payload: { kind: 'erasure', confirmContractImpact: true },
      });
      expect(created.json()).toMatchObject({ status: 'verified', channel: 'portal' });
      const unasked = await t.app.inject({
        method: 'POST',
        url: `/v1/rights-requests/${created.json().id}/fulfilment`,
        headers: t.as('dpo'),
        payload: {},
      });
      expect(unasked.statusCode).toBe(409);
      expect(unasked.json()).toMatchObject({
        code: 'ERASURE_ENDS_CONTRACT',
        contractImpact: expect.any(String),
      });

      // The privacy page: a link not yet followed and a live session, both gone with the erasure.
      const link = async () =>
        t.app.inject({ method: 'POST', url: `/v1/subjects/${s.id}/privacy-links`, headers: t.as('host') });
      const followed = new URL((await link()).json().url, 'http://x');
      const opened = await t.app.inject({ method: 'GET', url: followed.pathname + followed.search });
      const cookie = String(opened.headers['set-cookie']).split(';')[0] as string;
      await link();

      const out = await erase(t, s.id);
      expect(out.contractImpact).toEqual(expect.any(String));
      // The person's row is kept (restricted), yet the privacy page no longer opens for them.
      expect((await link()).json().code).toBe('SUBJECT_NOT_FOUND');
      expect((await t.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } })).statusCode).toBe(
        401,
      );
      const kept = out.outcome.kept as { category: string; rule: string; until: string; basis: string }[];
      expect(kept).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            category: 'identification',
            rule: 'identification-after-contract',
            until: '2036-06-15',
          }),
          expect.objectContaining({
            category: 'contract-billing',
            rule: 'contract-10y-after-end',
            until: '2036-06-15',
          }),
          expect.objectContaining({ category: 'contract-billing', rule: 'billing-10y', until: '2036-05-01' }),
        ]),
      );
      const after = await scan(t, s.needles);
      // Kept data stays in its tables, restricted; no batch still holds a copy of it.
      expect(onlyNotices(await scanFiles(dir, s.needles), s.id)).toEqual({});
      await expectScrubbed(dir, copies, s.id);
      const allowed = new Set([
        'subjects',
        'identities',
        'contracts',
        'billing_records',
        // The energy notice's contract data covers the products held (categories[].storage).
        'holdings',
        'restrictions',
        'restriction_events',
        'rights_requests',
        'audit_log',
      ]);
      expect(Object.keys(after).filter((table) => !allowed.has(table))).toEqual([]);
      // Everything else of the subject is gone.
      for (const table of [
        'events',
        'installations',
        'communications',
        'consents',
        'theme_links',
        'api_keys',
        'privacy_links',
        'privacy_sessions',
        'idempotency_keys',
      ])
        expect(after[table]).toBeUndefined();
      // What stays is restricted: decide() refuses every purpose.
      const d = await t.app.inject({
        method: 'POST',
        url: '/v1/decisions',
        headers: t.as('dpo'),
        payload: { questions: [{ subjectId: s.id, purpose: 'quotes-contracts', action: 'process' }] },
      });
      expect(d.json().answers[0]).toMatchObject({
        allow: false,
        reasons: [expect.objectContaining({ code: 'restriction.active' })],
      });
      const notices = await t.deps.db.query<{ recipient: string; subject_id: string | null }>(
        'SELECT recipient, subject_id FROM erasure_notices ORDER BY recipient',
      );
      expect(notices.rows.map((n) => n.recipient)).toEqual(['door-to-door-sellers', 'partners-energy']);
      expect(notices.rows.every((n) => n.subject_id === null)).toBe(true);
    });
  });
});
