// What a running Garde holds: built once at start-up and passed to every route and job.
import type { Policy } from '../policy/schema.ts';
import type { Config } from './config.ts';
import type { Sealer } from './crypto.ts';
import type { Db } from './db/index.ts';

export type Deps = {
  config: Config;
  db: Db;
  policy: Policy;
  sealer: Sealer;
  /** The clock, injectable so tests are deterministic. */
  now: () => Date;
};
