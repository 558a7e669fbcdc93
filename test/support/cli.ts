import { type ChildProcess, spawn } from 'node:child_process';

export type CliResult = { code: number; stdout: string; stderr: string };

const BIN = new URL('../../bin/garde.mjs', import.meta.url).pathname;

/** Runs `garde ARGS` to completion with only the given environment (plus PATH). */
export function garde(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Starts `garde serve` and resolves once it prints its URL, with everything it printed so far. */
export function startServer(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('close');
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}
