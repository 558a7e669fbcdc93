// Outbound batches hold names, addresses and subject ids on their way to a processor; once
// handed over they have no reason to stay. Files older than GARDE_OUTBOUND_DAYS go with every
// retention run. Counts only, never names.
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type OutboundExpiry = { files: number; bytes: number };

export async function expireOutbound(
  dataDir: string,
  days: number,
  now: Date,
  dryRun: boolean,
): Promise<OutboundExpiry> {
  const cutoff = now.getTime() - days * 86_400_000;
  const out: OutboundExpiry = { files: 0, bytes: 0 };
  const walk = async (dir: string): Promise<boolean> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
    if (!entries) return false;
    let left = entries.length;
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (await walk(path)) left--;
        continue;
      }
      const s = await stat(path);
      if (s.mtimeMs > cutoff) continue;
      out.files++;
      out.bytes += s.size;
      if (!dryRun) {
        await rm(path, { force: true });
        left--;
      }
    }
    // An emptied campaign folder goes too; the root stays.
    if (left === 0 && !dryRun && dir !== join(dataDir, 'outbound')) {
      await rmdir(dir).catch(() => {});
      return true;
    }
    return false;
  };
  await walk(join(dataDir, 'outbound'));
  return out;
}
