// A lease for periodic work shared by several processes: whoever takes it runs the job; the
// others (and a restart within the period) skip. One conditional upsert, no lock held.
import type { Queryable } from './types.ts';

/** True when this caller took the lease: nobody took it within `period` (an ISO duration). */
export async function takeLease(
  db: Queryable,
  name: string,
  holder: string,
  period: string,
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO job_leases (name, taken_at, holder) VALUES ($1, now(), $2)
     ON CONFLICT (name) DO UPDATE SET taken_at = now(), holder = EXCLUDED.holder
       WHERE job_leases.taken_at <= now() - $3::interval
     RETURNING 1`,
    [name, holder, period],
  );
  return r.rows.length > 0;
}
