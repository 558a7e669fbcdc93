// One process per embedded data folder (issue 11 item 16): the lock refuses a second holder,
// and it outlives its own refreshes: a server must not stop itself minutes after it started.
// A lock whose holder is gone is taken over, saying so, instead of refusing every later start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

  // What a process that died without exiting (kill -9, a stop grace period that ran out) leaves.
  const leftBy = async (owner: { pid: number; host?: string; since?: string }, refreshedAt = new Date()) => {
    await mkdir(join(dir, 'garde.lock'));
    await utimes(join(dir, 'garde.lock'), refreshedAt, refreshedAt);
    const note = { host: hostname(), command: 'garde serve', since: new Date().toISOString(), ...owner };
    await writeFile(join(dir, 'garde.lock.owner.json'), JSON.stringify(note));
  };
  const said = () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    return { lines: () => spy.mock.calls.map((c) => String(c[0])), restore: () => spy.mockRestore() };
  };
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid as number;

  it('a lock whose owner is no longer running on this machine is taken over at once, saying so', async () => {
    const pid = deadPid();
    await leftBy({ pid });
    const log = said();
    try {
      const release = await lockDataDir(dir);
      expect(log.lines()).toEqual([
        expect.stringContaining(`took over the lock on ${dir} left by pid ${pid} on ${hostname()}`),
      ]);
      expect(log.lines()[0]).toContain('no longer running');
      await release();
    } finally {
      log.restore();
    }
  });

  it("a lock whose owner's pid is now this process (a restarted container) is taken over", async () => {
    await leftBy({ pid: process.pid });
    const log = said();
    try {
      const release = await lockDataDir(dir);
      expect(log.lines()[0]).toContain('a restart reused it');
      await release();
    } finally {
      log.restore();
    }
  });

  it.runIf(existsSync('/proc/self/stat'))(
    'a lock whose pid now belongs to a process started after the lock was taken is taken over',
    async () => {
      const other = spawn('sleep', ['30']);
      try {
        await leftBy({ pid: other.pid as number, since: new Date(Date.now() - 3_600_000).toISOString() });
        const log = said();
        try {
          const release = await lockDataDir(dir);
          expect(log.lines()[0]).toContain('started since');
          await release();
        } finally {
          log.restore();
        }
      } finally {
        other.kill();
      }
    },
  );

  it('a live owner on another machine is refused, saying when the lock will be taken over', async () => {
    await leftBy({ pid: process.pid, host: 'another-container' });
    await expect(lockDataDir(dir)).rejects.toThrow(/GARDE_DATA: .*pid \d+ on another-container/);
    await expect(lockDataDir(dir)).rejects.toThrow(
      /taken over once it has not been refreshed for 10 minutes/,
    );
  });

  it('a lock not refreshed for longer than the stale time is taken over, whoever held it, saying so', async () => {
    await leftBy({ pid: process.pid, host: 'another-container' }, new Date(Date.now() - 11 * 60_000));
    const log = said();
    try {
      const release = await lockDataDir(dir);
      expect(log.lines()[0]).toMatch(/took over the lock .* on another-container .*: not refreshed since/);
      await release();
    } finally {
      log.restore();
    }
  });

  it('is released on every exit, and a stop signal during a long start exits at the next step', async () => {
    const script = `
      import { lockDataDir } from ${JSON.stringify(new URL('./data-lock.ts', import.meta.url).pathname)};
      import { letSignalsIn } from ${JSON.stringify(new URL('../shutdown.ts', import.meta.url).pathname)};
      await lockDataDir(process.argv[1]);
      if (process.argv[2] === 'exit') process.exit(0);
      console.log('locked');
      const busy = (ms) => { const t = Date.now(); while (Date.now() - t < ms); };
      for (let step = 0; step < 600; step++) { busy(100); await letSignalsIn(); }
      console.log('finished');`;
    const run = (how: string) =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir, how]);
    const exited = (child: ReturnType<typeof run>) =>
      new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    expect(await exited(run('exit'))).toBe(0);
    expect(await readdir(dir)).toEqual([]);

    const child = run('signal');
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    await expect.poll(() => out, { timeout: 20_000 }).toContain('locked');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(143);
    expect(out).not.toContain('finished');
    expect(await readdir(dir)).toEqual([]);
  });
});
