// `garde policy diff OLD NEW` (issue 17): the changes in plain words, material first, exit 0; a
// bad file's problems name the file and line, exit 1; against the database, the people whose
// consent the change outdates, counted per purpose and listed by pseudonymous id.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../src/policy/load.ts';
import { contentHash } from '../../src/policy-versions/model.ts';
import { insertPolicyVersion } from '../../src/policy-versions/store.ts';
import { BACKENDS, freshDb } from '../support/backends.ts';
import { garde } from '../support/cli.ts';
import { policyVariant } from '../support/policy-variant.ts';

const BANK = 'policies/retail-bank.yaml';
const PURPOSE = 'commercial-proposals';

const widened = () =>
  policyVariant(BANK, (doc) => {
    doc.policy.version = `${doc.policy.version}-b`;
    doc.recipients.push({
      id: 'insurer',
      name: 'Partner Insurance SA',
      kind: 'partner',
      country: 'BE',
      purposes: [PURPOSE],
      categories: ['identification'],
    });
    doc.retention.find((r: { id: string }) => r.id === 'interests-1y').duration = 'P2Y';
    doc.retention.find((r: { id: string }) => r.id === 'web-behaviour-1y').duration = 'P6M';
  });

describe('garde policy diff', () => {
  it('prints the material changes first, in plain words, then the others, and exits 0', async () => {
    const r = await garde(['policy', 'diff', BANK, await widened()]);
    expect(r.code, r.stderr).toBe(0);
    const material = r.stdout.indexOf('Material changes:');
    const other = r.stdout.indexOf('Other changes');
    expect(material).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(material);
    expect(r.stdout).toContain('A new recipient: Partner Insurance SA (consent to ask again)');
    expect(r.stdout).toContain('Kept longer: Interests derived by models, 2 years instead of 1 year');
    expect(r.stdout.slice(other)).toContain('Kept for less time: Browsing behaviour after login, 6 months');
    expect(r.stdout).toContain('for: Propose banking and insurance products and services');
    // No code meant for a machine in the words: no ISO duration, no purpose id.
    expect(r.stdout).not.toMatch(/\bP\d+[YMD]\b|commercial-proposals/);
  });

  it('a policy compared with itself changes nothing', async () => {
    const r = await garde(['policy', 'diff', BANK, BANK]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 material change(s), 0 other');
  });

  it('a language the new policy does not declare is refused, naming the ones it does, exit 2', async () => {
    const r = await garde(['policy', 'diff', BANK, BANK, '--lang', 'de']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang de: the new policy declares fr, nl, en');
  });

  it('--consents refuses a database that was never set up, and creates nothing there', async () => {
    const data = await mkdtemp(join(tmpdir(), 'garde-diff-empty-'));
    const r = await garde(['policy', 'diff', BANK, BANK, '--consents'], { GARDE_DATA: data });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no Garde database in ${data}`);
    expect(r.stderr).toContain('garde migrate');
    expect(await readdir(data)).toEqual([]);
  });

  it('a bad file is refused naming the file and the line, exit 1', async () => {
    const bad = join(tmpdir(), `garde-diff-bad-${process.pid}.yaml`);
    await writeFile(bad, 'garde: 1\npolicy:\n  id: x\n  version: 1\n  nope: true\n');
    const r = await garde(['policy', 'diff', BANK, bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${bad.replaceAll('.', '\\.')}:\\d+`));
    expect(r.stdout).toBe('');
  });
});

describe.runIf(BACKENDS.includes('postgres'))('garde policy diff --consents, on postgres', () => {
  let dispose: () => Promise<void>;
  let env: Record<string, string>;
  let db: Awaited<ReturnType<typeof freshDb>>['db'];
  const person = crypto.randomUUID();
  beforeAll(async () => {
    const fresh = await freshDb('postgres');
    dispose = fresh.dispose;
    await fresh.db.query("INSERT INTO subjects (id, lifecycle) VALUES ($1, 'customer')", [person]);
    const at = new Date('2026-01-01T00:00:00Z');
    const e = await fresh.db.query<{ id: number }>(
      `INSERT INTO consent_events (subject_id, purpose, channel, state, actor, source, notice_version, recorded_at)
       VALUES ($1, $2, '', 'given', 'test', 'api', '1', $3) RETURNING id`,
      [person, PURPOSE, at],
    );
    await fresh.db.query(
      "INSERT INTO consents (subject_id, purpose, channel, state, event_id, updated_at, given_since) VALUES ($1, $2, '', 'given', $3, $4, $4)",
      [person, PURPOSE, e.rows[0]?.id, at],
    );
    db = fresh.db;
    // GARDE_POLICY names no file: the command takes NEW as the policy and never reads it.
    env = {
      DATABASE_URL: fresh.url as string,
      GARDE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      GARDE_POLICY: join(tmpdir(), 'no-such-policy.yaml'),
    };
  });
  afterAll(() => dispose());

  it('counts, then lists by subject id, the people whose consent was given before the change', async () => {
    const v2 = await widened();
    const counted = await garde(['policy', 'diff', BANK, v2, '--consents'], env);
    expect(counted.code, counted.stderr).toBe(0);
    expect(counted.stdout).toContain('Propose banking and insurance products and services: 1');
    expect(counted.stdout).toContain(
      'The database records no policy in force yet: every consent on record is taken as given under retail-bank',
    );
    const listed = await garde(['policy', 'diff', BANK, v2, '--persons'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n')).toEqual(['purpose,subjectId', `${PURPOSE},${person}`]);
  });

  it('says so when the policies the database recorded are used instead of OLD', async () => {
    const loaded = await loadPolicyFile(BANK);
    if (!loaded.ok) throw new Error(BANK);
    await insertPolicyVersion(db, {
      policy: loaded.policy,
      contentHash: contentHash(loaded.policy),
      at: new Date('2025-06-01T00:00:00Z'),
      changes: [],
      renewConsent: [],
    });
    try {
      // OLD is the widened policy itself: were it used, nobody would be asked again.
      const v2 = await widened();
      const r = await garde(['policy', 'diff', v2, v2, '--consents'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        'The database records the policies in force since 2025-06-01 (1 version(s))',
      );
      expect(r.stdout).toContain('Propose banking and insurance products and services: 1');
    } finally {
      await db.query('DELETE FROM policy_versions');
    }
  });
});
