import { loadConfig } from '../platform/config.ts';
import type { Deps } from '../platform/deps.ts';
import { openRuntime } from '../runtime.ts';

/**
 * Opens the runtime for one command and always closes the database afterwards. A command works
 * on an existing database unless it is one whose job is to make it (`createDatabase`): on a
 * mistyped GARDE_DATA, `garde audit verify` must fail, not pass on a new empty database.
 */
export async function withRuntime<T>(
  fn: (deps: Deps) => Promise<T>,
  opts: { createDatabase?: boolean } = {},
): Promise<T> {
  const deps = await openRuntime(loadConfig(), { existing: !opts.createDatabase });
  try {
    return await fn(deps);
  } finally {
    await deps.db.close();
  }
}

export const CLI_ACTOR = 'cli';
