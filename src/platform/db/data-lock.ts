// One process per embedded data folder: two processes writing one PGlite folder can corrupt it.
// The first to open the folder holds a lock (proper-lockfile: an atomic mkdir whose time it
// refreshes); any other process (server or CLI) is refused at once, saying what to do. The lock
// goes when the database closes or the process exits (shutdown.ts: also on SIGINT, SIGTERM and
// SIGHUP). A lock left by a process that died without exiting (kill -9, a container's stop grace
// period that ran out) is taken over, saying so:
// - at once when its owner is known to be gone: the owner note names this machine and its pid is
//   no longer running, or is this very process's (a restarted container reuses its pids), or
//   belongs to a process started after the lock was taken (a pid reused by another program);
// - otherwise once it has not been refreshed for STALE_MS (another machine or container may share
//   the folder, and only the lock's time can tell). STALE_MS is long because the embedded
//   database can block the event loop (and so the refresh) for many seconds.
import { readFileSync, rmSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ConfigError, dataFolderError } from '../config.ts';
import { atExit } from '../shutdown.ts';

const STALE_MS = 10 * 60_000;
const LOCK = 'garde.lock';
// The note of who holds the lock sits beside the lock, never inside it: a file written into the
// lock directory changes its mtime, and proper-lockfile then takes the lock for stolen.
const OWNER = 'garde.lock.owner.json';
type Owner = { pid: number; host: string; command: string; since: string };

export type Release = () => Promise<void>;

/** The locks this process holds: its own pid in an owner note means another holder only if not here. */
const held = new Set<string>();

function stopOnLoss(dir: string) {
  return (err: Error) => {
    console.error(`garde: lost the lock on ${dir} (${err.message}); stopping to protect the data`);
    process.exit(1);
  };
}

/**
 * Locks `dir` for this process, or fails at once (GARDE_DATA, exit code 2) if another holds it.
 * `staleMs` and `onCompromised` are for tests; the lock is refreshed every staleMs / 2.
 */
export async function lockDataDir(
  dir: string,
  opts: { staleMs?: number; onCompromised?: (err: Error) => void } = {},
): Promise<Release> {
  const lockfilePath = join(dir, LOCK);
  const ownerFile = join(dir, OWNER);
  const staleMs = opts.staleMs ?? STALE_MS;
  let forget = () => {};
  const onCompromised = opts.onCompromised ?? stopOnLoss(dir);
  const options = {
    lockfilePath,
    stale: staleMs,
    retries: 0,
    realpath: false,
    // Someone took the folder over (we were blocked past the stale time): stop before writing,
    // and leave their lock alone on the way out.
    onCompromised: (err: Error) => {
      forget();
      held.delete(lockfilePath);
      onCompromised(err);
    },
  };
  const before = await leftBehind(lockfilePath, ownerFile);
  const release = await acquire(dir, () => lockfile.lock(dir, options), before, staleMs);
  held.add(lockfilePath);
  await writeFile(ownerFile, JSON.stringify(owner()));
  // On any exit short of SIGKILL, synchronously: the event loop is gone by then.
  forget = atExit(() => {
    rmSync(ownerFile, { force: true });
    rmSync(lockfilePath, { recursive: true, force: true });
  });
  return async () => {
    forget();
    held.delete(lockfilePath);
    await release();
    await rm(ownerFile, { force: true });
  };
}

type Left = { owner: Owner | null; refreshedAt: Date } | null;

/** The lock and owner note a previous holder left, if any. */
async function leftBehind(lockfilePath: string, ownerFile: string): Promise<Left> {
  const lock = await stat(lockfilePath).catch(() => null);
  return lock ? { owner: await readOwner(ownerFile), refreshedAt: lock.mtime } : null;
}

