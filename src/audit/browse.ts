// The DPO reads the accountability trail (Art. 5(2), 30; issue 15): browse it by person, actor,
// action and time, verify its hash chain, export it. The trail holds digests and opaque ids, never
// a personal datum, and so does everything read here. Reading the trail is itself recorded in it:
// who looked, and at what (the filter's digest), so oversight is overseen.
import { digestOf } from '../platform/crypto.ts';
import type { Deps } from '../platform/deps.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import type { AuditAction } from './actions.ts';
import type { AuditEntry, ChainBreak } from './model.ts';
import {
  AUDIT_NEWEST,
  type AuditFilter,
  appendAudit,
  auditEntryAt,
  chainAudit,
  eachAudit,
  selectAudit,
  verifyAudit,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'sealer' | 'now'>;

/**
 * A filter's canonical form: it scopes cursors (a cursor of one filter is refused by another).
 * The whole trail, unfiltered, is the list's plain scope.
 */
function scopeOf(f: AuditFilter): string {
  const parts = [f.subjectId, f.actor, f.action, f.from?.toISOString(), f.to?.toISOString()];
  return parts.every((p) => p === undefined) ? '' : digestOf(parts.map((p) => p ?? null));
}

/** Records that `actor` read the trail (`audit.read`, `audit.export`, `audit.verify`). */
async function recordReading(d: Ctx, actor: string, action: AuditAction, f: AuditFilter): Promise<void> {
  await appendAudit(
    d.db,
    { actor, action, subjectId: f.subjectId ?? null, changeDigest: scopeOf(f) },
    d.now(),
  );
}

/**
 * One page of the trail, newest first. Pending entries are chained first, so the page shows every
 * change committed before the call.
 */
export async function browseAudit(
  d: Ctx,
  f: AuditFilter,
  req: PageRequest,
  actor: string,
): Promise<Page<AuditEntry>> {
  await chainAudit(d.db);
  const page = await paged({ sealer: d.sealer, scope: scopeOf(f) }, AUDIT_NEWEST, req, (after, limit) =>
    selectAudit(d.db, f, after, limit),
  );
  await recordReading(d, actor, 'audit.read', f);
  return page;
}

/** Every entry matching `f`, oldest first, read page by page (for an export). */
export async function exportAudit(
  d: Ctx,
  f: AuditFilter,
  actor: string,
): Promise<AsyncGenerator<AuditEntry>> {
  await chainAudit(d.db);
  await recordReading(d, actor, 'audit.export', f);
  return eachAudit(d.db, f);
}

export type Verification =
  | { intact: true; entries: number; checkedAt: string }
  | {
      intact: false;
      entries: number;
      checkedAt: string;
      /** The first entry that does not follow from the one before it, and when it says it was made. */
      break: ChainBreak & { at: string | null };
    };

/**
 * Walks the whole chain (src/audit/store.ts verifyAudit, the same check as `garde audit verify`)
 * and says whether it is intact, or where it first breaks; the entries before are intact.
 */
export async function verifyTrail(d: Ctx, actor: string): Promise<Verification> {
  const result = await verifyAudit(d.db);
  const checkedAt = d.now().toISOString();
  await recordReading(d, actor, 'audit.verify', {});
  if (result.ok) return { intact: true, entries: result.entries, checkedAt };
  const at = await auditEntryAt(d.db, result.break.seq);
  return {
    intact: false,
    entries: result.entries,
    checkedAt,
    break: { ...result.break, at: at?.toISOString() ?? null },
  };
}
