import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDb } from '../../../test/support/backends.ts';
import type { Db } from './index.ts';
import { takeLease } from './leases.ts';

describe.each(BACKENDS)('job leases on %s', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await freshDb(backend));
  });
  afterAll(() => dispose());

  it('one taker per period; taken again once the period is over', async () => {
    expect(await takeLease(db, 'upkeep', 'a', 'PT20H')).toBe(true);
    expect(await takeLease(db, 'upkeep', 'b', 'PT20H')).toBe(false);
    const takers = await Promise.all(['c', 'd', 'e'].map((h) => takeLease(db, 'other', h, 'PT20H')));
    expect(takers.filter(Boolean)).toHaveLength(1);
    await db.query("UPDATE job_leases SET taken_at = now() - interval '21 hours' WHERE name = 'upkeep'");
    expect(await takeLease(db, 'upkeep', 'b', 'PT20H')).toBe(true);
    const holder = await db.query<{ holder: string }>("SELECT holder FROM job_leases WHERE name = 'upkeep'");
    expect(holder.rows[0]?.holder).toBe('b');
  });
});
