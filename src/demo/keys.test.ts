// The demo keys of a database: one live key per role, however often the keys file is lost.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW, testDeps } from '../../test/support/backends.ts';
import { authenticate as authenticateAt, createKey } from '../keys/store.ts';
import type { Deps } from '../platform/deps.ts';
import { parsePolicy } from '../policy/load.ts';
import { ensureDemoKeys } from './keys.ts';
import { seedDemo } from './seed.ts';

/** Demo keys never expire; a session key would be judged on the test clock. */
const authenticate = (db: Deps['db'], key: string) =>
  authenticateAt(db, key, {
    now: FIXED_NOW,
    idleExpiry: new Date(FIXED_NOW.getTime() + 60_000),
    lifetime: 'PT1H',
  });

describe.each(BACKENDS)('demo keys on %s', (backend) => {
  let deps: Deps & { dispose(): Promise<void> };
  let dirs: string[] = [];
  const inFolder = async (): Promise<Deps> => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-demo-keys-'));
    dirs.push(dir);
    return { ...deps, config: { ...deps.config, dataDir: dir } };
  };

  beforeAll(async () => {
    deps = await testDeps(backend);
    await seedDemo(deps, 50);
  });
  afterAll(async () => {
    await deps.dispose();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    dirs = [];
  });

  it('a start that lost the keys file revokes the earlier demo keys: at most one live demo key per role', async () => {
    const other = await createKey(deps.db, { role: 'marketer', name: 'campaign team' }, 'test');
    const first = await ensureDemoKeys(await inFolder());
    const folder = await inFolder();
    const second = await ensureDemoKeys(folder);
    await rm(second.file);
    const third = await ensureDemoKeys(folder);

    for (const key of [...Object.values(first.keys), ...Object.values(second.keys)]) {
      expect(await authenticate(deps.db, key as string)).toBeNull();
    }
    for (const [role, key] of Object.entries(third.keys)) {
      expect(await authenticate(deps.db, key as string)).toMatchObject({ role });
    }
    const live = await deps.db.query<{ name: string; n: number }>(
      "SELECT name, count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL AND name LIKE 'demo %' GROUP BY name",
    );
    expect(live.rows.length).toBe(Object.keys(third.keys).length);
    expect(live.rows.every((r) => r.n === 1)).toBe(true);
    // Keys named otherwise are not the demo's to revoke.
    expect(await authenticate(deps.db, other.key)).toMatchObject({ role: 'marketer' });
    const revoked = await deps.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_pending WHERE action = 'key.revoke'",
    );
    expect(revoked.rows[0]?.n).toBe(2 * Object.keys(third.keys).length);
  });

  it('a start that finds the keys file shows the same keys and revokes none', async () => {
    const folder = await inFolder();
    const made = await ensureDemoKeys(folder);
    expect(await ensureDemoKeys(folder)).toEqual(made);
    for (const key of Object.values(made.keys))
      expect(await authenticate(deps.db, key as string)).not.toBeNull();
  });
});

describe.each(BACKENDS)('demo keys on %s, under a policy without customers', (backend) => {
  let deps: Deps & { dispose(): Promise<void> };
  let dir: string;
  beforeAll(async () => {
    const base = await testDeps(backend, { policy: 'test/fixtures/telecom-policy.yaml' });
    const text = (await readFile('test/fixtures/telecom-policy.yaml', 'utf8')).replace(
      /\n {2}- \{ id: subscribers.*\n/,
      '\n',
    );
    const loaded = parsePolicy(text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    dir = await mkdtemp(join(tmpdir(), 'garde-demo-keys-'));
    deps = { ...base, policy: loaded.policy, config: { ...base.config, dataDir: dir } };
    await seedDemo(deps, 20);
  });
  afterAll(async () => {
    await deps.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("the customer role's key is a prospect's own, so that role's tour still works", async () => {
    const { keys } = await ensureDemoKeys(deps);
    const principal = await authenticate(deps.db, keys.customer as string);
    expect(principal).toMatchObject({ role: 'customer' });
    const who = await deps.db.query<{ lifecycle: string }>('SELECT lifecycle FROM subjects WHERE id = $1', [
      principal?.subjectId,
    ]);
    expect(who.rows[0]?.lifecycle).toBe('prospect');
  });
});
