import { loadConfig } from '../platform/config.ts';
import type { Deps } from '../platform/deps.ts';
import { openRuntime } from '../runtime.ts';

/** Opens the runtime for one command and always closes the database afterwards. */
export async function withRuntime<T>(
  fn: (deps: Deps) => Promise<T>,
  opts: { migrate?: boolean } = {},
): Promise<T> {
  const deps = await openRuntime(loadConfig(), opts);
  try {
    return await fn(deps);
  } finally {
    await deps.db.close();
  }
}

export const CLI_ACTOR = 'cli';
