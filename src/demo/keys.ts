// Demo API keys, one per role, so a newcomer can take every role's tour. They belong to the
// database they were made in: the file is named after its instance id (migration 031), so the
// embedded database's keys are never printed for a PostgreSQL server, where they would be 401.
// Keys are made and recorded in one transaction: if the file cannot be written, no key exists.
// The same transaction revokes this database's earlier demo keys (their file was lost, or another
// data folder made them): at most one live demo key per role, never a pile of forgotten ones.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { featureRecipients } from '../interests/processor-features.ts';
import { ROLES, type Role } from '../keys/model.ts';
import { sessionClock } from '../keys/sessions.ts';
import { authenticate, createKey, revokeKeysNamed } from '../keys/store.ts';
import { ensureDataDir } from '../platform/config.ts';
import type { Db } from '../platform/db/index.ts';
import { LOCKS } from '../platform/db/locks.ts';
import { withinTransaction } from '../platform/db/nested.ts';
import type { Deps } from '../platform/deps.ts';

export type DemoKeys = Partial<Record<Role, string>>;
export type DemoKeysFile = { file: string; keys: DemoKeys };

/** Before keys belonged to a database, the embedded one kept them here. */
const LEGACY = 'demo-keys.json';

export async function demoKeysFile(deps: Pick<Deps, 'db' | 'config'>): Promise<string> {
  const r = await deps.db.query<{ instance_id: string }>('SELECT instance_id FROM instance');
  const id = r.rows[0]?.instance_id;
  if (!id) throw new Error('this database has no instance id: run `garde migrate`');
  return join(deps.config.dataDir, `demo-keys-${id}.json`);
}

/** This database's demo keys: the recorded ones, or new ones made and recorded together. */
export async function ensureDemoKeys(deps: Deps): Promise<DemoKeysFile> {
  const file = await demoKeysFile(deps);
  const kept = await readKeys(file);
  if (kept) return { file, keys: kept };
  await ensureDataDir(deps.config.dataDir);
  let wrote = false;
  try {
    return await deps.db.transaction(async (tx) => {
      // Two servers starting at once on one database make one set of keys.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.demoKeys]);
      const recorded = await readKeys(file);
      if (recorded) return { file, keys: recorded };
      const db = withinTransaction(tx, deps.db.backend);
      const made = (await legacyKeys(deps, db)) ?? (await makeKeys(deps, db));
      await revokeKeysNamed(db, ROLES.map(demoKeyName), made.ids, ACTOR);
      const keys = made.keys;
      await writeKeys(file, keys);
      wrote = true;
      return { file, keys };
    });
  } catch (err) {
    // Keys that were rolled back must not be shown; keys nobody holds must not stay live.
    if (wrote) await rm(file, { force: true });
    throw err;
  }
}

const ACTOR = 'system:seed';
const demoKeyName = (role: Role) => `demo ${role}`;
type Made = { keys: DemoKeys; ids: string[] };

async function makeKeys(deps: Deps, db: Db): Promise<Made> {
  // The `customer` role is a data subject's own key: a customer's where the policy has them,
  // else any person's (a policy whose data subjects are all prospects still has a tour).
  const customer = await db.query<{ id: string }>(
    "SELECT id FROM subjects ORDER BY (lifecycle = 'customer') DESC, id LIMIT 1",
  );
  // The processor's tour is /v1/processor/features: its key names a processor that may read them.
  const recipient = featureRecipients(deps.policy)[0];
  const made: Made = { keys: {}, ids: [] };
  for (const role of ROLES) {
    const subjectId = role === 'customer' ? customer.rows[0]?.id : undefined;
    if (role === 'customer' && !subjectId) continue;
    const scopes = role === 'processor' && recipient ? ['features', `recipient:${recipient}`] : [];
    const { key, info } = await createKey(db, { role, subjectId, scopes, name: demoKeyName(role) }, ACTOR);
    made.keys[role] = key;
    made.ids.push(info.id);
  }
  return made;
}

/** Keys an older version recorded for this very database (every one still authenticates). */
async function legacyKeys(deps: Deps, db: Db): Promise<Made | null> {
  const keys = await readKeys(join(deps.config.dataDir, LEGACY));
  if (!keys || Object.keys(keys).length === 0) return null;
  const ids: string[] = [];
  for (const key of Object.values(keys)) {
    const now = deps.now();
    const principal = key ? await authenticate(db, key, sessionClock(deps.policy, now)) : null;
    if (!principal) return null;
    ids.push(principal.keyId);
  }
  return { keys, ids };
}

async function readKeys(file: string): Promise<DemoKeys | null> {
  return readFile(file, 'utf8').then(
    (s) => JSON.parse(s) as DemoKeys,
    () => null,
  );
}

/** Written whole or not at all (a temporary file renamed), readable by its owner only. */
async function writeKeys(file: string, keys: DemoKeys): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new Error(`cannot record the demo keys in ${file} (${(err as Error).message}); no key was made`);
  }
}
