// The privacy page's build (web/, Vite): `npm start`, `garde serve` and the tests build it when
// its output is missing or was built from other sources, so a fresh clone needs no manual step.
// The output records a hash of its inputs; a build writes a folder of its own and swaps it in,
// so a server or a test never reads half a build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = join(ROOT, 'web');
export const WEB_DIST = join(WEB_DIR, 'dist');
const STAMP = '.inputs';

/** What the build reads: web/ (not its output), the typed client, and the locked dependency versions. */
function inputFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.dist') || path === WEB_DIST) continue;
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

/** Whether web/dist was built from the sources as they are now. */
export function webBuildIsFresh(): boolean {
  const stamp = join(WEB_DIST, STAMP);
  return (
    existsSync(join(WEB_DIST, 'index.html')) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === inputsHash()
  );
}

/** Builds web/ into web/dist unless it is fresh. Returns whether it built. */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<boolean> {
  // An installation without the sources serves what it was shipped with (or answers 404 problems).
  if (!existsSync(join(WEB_DIR, 'index.html')) || webBuildIsFresh()) return false;
  const hash = inputsHash();
  const t0 = performance.now();
  log('building the privacy page (web/, first start or changed sources)...');
  const { build } = await import('vite');
  const outDir = join(WEB_DIR, `.dist-${process.pid}`);
  // Vite follows NODE_ENV (vitest sets "test"): React's JSX and runtime must both be production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(WEB_DIR, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    writeFileSync(join(outDir, STAMP), hash);
    rmSync(WEB_DIST, { recursive: true, force: true });
    try {
      renameSync(outDir, WEB_DIST);
    } catch (err) {
      // Another process (a parallel test run) swapped in the same build first.
      if (!webBuildIsFresh()) throw err;
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(outDir, { recursive: true, force: true });
  }
  log(`built the privacy page in ${Math.round(performance.now() - t0)} ms`);
  return true;
}