async function acquire(
  dir: string,
  tryLock: () => Promise<() => Promise<void>>,
  before: Left,
  staleMs: number,
): Promise<() => Promise<void>> {
  try {
    const release = await tryLock();
    // proper-lockfile took over a lock that had not been refreshed for staleMs.
    if (before && Date.now() - before.refreshedAt.getTime() > staleMs) {
      tookOver(dir, before.owner, `not refreshed since ${before.refreshedAt.toISOString()}`);
    }
    return release;
  } catch (err) {
    // A folder this process may not write in (read-only, another user's, under /proc).
    if ((err as { code?: string }).code !== 'ELOCKED')
      throw dataFolderError(dir, 'cannot lock the data folder', err);
    const owner = await readOwner(join(dir, OWNER));
    const gone = owner ? whyGone(owner, join(dir, LOCK)) : null;
    if (!owner || !gone) throw new ConfigError('GARDE_DATA', busy(dir, owner, before, staleMs));
    await rm(join(dir, LOCK), { recursive: true, force: true });
    const release = await tryLock().catch(() => {
      throw new ConfigError('GARDE_DATA', busy(dir, owner, before, staleMs));
    });
    tookOver(dir, owner, gone);
    return release;
  }
}

function tookOver(dir: string, owner: Owner | null, why: string): void {
  const who = owner ? `pid ${owner.pid} on ${owner.host} (${owner.command})` : 'a process';
  console.error(`garde: took over the lock on ${dir} left by ${who}: ${why}`);
}

function busy(dir: string, owner: Owner | null, before: Left, staleMs: number): string {
  const who = owner ? ` (pid ${owner.pid} on ${owner.host}: ${owner.command}, since ${owner.since})` : '';
  const after = before ? new Date(before.refreshedAt.getTime() + staleMs).toISOString() : null;
  const takeover = after
    ? `. If it is gone (another machine, or a container that was replaced), the lock is taken over once it has not been refreshed for ${Math.round(staleMs / 60_000)} minutes, from ${after}`
    : '';
  return `the data folder ${dir} is in use by another Garde process${who}. Two processes on one embedded database can corrupt it: stop that process first (a running server: stop it, or do this through its HTTP API), or point GARDE_DATA at another folder${takeover}`;
}

async function readOwner(ownerFile: string): Promise<Owner | null> {
  return readFile(ownerFile, 'utf8').then(
    (s) => JSON.parse(s) as Owner,
    () => null,
  );
}

/** Why the owner's process is known to be gone, or null when it may still be running. */
function whyGone(owner: Owner, lockfilePath: string): string | null {
  if (owner.host !== hostname()) return null;
  if (owner.pid === process.pid) {
    return held.has(lockfilePath) ? null : 'its pid is now this process (a restart reused it)';
  }
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH' ? 'that process is no longer running' : null;
  }
  return startedAfter(owner.pid, owner.since) ? 'its pid now belongs to a process started since' : null;
}

/**
 * Linux: the process with this pid started after `since` (so it is not the one that took the
 * lock). /proc/<pid>/stat gives its start in clock ticks after boot (USER_HZ, 100 on Linux) and
 * /proc/stat the boot time in seconds; a second of slack covers their rounding. Elsewhere: false.
 */
function startedAfter(pid: number, since: string): boolean {
  try {
    const self = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name start at the third, the state; the start is the 22nd.
    const startTicks = Number(self.slice(self.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    const startedAt = (boot + startTicks / 100) * 1000;
    return Number.isFinite(startedAt) && startedAt > Date.parse(since) + 1000;
  } catch {
    return false;
  }
}

function owner(): Owner {
  return { pid: process.pid, host: hostname(), command: commandName(), since: new Date().toISOString() };
}

// The command's words only (`garde keys create`): its options may carry a subject's id.
const commandName = () => {
  const words = process.argv.slice(2);
  const firstOption = words.findIndex((w) => w.startsWith('-'));
  return ['garde', ...(firstOption < 0 ? words : words.slice(0, firstOption))].join(' ');
};
