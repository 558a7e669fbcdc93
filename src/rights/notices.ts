// Delivers the erasure outbox (Art. 19): one NDJSON file per recipient and run in the data
// folder's outbound/erasure-notices/, for the integration that forwards them. The subject id
// leaves the database with the notice and is cleared from the outbox in the same transaction.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../platform/deps.ts';
import { makeFolder } from '../platform/folders.ts';
import { claimNotices, markDelivered, type Notice } from './store.ts';

const BATCH = 1_000;

export async function deliverErasureNotices(d: Pick<Deps, 'db' | 'config' | 'now'>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await d.db.transaction(async (tx) => {
      const notices = await claimNotices(tx, BATCH);
      if (notices.length === 0) return 0;
      const now = d.now();
      const byRecipient = new Map<string, Notice[]>();
      for (const x of notices) byRecipient.set(x.recipient, [...(byRecipient.get(x.recipient) ?? []), x]);
      const dir = join(d.config.dataDir, 'outbound', 'erasure-notices');
      await makeFolder(dir);
      for (const [recipient, list] of byRecipient) {
        const lines = list.map((x) =>
          JSON.stringify({
            notice: x.id,
            request: x.requestId,
            subjectId: x.subjectId,
            categories: x.categories,
            at: now,
          }),
        );
        // The file is written before the commit: a crash in between re-sends, never loses one.
        await writeFile(
          join(dir, `${recipient}-${now.getTime()}-${list[0]?.id}.ndjson`),
          `${lines.join('\n')}\n`,
          {
            mode: 0o600,
          },
        );
      }
      await markDelivered(
        tx,
        notices.map((x) => x.id),
        now,
      );
      return notices.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}
