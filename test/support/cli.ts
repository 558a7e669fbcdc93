import { type ChildProcess, spawn } from 'node:child_process';

export type CliResult = { code: number; stdout: string; stderr: string };

const BIN = new URL('../../bin/garde.mjs', import.meta.url).pathname;

// Every process a test starts, so `afterAll(stopAll)` ends them even when a test failed or
// timed out before its own cleanup ran.
const running = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

// Last resort if a test file ends without calling stopAll (e.g. the worker is torn down).
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs `garde ARGS` to completion with only the given environment (plus PATH). */
export function garde(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export type RunningServer = { child: ChildProcess; url: string; output: () => string };
export type Running = { child: ChildProcess; match: RegExpExecArray; output: () => string };

/**
 * Starts `garde ARGS` and resolves once its standard output matches `ready`, with everything
 * printed so far. Rejects if the process exits first. The test's timeout is the only ceiling.
 */
export function startUntil(args: string[], env: Record<string, string>, ready: RegExp): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }),
    );
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const match = ready.exec(out);
      if (match) resolve({ child, match, output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => reject(new Error(`garde ${args.join(' ')} exited with ${code}:\n${out}`)));
  });
}

/**
 * Starts `garde serve` and resolves once it is ready: when it prints the URL it listens on
 * (after migrations and, with --demo, the first start's seed).
 */
export async function startServer(args: string[], env: Record<string, string>): Promise<RunningServer> {
  const { child, match, output } = await startUntil(['serve', ...args], env, /listening on (https?:\/\/\S+)/);
  return { child, url: match[1] as string, output };
}

/** Stops one process (SIGTERM, then SIGKILL if it has not exited after `graceMs`). */
export function stop(child: ChildProcess, graceMs = 15_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('close');
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every process the tests of this file started and that still runs. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stop(child)));
}
