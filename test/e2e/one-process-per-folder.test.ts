// Black box: one process per embedded data folder. Two processes on one PGlite folder can
// corrupt it, so while a server holds the folder every other `garde` process is refused at once,
// saying which folder and what to do; once the server stops (or is killed) they work again.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { garde, startServer, startUntil, stop, stopAll } from '../support/cli.ts';

const CEILING = { timeout: 300_000 };

describe('one process per embedded data folder', CEILING, () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garde-lock-'));
    env = { GARDE_DATA: dir, PORT: '0', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  const refused = (r: { code: number; stderr: string }) => {
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`GARDE_DATA: the data folder ${dir} is in use by another Garde process`);
    expect(r.stderr).toContain('garde serve');
    expect(r.stderr).toContain('stop that process first');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('while a server runs, `garde audit verify`, `garde keys create` and a second server are refused at once', async () => {
    const server = await startServer([], env);
    try {
      refused(await garde(['audit', 'verify'], env));
      refused(await garde(['keys', 'create', '--role', 'marketer'], env));
      refused(await garde(['serve'], env));
      expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    } finally {
      await stop(server.child);
    }
    // Stopped with SIGTERM: the lock went with it, and the CLI works.
    expect(await readdir(dir)).not.toContain('garde.lock');
    const verified = await garde(['audit', 'verify'], env);
    expect(verified.code, verified.stderr).toBe(0);
    const made = await garde(['keys', 'create', '--role', 'marketer'], env);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout.trim()).toMatch(/^garde_[0-9a-f]{12}_/);
  });

  it('a lock left by a killed server (kill -9) does not block the next process', async () => {
    const server = await startServer([], env);
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    expect(await readdir(dir)).toContain('garde.lock');
    const verified = await garde(['audit', 'verify'], env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/audit chain ok/);
  });

  it("SIGTERM during the first start's seed ends it at the next step, releasing the lock", async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'garde-lock-seed-'));
    const freshEnv = { ...env, GARDE_DATA: fresh };
    try {
      const starting = await startUntil(['serve', '--demo'], freshEnv, /seeding demo data/);
      const exited = new Promise<number | null>((resolve) => starting.child.once('exit', resolve));
      starting.child.kill('SIGTERM');
      expect(await exited).toBe(143);
      // Stopped before the seed could finish (15 s and more): nothing of it was kept.
      expect(starting.output()).not.toContain('seeded demo data');
      const left = await readdir(fresh);
      expect(left).not.toContain('garde.lock');
      expect(left).not.toContain('garde.lock.owner.json');
      const verified = await garde(['audit', 'verify'], freshEnv);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toContain('audit chain ok: 0 entries');
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
