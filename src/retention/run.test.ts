import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW, testDeps } from '../../test/support/backends.ts';
import { chainAudit } from '../audit/store.ts';
import type { Campaign } from '../comms/campaigns.ts';
import { writeOutbound } from '../comms/outbound.ts';
import { runRetention } from './run.ts';

describe.each(BACKENDS)('retention runs on %s', (backend) => {
  describe('retail bank: behaviour one year (BK-3)', () => {
    let d: Awaited<ReturnType<typeof testDeps>>;
    let held: string;
    let free: string;
    beforeAll(async () => {
      d = await testDeps(backend);
      await d.db.query("SELECT garde_ensure_event_partitions('2024-01-01', 40)");
      const s = await d.db.query<{ id: string }>(
        "INSERT INTO subjects (lifecycle, customer_since) VALUES ('customer', '2020-01-01'), ('customer', '2020-01-01') RETURNING id",
      );
      [held, free] = s.rows.map((r) => r.id) as [string, string];
      // Two old months (whole partitions past the limit), one boundary month, one recent.
      for (const id of [held, free]) {
        await d.db.query(
          `INSERT INTO events (subject_id, occurred_at, kind, topic)
           SELECT $1, t, 'page-view', 'x' FROM unnest(ARRAY['2025-02-10', '2025-03-10', '2025-06-01', '2026-06-01']::timestamptz[]) t`,
          [id],
        );
      }
    });
    afterAll(() => d.dispose());

    it('a dry run counts, changes nothing and writes no audit entry', async () => {
      const report = await runRetention(d, { dryRun: true });
      const events = report.steps.find((s) => s.store === 'events');
      expect(events).toMatchObject({ rule: 'web-behaviour-1y', rows: 6 });
      expect((await d.db.query('SELECT 1 FROM events')).rows).toHaveLength(8);
      expect(
        (await d.db.query("SELECT 1 FROM audit_pending WHERE action = 'retention.run'")).rows,
      ).toHaveLength(0);
      expect(JSON.stringify(report)).not.toContain(held);
    });

    it('a legal hold spares its subject: the partitions are emptied by DELETE instead of dropped', async () => {
      const hold = await d.db.query<{ id: number }>(
        "INSERT INTO legal_holds (subject_id, category, reason, placed_by, placed_at) VALUES ($1, 'web-behaviour', 'fraud inquiry', 'test', now()) RETURNING id",
        [held],
      );
      const report = await runRetention(d);
      expect(report.steps.find((s) => s.store === 'events')).toMatchObject({ rows: 3, partitionsDropped: 0 });
      const left = await d.db.query<{ subject_id: string; n: number }>(
        'SELECT subject_id, count(*)::int AS n FROM events GROUP BY 1',
      );
      expect(Object.fromEntries(left.rows.map((r) => [r.subject_id, r.n]))).toEqual({ [held]: 4, [free]: 1 });
      await d.db.query('UPDATE legal_holds SET released_at = now() WHERE id = $1', [hold.rows[0]?.id]);
    });

    it('without holds, whole expired months are dropped; the boundary month is trimmed row by row', async () => {
      const report = await runRetention(d);
      const events = report.steps.find((s) => s.store === 'events');
      expect(events?.partitionsDropped).toBeGreaterThanOrEqual(2);
      expect(events?.rows).toBe(3);
      expect((await d.db.query('SELECT 1 FROM events')).rows).toHaveLength(2);
      await chainAudit(d.db);
      expect((await d.db.query("SELECT 1 FROM audit_log WHERE action = 'retention.run'")).rows).toHaveLength(
        2,
      );
    });
  });

  describe('energy services: prospects 12 months after the last contact (EN-10)', () => {
    let d: Awaited<ReturnType<typeof testDeps>>;
    beforeAll(async () => {
      d = await testDeps(backend, { policy: 'policies/energy-services.yaml' });
    });
    afterAll(() => d.dispose());

    it('a lapsed prospect goes entirely; one who became a customer falls under the customer rules', async () => {
      const s = await d.db.query<{ id: string }>(
        `INSERT INTO subjects (lifecycle, customer_since, last_contact_at) VALUES
           ('prospect', NULL, '2025-06-01T00:00:00Z'), ('customer', '2025-09-01', '2025-06-01T00:00:00Z') RETURNING id`,
      );
      const [lapsed, converted] = s.rows.map((r) => r.id) as [string, string];
      for (const id of [lapsed, converted]) {
        await d.db.query('INSERT INTO identities (subject_id, email) VALUES ($1, $2)', [
          id,
          `p-${id}@example.test`,
        ]);
        await d.db.query(
          "INSERT INTO consent_events (subject_id, purpose, state, actor, source, notice_version, recorded_at, user_agent) VALUES ($1, 'marketing-email-prospects', 'given', 'a', 'api', 'v', '2025-06-01', 'ua')",
          [id],
        );
      }
      const report = await runRetention(d);
      expect(report.steps.filter((x) => x.rule === 'prospects-12m').map((x) => [x.store, x.rows])).toEqual([
        ['identities', 1],
        ['subjects', 1],
      ]);
      expect((await d.db.query('SELECT id FROM subjects')).rows).toEqual([{ id: converted }]);
      expect(
        (await d.db.query('SELECT 1 FROM identities WHERE subject_id = $1', [converted])).rows,
      ).toHaveLength(1);
      // The lapsed prospect's consent record stays as an anonymous count, linked to nobody.
      const ledger = await d.db.query<{ subject_id: string; user_agent: string | null }>(
        'SELECT subject_id, user_agent FROM consent_events WHERE subject_id <> $1',
        [converted],
      );
      expect(ledger.rows).toHaveLength(1);
      expect(ledger.rows[0]?.subject_id).not.toBe(lapsed);
      expect(ledger.rows[0]?.user_agent).toBeNull();
    });
  });

  describe('energy services: batches follow the ledger (EN-10, EN-11)', () => {
    it('a lapsed prospect leaves the campaign batches with the rest of their data; the rest of each file stays', async () => {
      const d = await testDeps(backend, { policy: 'policies/energy-services.yaml' });
      try {
        const dir = await mkdtemp(join(tmpdir(), 'garde-departed-'));
        const s = await d.db.query<{ id: string }>(
          `INSERT INTO subjects (lifecycle, customer_since, last_contact_at) VALUES
             ('prospect', NULL, '2025-06-01T00:00:00Z'), ('customer', '2025-09-01', '2026-06-01T00:00:00Z') RETURNING id`,
        );
        const [lapsed, kept] = s.rows.map((r) => r.id) as [string, string];
        const campaign = randomUUID();
        for (const [id, name] of [
          [lapsed, 'Lapsed'],
          [kept, 'Kept'],
        ]) {
          await d.db.query(
            "INSERT INTO identities (subject_id, given_name, family_name, email) VALUES ($1, $2, 'Test', $3)",
            [id, name, `${name?.toLowerCase()}@example.test`],
          );
          await d.db.query(
            `INSERT INTO communications (subject_id, purpose, channel, message_class, commercial, counted, window_key, content_ref, actor, sent_at, campaign_id)
             VALUES ($1, 'legal-obligations', 'email', 'legal', false, false, '2026-06', 'terms', 'test', $2, $3)`,
            [id, FIXED_NOW, campaign],
          );
        }
        const ctx = { ...d, config: { ...d.config, dataDir: dir, outboundDays: 30 } };
        const c = {
          id: campaign,
          purpose: 'legal-obligations',
          channel: 'email',
          messageClass: 'legal',
          contentRef: 'terms',
        } as Campaign;
        // Written in May, when the prospect's last contact was under 12 months old.
        const file = join(
          dir,
          await writeOutbound({ ...ctx, now: () => new Date('2026-05-01T00:00:00Z') }, c),
        );
        const before = await readFile(file, 'utf8');
        expect(before).toContain(lapsed);
        // A file in the folder that is not a batch of rows is none of retention's business.
        const foreign = join(dir, 'outbound', campaign, 'receipt.json');
        await writeFile(foreign, '{"accepted": true}\n');

        // A dry run removes nobody, so nobody has left the ledger yet.
        const dry = await runRetention(ctx, { dryRun: true });
        expect(dry.outbound).toMatchObject({ departed: 0, files: 0 });
        expect(await readFile(file, 'utf8')).toBe(before);

        const real = await runRetention(ctx);
        expect(real.outbound).toMatchObject({ departed: 1 });
        const after = await readFile(file, 'utf8');
        expect(after).not.toContain(lapsed);
        expect(after).not.toContain('lapsed@example.test');
        expect(after).toContain('kept@example.test');
        const rows = (file: string) => JSON.parse(file) as { subject_id: string }[];
        expect(rows(after)).toEqual(rows(before).filter((r) => r.subject_id !== lapsed));
        expect((await runRetention(ctx)).outbound).toMatchObject({ departed: 0 });
        expect(await readFile(foreign, 'utf8')).toBe('{"accepted": true}\n');
      } finally {
        await d.dispose();
      }
    });
  });

  describe('outbound files (postal CSVs, call lists, erasure notices)', () => {
    it('go after GARDE_OUTBOUND_DAYS; a dry run only counts them', async () => {
      const d = await testDeps(backend);
      try {
        const dir = await mkdtemp(join(tmpdir(), 'garde-outbound-'));
        const campaign = join(dir, 'outbound', 'c1');
        await mkdir(campaign, { recursive: true });
        const old = join(campaign, 'postal-mail.csv');
        const fresh = join(dir, 'outbound', 'erasure-notices', 'x.ndjson');
        await mkdir(join(dir, 'outbound', 'erasure-notices'), { recursive: true });
        await writeFile(old, 'subject_id,given_name\n');
        await writeFile(fresh, '{}\n');
        const past = new Date(FIXED_NOW.getTime() - 31 * 86_400_000);
        await utimes(old, past, past);
        await utimes(fresh, FIXED_NOW, FIXED_NOW);
        const ctx = { ...d, config: { ...d.config, dataDir: dir, outboundDays: 30 } };
        const dry = await runRetention(ctx, { dryRun: true });
        expect(dry.outbound).toMatchObject({ files: 1, days: 30 });
        expect(existsSync(old)).toBe(true);
        const real = await runRetention(ctx);
        expect(real.outbound).toMatchObject({ files: 1 });
        expect(existsSync(old)).toBe(false);
        expect(existsSync(campaign)).toBe(false);
        expect(existsSync(fresh)).toBe(true);
      } finally {
        await d.dispose();
      }
    });
  });
});
