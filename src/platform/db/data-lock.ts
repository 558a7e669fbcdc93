// One process per embedded data folder: two processes writing one PGlite folder can corrupt it.
// The first to open the folder holds a lock (proper-lockfile: an atomic mkdir whose time it
// refreshes); any other process (server or CLI) is refused at once, saying what to do. The lock
// goes when the database closes, and a lock left by a process that died without closing (kill -9,
// a signal before the server listens) is taken over: at once when that process is gone from this
// machine, otherwise once it has not been refreshed for STALE_MS. STALE_MS is long because the
// embedded database can block the event loop (and so the refresh) for many seconds.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ConfigError } from '../config.ts';

const STALE_MS = 10 * 60_000;
const LOCK = 'garde.lock';
// The note of who holds the lock sits beside the lock, never inside it: a file written into the
// lock directory changes its mtime, and proper-lockfile then takes the lock for stolen.
const OWNER = 'garde.lock.owner.json';
type Owner = { pid: number; host: string; command: string; since: string };

export type Release = () => Promise<void>;

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
  const options = {
    lockfilePath,
    stale: opts.staleMs ?? STALE_MS,
    retries: 0,
    realpath: false,
    // Someone took the folder over (we were blocked past the stale time): stop before writing.
    onCompromised: opts.onCompromised ?? stopOnLoss(dir),
  };
  const tryLock = () => lockfile.lock(dir, options);
  let release: () => Promise<void>;
  try {
    release = await tryLock();
  } catch (err) {
    if ((err as { code?: string }).code !== 'ELOCKED') throw err;
    const owner = await readOwner(ownerFile);
    if (!owner || !isGone(owner)) throw new ConfigError('GARDE_DATA', busy(dir, owner));
    await rm(lockfilePath, { recursive: true, force: true });
    release = await tryLock().catch(() => {
      throw new ConfigError('GARDE_DATA', busy(dir, owner));
    });
  }
  const me: Owner = {
    pid: process.pid,
    host: hostname(),
    command: commandLine(),
    since: new Date().toISOString(),
  };
  await writeFile(ownerFile, JSON.stringify(me));
  return async () => {
    await release();
    await rm(ownerFile, { force: true });
  };
}

function busy(dir: string, owner: Owner | null): string {
  const who = owner ? ` (pid ${owner.pid} on ${owner.host}: ${owner.command}, since ${owner.since})` : '';
  return `the data folder ${dir} is in use by another Garde process${who}. Two processes on one embedded database can corrupt it: stop that process first (a running server: stop it, or do this through its HTTP API), or point GARDE_DATA at another folder`;
}

async function readOwner(ownerFile: string): Promise<Owner | null> {
  return readFile(ownerFile, 'utf8').then(
    (s) => JSON.parse(s) as Owner,
    () => null,
  );
}

/** The owner's process is known to be gone: same machine, and no such process any more. */
function isGone(owner: Owner): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const commandLine = () => `garde ${process.argv.slice(2).join(' ')}`.trim();
