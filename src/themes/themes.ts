// BK-6: a customer links products or accounts they hold to themes ("Vacances"); no model is
// involved. BK-13: branch and contact-center agents may read these links (never raw clicks).
import { auditSubjectChange } from '../audit/store.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type Page, type PageRequest, paged } from '../platform/pagination.ts';
import { getSubject } from '../subjects/subjects.ts';
import { deleteThemeLink, insertThemeLink, selectThemeLinks, THEME_LINKS, type ThemeLink } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

export async function linkTheme(
  d: Ctx,
  subjectId: string,
  theme: string,
  holdingId: string,
  actor: string,
): Promise<ThemeLink[]> {
  if (!d.policy.themes?.some((t) => t.id === theme))
    throw new GardeError('THEME_INVALID', `unknown theme "${theme}"`);
  await getSubject(d, subjectId);
  const at = d.now();
  await d.db.transaction(async (tx) => {
    const outcome = await insertThemeLink(tx, subjectId, theme, holdingId, at);
    if (outcome === 'no-holding') throw new GardeError('HOLDING_NOT_FOUND');
    if (outcome === 'linked') {
      await auditSubjectChange(
        tx,
        d.sealer,
        { actor, action: 'theme.link', subjectId, change: { theme, holdingId } },
        at,
      );
    }
  });
  return allLinks(d, subjectId);
}

export async function unlinkTheme(
  d: Ctx,
  subjectId: string,
  theme: string,
  holdingId: string,
  actor: string,
): Promise<ThemeLink[]> {
  await getSubject(d, subjectId);
  await d.db.transaction(async (tx) => {
    if (await deleteThemeLink(tx, subjectId, theme, holdingId)) {
      await auditSubjectChange(
        tx,
        d.sealer,
        { actor, action: 'theme.unlink', subjectId, change: { theme, holdingId } },
        d.now(),
      );
    }
  });
  return allLinks(d, subjectId);
}

/** Every link of the subject: what a change answers with, and what offers read. */
export async function allLinks(d: Pick<Deps, 'db'>, subjectId: string): Promise<ThemeLink[]> {
  return (await selectThemeLinks(d.db, subjectId)).map((l) => l.item);
}

export async function listThemes(
  d: Pick<Deps, 'db' | 'sealer'>,
  subjectId: string,
  req: PageRequest,
): Promise<Page<ThemeLink>> {
  await getSubject(d, subjectId);
  return paged({ sealer: d.sealer, scope: subjectId }, THEME_LINKS, req, (after, limit) =>
    selectThemeLinks(d.db, subjectId, after, limit),
  );
}
