import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDb } from '../../test/support/backends.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Db } from '../platform/db/index.ts';
import { appendAudit, verifyAudit } from './store.ts';

describe.each(BACKENDS)('audit trail on %s', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await freshDb(backend));
    for (let i = 0; i < 12; i++) {
      await db.transaction((tx) =>
        appendAudit(tx, { actor: 'key:test', action: 'subject.update', changeDigest: digestOf({ i }) }),
      );
    }
  });
  afterAll(() => dispose());

  it('verifies an intact chain, across pages', async () => {
    expect(await verifyAudit(db, undefined, 5)).toEqual({ ok: true, entries: 12 });
  });

  it('keeps the chain intact under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction((tx) =>
          appendAudit(tx, { actor: 'key:c', action: 'audit.read', changeDigest: digestOf({ i }) }),
        ),
      ),
    );
    expect(await verifyAudit(db)).toEqual({ ok: true, entries: 22 });
  });

  it('refuses UPDATE and DELETE on the log', async () => {
    await expect(db.query("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
  });

  it('names the first tampered entry when someone bypasses the trigger', async () => {
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx.query("UPDATE audit_log SET action = 'subject.read' WHERE seq = 7");
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
    const result = await verifyAudit(db);
    expect(result).toEqual({ ok: false, entries: 6, break: { seq: 7, reason: 'hash-mismatch' } });
  });
});
