// The only SQL of the recorded policies (migration 053).
import type { Queryable } from '../platform/db/index.ts';
import type { Policy } from '../policy/schema.ts';
import type { RecordedPolicy } from './model.ts';

type Row = {
  id: string | number;
  policy_id: string;
  version: string;
  content_hash: string;
  content: Policy | string;
  in_force_from: Date;
};

const read = (r: Row): RecordedPolicy => ({
  id: Number(r.id),
  policyId: r.policy_id,
  version: r.version,
  contentHash: r.content_hash,
  content: typeof r.content === 'string' ? (JSON.parse(r.content) as Policy) : r.content,
  inForceFrom: new Date(r.in_force_from),
});

/** Every policy recorded as in force, oldest first. A handful of rows: one per change. */
export async function selectPolicyHistory(db: Queryable): Promise<RecordedPolicy[]> {
  const r = await db.query<Row>(
    'SELECT id, policy_id, version, content_hash, content, in_force_from FROM policy_versions ORDER BY in_force_from, id',
  );
  return r.rows.map(read);
}

export type NewPolicyVersion = {
  policy: Policy;
  contentHash: string;
  at: Date;
  changes: readonly { kind: string; purposes: readonly string[] }[];
  renewConsent: readonly string[];
};

/** Records that `policy` came into force at `at`; the caller holds LOCKS.policyVersions. */
export async function insertPolicyVersion(tx: Queryable, v: NewPolicyVersion): Promise<void> {
  await tx.query(
    `INSERT INTO policy_versions (policy_id, version, content_hash, content, in_force_from, changes, renew_consent)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7::text[])`,
    [
      v.policy.policy.id,
      v.policy.policy.version,
      v.contentHash,
      JSON.stringify(v.policy),
      v.at,
      JSON.stringify(v.changes),
      [...v.renewConsent],
    ],
  );
}

/**
 * The notice versions the consent ledger names other than `current`, at most `limit` of them
 * (issue 17 review A2: consents recorded before any policy was). Ids, no personal data.
 */
export async function selectNoticeVersions(db: Queryable, current: string, limit = 20): Promise<string[]> {
  const r = await db.query<{ notice_version: string }>(
    'SELECT DISTINCT notice_version FROM consent_events WHERE notice_version <> $1 ORDER BY notice_version LIMIT $2',
    [current, limit],
  );
  return r.rows.map((x) => x.notice_version);
}
