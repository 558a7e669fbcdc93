// A person's keys as the controller's systems know them: Garde's subject id, the customer number
// (externalRef) and the e-mail address. Read from Garde, in one query.
import type { Queryable } from '../platform/db/index.ts';
import type { PersonKeys } from './actions.ts';

export async function personKeys(db: Queryable, subjectId: string): Promise<PersonKeys | null> {
  const r = await db.query<{ external_ref: string | null; email: string | null }>(
    `SELECT s.external_ref, i.email FROM subjects s LEFT JOIN identities i ON i.subject_id = s.id WHERE s.id = $1`,
    [subjectId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { 'subject-id': subjectId, 'external-ref': row.external_ref, email: row.email };
}
