// vitest globalSetup, before any worker starts:
// - the browser tests read the built privacy page and console, so every run builds them first
//   when their output is missing or stale (src/web/build.ts); a fresh build costs about a second;
// - the migrated database templates every test's fresh database is copied from (db-template.ts),
//   made here once rather than raced for by the first tests of both workers.
import { ensureWebBuild } from '../../src/web/build.ts';
import { adminUrl, BACKENDS } from './backends.ts';
import { pgliteTemplate, postgresTemplate } from './db-template.ts';

export async function setup(): Promise<void> {
  await ensureWebBuild();
  if (BACKENDS.includes('pglite')) await pgliteTemplate();
  if (BACKENDS.includes('postgres')) await postgresTemplate(adminUrl());
}
