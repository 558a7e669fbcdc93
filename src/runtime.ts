// Builds the dependencies of a running Garde from its configuration: the database (migrated),
// the policy (validated) and the encryption key.
import { join } from 'node:path';
import { type Config, ConfigError, dataFolderError, ensureDataDir } from './platform/config.ts';
import { keyFromDataDir, sealer } from './platform/crypto.ts';
import { openDb, requireEmbeddedDatabase, requireSetUp } from './platform/db/index.ts';
import { migrate } from './platform/db/migrate.ts';
import type { Deps } from './platform/deps.ts';
import { PolicyInvalidError } from './policy/invalid.ts';
import { formatProblem, loadPolicyFile } from './policy/load.ts';
import { policyInForce } from './policy-versions/versions.ts';
import { readStoredNames } from './subjects/subjects.ts';

export { PolicyInvalidError } from './policy/invalid.ts';

export async function loadPolicyOrThrow(file: string) {
  const loaded = await loadPolicyFile(file);
  if (!loaded.ok) throw new PolicyInvalidError(loaded.problems.map(formatProblem).join('\n'));
  return loaded.policy;
}

export async function encryptionKeyFor(config: Config): Promise<Buffer> {
  if (config.encryptionKey) return config.encryptionKey;
  if (config.databaseUrl) {
    throw new ConfigError(
      'GARDE_ENCRYPTION_KEY',
      'required with DATABASE_URL (64 hex digits: `openssl rand -hex 32`)',
    );
  }
  await ensureDataDir(config.dataDir);
  return keyFromDataDir(join(config.dataDir, 'encryption.key')).catch((err: unknown) => {
    throw dataFolderError(config.dataDir, 'cannot keep the encryption key in', err);
  });
}

/**
 * `existing`: the database must have been set up already (platform/db/index.ts); nothing is
 * created in a data folder that holds none, not even the encryption key.
 */
export async function openRuntime(
  config: Config,
  opts: { migrate?: boolean; existing?: boolean } = {},
): Promise<Deps> {
  const policy = await loadPolicyOrThrow(config.policyFile);
  const target = { databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize };
  if (opts.existing) requireEmbeddedDatabase(target);
  const key = await encryptionKeyFor(config);
  const db = await openDb(target);
  try {
    if (opts.existing) await requireSetUp(db, target);
    if (opts.migrate !== false) {
      await migrate(db);
      // Names stored before migration 049 get the readings the search finds them by.
      await readStoredNames(db);
    }
    // Issue 17: consents the policy's changes outdated stop counting in every process.
    const running = await policyInForce(db, policy, new Date());
    return { config, db, policy: running, sealer: sealer(key), now: () => new Date() };
  } catch (err) {
    await db.close();
    throw err;
  }
}
