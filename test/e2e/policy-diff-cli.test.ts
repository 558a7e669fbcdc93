// `garde policy diff OLD NEW` (issue 17): the changes in plain words, material first, exit 0; a
// bad file's problems name the file and line, exit 1; against the database, the people whose
// consent the change outdates, counted per purpose and listed by pseudonymous id.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    env = {
      DATABASE_URL: fresh.url as string,
      GARDE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      GARDE_POLICY: BANK,
    };
  });
  afterAll(() => dispose());

  it('counts, then lists by subject id, the people whose consent was given before the change', async () => {
    const v2 = await widened();
    const counted = await garde(['policy', 'diff', BANK, v2, '--consents'], env);
    expect(counted.code, counted.stderr).toBe(0);
    expect(counted.stdout).toContain('Propose banking and insurance products and services: 1');
    const listed = await garde(['policy', 'diff', BANK, v2, '--persons'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n')).toEqual(['purpose,subjectId', `${PURPOSE},${person}`]);
  });
});
