// vitest globalSetup: the browser tests read the built privacy page, so every run builds it first
// when its output is missing or stale (src/web/build.ts); a fresh build costs about a second.
import { ensureWebBuild } from '../../src/web/build.ts';

export async function setup(): Promise<void> {
  await ensureWebBuild();
}
