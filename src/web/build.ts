// The web apps' build (Vite): the privacy page (web/) and the staff console (web/console/, which
// shares web/src's modules). `npm start`, `garde serve` and the tests build them when an output is
// missing or was built from other sources, so a fresh clone needs no manual step. Each output
// records a hash of all their inputs; a build writes a folder of its own and swaps it in, so a
// server or a test never reads half a build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = join(ROOT, 'web');
export const WEB_DIST = join(WEB_DIR, 'dist');
export const CONSOLE_DIR = join(WEB_DIR, 'console');
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist');
const STAMP = '.inputs';

/** Each app: its Vite project and its output. */
const APPS = [
  { name: 'privacy page', dir: WEB_DIR, dist: WEB_DIST },
  { name: 'console', dir: CONSOLE_DIR, dist: CONSOLE_DIST },
] as const;

/** What the build reads: web/ (not its outputs), the typed client, and the locked dependency versions. */
function inputFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.dist') || APPS.some((a) => a.dist === path)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(WEB_DIR);
  for (const f of ['clients/typescript/index.ts', 'clients/typescript/schema.d.ts', 'package-lock.json'])
    files.push(join(ROOT, f));
  return files;
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const f of inputFiles())
    hash.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** Whether every app's output was built from the sources as they are now. */
export function webBuildIsFresh(): boolean {
  const hash = inputsHash();
  return APPS.every((app) => outputIsFresh(app.dist, hash));
}

function outputIsFresh(dist: string, hash: string): boolean {
  const stamp = join(dist, STAMP);
  return existsSync(join(dist, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
}

/** Builds the apps whose output is not fresh. Returns whether it built any. */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<boolean> {
  // An installation without the sources serves what it was shipped with (or answers 404 problems).
  if (!existsSync(join(WEB_DIR, 'index.html'))) return false;
  const hash = inputsHash();
  const stale = APPS.filter(
    (app) => existsSync(join(app.dir, 'index.html')) && !outputIsFresh(app.dist, hash),
  );
  for (const app of stale) await buildApp(app, hash, log);
  return stale.length > 0;
}

async function buildApp(
  app: (typeof APPS)[number],
  hash: string,
  log: (line: string) => void,
): Promise<void> {
  const t0 = performance.now();
  log(`building the ${app.name} (first start or changed sources)...`);
  const { build } = await import('vite');
  const outDir = join(app.dir, `.dist-${process.pid}`);
  // Vite follows NODE_ENV (vitest sets "test"): React's JSX and runtime must both be production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(app.dir, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    writeFileSync(join(outDir, STAMP), hash);
    rmSync(app.dist, { recursive: true, force: true });
    try {
      renameSync(outDir, app.dist);
    } catch (err) {
      // Another process (a parallel test run) swapped in the same build first.
      if (!outputIsFresh(app.dist, hash)) throw err;
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(outDir, { recursive: true, force: true });
  }
  log(`built the ${app.name} in ${Math.round(performance.now() - t0)} ms`);
}
