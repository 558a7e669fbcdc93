// One process per embedded data folder (issue 11 item 16): the lock refuses a second holder,
// and it outlives its own refreshes: a server must not stop itself minutes after it started.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-lock.ts';

describe('the data folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garde-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is kept through its refreshes, however long the process runs', async () => {
    const lost: Error[] = [];
    // A short stale time makes the library refresh the lock every second.
    const release = await lockDataDir(dir, { staleMs: 2000, onCompromised: (e) => lost.push(e) });
    const mtime = async () => (await stat(join(dir, 'garde.lock'))).mtimeMs;
    const first = await mtime();
    // Wait for two refreshes (each moves the lock's time), then for the check that follows.
    await expect.poll(mtime, { timeout: 10_000, interval: 100 }).not.toBe(first);
    const second = await mtime();
    await expect.poll(mtime, { timeout: 10_000, interval: 100 }).not.toBe(second);
    expect(lost).toEqual([]);
    await release();
  });

  it('refuses a second holder at once, naming the folder', async () => {
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(dir);
    await release();
    const again = await lockDataDir(dir);
    await again();
  });
});
