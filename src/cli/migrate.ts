import { loadConfig } from '../platform/config.ts';
import { openDb } from '../platform/db/index.ts';
import { migrate } from '../platform/db/migrate.ts';
import { readStoredNames } from '../subjects/subjects.ts';

export async function migrateCommand(): Promise<void> {
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(db);
    // Names stored before migration 049 get the readings the search finds them by.
    const read = await readStoredNames(db);
    if (read > 0) console.log(`read ${read} stored names for the search`);
    console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
  }
}
