import { loadConfig } from '../platform/config.ts';
import { openDb } from '../platform/db/index.ts';
import { migrate } from '../platform/db/migrate.ts';

export async function migrateCommand(): Promise<void> {
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(db);
    console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
  }
}
