import { SingleBar } from 'cli-progress';
import { verifyAudit } from '../audit/store.ts';
import { withRuntime } from './context.ts';
import { EXIT } from './usage-error.ts';

export async function auditVerify(): Promise<void> {
  await withRuntime(async (deps) => {
    const total =
      (await deps.db.query<{ n: number }>('SELECT seq AS n FROM audit_head WHERE id')).rows[0]?.n ?? 0;
    const bar = process.stderr.isTTY
      ? new SingleBar({ format: 'verifying {bar} {value}/{total} entries' })
      : null;
    bar?.start(total, 0);
    const result = await verifyAudit(deps.db, (n) => bar?.update(n));
    bar?.stop();
    if (result.ok) {
      console.log(`audit chain ok: ${result.entries} entries`);
      return;
    }
    console.error(
      `audit chain broken at entry seq=${result.break.seq} (${result.break.reason}); ${result.entries} entries before it are intact`,
    );
    process.exitCode = EXIT.failed;
  });
}
