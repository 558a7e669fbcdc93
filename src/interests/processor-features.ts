// BK-15, EN-8: what a processor reads: pseudonymised interest scores for its own purpose, only
// the fields the policy grants it, a page at a time, every read audited.
import { appendAudit } from '../audit/store.ts';
import { disclosure } from '../decide/decide.ts';
import { explain } from '../decide/reasons.ts';
import type { Principal } from '../keys/model.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { type CursorSeal, encodeCursor, type Keyset, readCursor } from '../platform/pagination.ts';
import type { Policy } from '../policy/schema.ts';
import { pseudonymOf } from '../rights/requests.ts';
import { readerWords, type Words } from '../words/words.ts';
import { interestPageSql, interestPurpose } from './sql.ts';
import { selectInterestPage } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'sealer' | 'now'>;

/** Pages in subject order; the sealed cursor reveals no subject id (src/platform/pagination.ts). */
export const FEATURES: Keyset = { list: 'processor-features', parts: ['uuid'] };

/** What a processor reads of each person: the fields its recipient entry must grant. */
const FEATURE_FIELDS = ['topic', 'score'];

/**
 * The processors the policy lets read features: those the decision point allows the interests'
 * purpose and its fields. A processor key names one of them (`recipient:<id>`) with `features`.
 */
export function featureRecipients(policy: Policy): string[] {
  const purpose = interestPurpose(policy);
  if (!purpose) return [];
  return policy.recipients
    .filter((r) => r.kind === 'processor')
    .filter((r) => disclosure(policy, { purpose, recipient: r.id, fields: FEATURE_FIELDS }).length === 0)
    .map((r) => r.id);
}

/**
 * BK-15, EN-8: a processor reads the model features of its own purpose, pseudonymised, only the
 * fields the policy grants it; every read is audited. The key names its recipient in a scope
 * (`recipient:<id>`); the cursor is sealed so it reveals no subject id either.
 */
export async function processorFeatures(
  d: Ctx,
  principal: Principal,
  q: { purpose: string; after?: string; limit: number },
  actor: string,
  words: Words = readerWords(d.policy),
) {
  const recipientId = principal.scopes.find((s) => s.startsWith('recipient:'))?.slice('recipient:'.length);
  const recipient = d.policy.recipients.find((r) => r.id === recipientId);
  if (recipient?.kind !== 'processor')
    throw new GardeError('ROLE_FORBIDDEN', 'a processor key names its processor in a "recipient:<id>" scope');
  // The decision point: this processor, this purpose, these fields (need to know).
  const refused = disclosure(d.policy, {
    purpose: q.purpose,
    recipient: recipient.id,
    fields: FEATURE_FIELDS,
  });
  if (refused.length > 0)
    throw new GardeError('ROLE_FORBIDDEN', refused.map((c) => explain(c, words)).join('; '), {
      reasons: refused.map((code) => ({ code, text: explain(code, words) })),
      language: words.language,
    });
  const sql = interestPageSql(d.policy);
  if (!sql || q.purpose !== interestPurpose(d.policy))
    throw new GardeError('ROLE_FORBIDDEN', `no interest scores are kept for "${q.purpose}"`);
  // A cursor belongs to this recipient's reading of this purpose.
  const seal: CursorSeal = { sealer: d.sealer, scope: `${recipient.id} ${q.purpose}` };
  const after = (readCursor(seal, FEATURES, q.after)?.[0] as string | undefined) ?? null;
  const now = d.now();
  const rows = await selectInterestPage(d.db, sql, { now, purpose: q.purpose, after, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  await appendAudit(
    d.db,
    {
      actor,
      action: 'processor.read',
      changeDigest: digestOf({ recipient: recipient.id, purpose: q.purpose, rows: page.length }),
    },
    now,
  );
  const last = page.at(-1);
  return {
    recipient: recipient.id,
    purpose: q.purpose,
    items: page.map((p) => ({ ref: pseudonymOf(d, p.subjectId), interests: p.interests })),
    next: last && rows.length > q.limit ? encodeCursor(seal, FEATURES, [last.subjectId]) : null,
  };
}
