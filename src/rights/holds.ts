// Legal holds: a DPO keeps a subject's data (one category, or all) past erasure and retention,
// e.g. during litigation, and releases it; both audited.
import { appendAudit } from '../audit/store.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import { getSubject } from '../subjects/subjects.ts';
import type { Hold } from './erasure.ts';
import {
  ALL_HOLDS,
  type HeldSubject,
  HOLDS,
  insertHold,
  releaseHold,
  selectAllHolds,
  selectHolds,
} from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'now' | 'sealer'>;

export async function placeHold(
  d: Ctx,
  subjectId: string,
  h: Hold,
  actor: string,
): Promise<{ id: number } & Hold> {
  if (h.category !== null && !d.policy.categories.some((c) => c.id === h.category))
    throw new GardeError('RIGHTS_INVALID', `category "${h.category}" is not in the policy`);
  await getSubject(d, subjectId);
  const now = d.now();
  return d.db.transaction(async (tx) => {
    const id = await insertHold(tx, { ...h, subjectId, actor, at: now });
    await appendAudit(
      tx,
      { actor, action: 'hold.place', subjectId, changeDigest: digestOf({ id, ...h }) },
      now,
    );
    return { id, ...h };
  });
}

export async function liftHold(d: Ctx, subjectId: string, id: number, actor: string): Promise<void> {
  const now = d.now();
  await d.db.transaction(async (tx) => {
    if (!(await releaseHold(tx, subjectId, id, now))) throw new GardeError('HOLD_NOT_FOUND');
    await appendAudit(tx, { actor, action: 'hold.release', subjectId, changeDigest: digestOf({ id }) }, now);
  });
}

export async function listHolds(
  d: Ctx,
  subjectId: string,
  req: PageRequest,
): Promise<Page<{ id: number } & Hold>> {
  await getSubject(d, subjectId);
  return paged({ sealer: d.sealer, scope: subjectId }, HOLDS, req, (after, limit) =>
    selectHolds(d.db, subjectId, after, limit),
  );
}

/** Every hold in force, of every subject, oldest first: what the DPO has stopped from going. */
export async function listAllHolds(d: Ctx, req: PageRequest): Promise<Page<HeldSubject>> {
  return paged({ sealer: d.sealer }, ALL_HOLDS, req, (after, limit) => selectAllHolds(d.db, after, limit));
}
