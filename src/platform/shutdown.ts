// How a Garde process ends. Until a server listens (migrations, the first start's seed, any CLI
// command), SIGINT, SIGTERM and SIGHUP end the process at the end of the current step, with exit
// code 128 + the signal's number, after the cleanups registered here (the data folder's lock) have
// run: a stopped start leaves no lock behind, and the seed's single transaction leaves nothing
// half-written. A server that listens hands the signals to its graceful shutdown instead.
//
// Why not die by the signal's default action: the data folder's lock (proper-lockfile) already
// catches these signals to remove itself, so the default action was gone anyway, and with it the
// owner note beside the lock; one owner of the signals, stated here, replaces that side effect.
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const cleanups = new Set<() => void>();
let graceful: (() => void) | null = null;
let installed = false;

/**
 * Runs `cleanup` (synchronous: the event loop is gone by then) when the process exits, however it
 * exits short of SIGKILL. Returns a function that unregisters it, for when the cleanup is done.
 */
export function atExit(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** From now on a signal starts `shutdown` (a server that listens) instead of ending the process. */
export function handOverSignals(shutdown: () => void): void {
  install();
  graceful = shutdown;
}

/**
 * Lets a signal that arrived during a long step be handled before the next one. The embedded
 * database's queries resolve without returning to the event loop, so a seed made of them would
 * otherwise hold a signal until it ends (15 s and more: past a container's stop grace period).
 */
export function letSignalsIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runCleanups);
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (graceful) return graceful();
      process.exit(128 + constants.signals[signal]);
    });
  }
}

function runCleanups(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Exiting anyway: one cleanup that fails must not keep the next from running.
    }
  }
  cleanups.clear();
}
