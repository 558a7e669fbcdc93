// Withdrawal takes effect at once, across app processes: two servers share one PostgreSQL and
// neither caches state, so the next decision after a withdrawal, on either, sees it (BK-16).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKey } from '../../src/keys/store.ts';
import { freshDb } from '../support/backends.ts';
import { startServer, stopAll } from '../support/cli.ts';
import { describeWhen, POSTGRES_REQUIRED } from '../support/requires.ts';

describeWhen(POSTGRES_REQUIRED, 'test/e2e/two-processes.test.ts')(
  'two server processes on one PostgreSQL',
  () => {
    let servers: Awaited<ReturnType<typeof startServer>>[] = [];
    let dispose: () => Promise<void>;
    let db: Awaited<ReturnType<typeof freshDb>>['db'];
    let subjectId: string;
    let customerKey: string;
    let agentKey: string;

    beforeAll(async () => {
      const fresh = await freshDb('postgres');
      dispose = fresh.dispose;
      db = fresh.db;
      const s = await fresh.db.query<{ id: string }>(
        "INSERT INTO subjects (lifecycle, customer_since) VALUES ('customer', '2020-01-01') RETURNING id",
      );
      subjectId = (s.rows[0] as { id: string }).id;
      customerKey = (await createKey(fresh.db, { role: 'customer', subjectId }, 'test')).key;
      agentKey = (await createKey(fresh.db, { role: 'agent' }, 'test')).key;
      const env = {
        DATABASE_URL: fresh.url as string,
        GARDE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        PORT: '0',
        LOG_LEVEL: 'warn',
      };
      servers = await Promise.all([startServer([], env), startServer([], env)]);
    });
    afterAll(async () => {
      await stopAll();
      await dispose?.();
    });

    const call = (server: number, path: string, key: string, body?: object) =>
      fetch(`${servers[server]?.url}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      }).then((r) => r.json());
    const decide = async (server: number) =>
      (
        await call(server, '/v1/decisions', agentKey, {
          questions: [{ subjectId, purpose: 'web-personalisation' }],
        })
      ).answers[0];

    it('two processes starting at once on one policy record it in force once, and no change (issue 17)', async () => {
      const versions = await db.query('SELECT policy_id FROM policy_versions');
      expect(versions.rows).toEqual([{ policy_id: 'retail-bank' }]);
      const changed = await db.query(
        "SELECT 1 FROM audit_pending WHERE action = 'policy.changed' UNION ALL SELECT 1 FROM audit_log WHERE action = 'policy.changed'",
      );
      expect(changed.rowCount).toBe(0);
    });

    it('grant on one process -> allowed on the other; withdraw -> denied with consent.withdrawn', async () => {
      await call(0, `/v1/subjects/${subjectId}/consents`, customerKey, {
        purpose: 'web-personalisation',
        state: 'given',
      });
      expect(await decide(1)).toMatchObject({ allow: true, reasons: [{ code: 'consent.given' }] });
      await call(1, `/v1/subjects/${subjectId}/consents`, customerKey, {
        purpose: 'web-personalisation',
        state: 'withdrawn',
      });
      expect(await decide(0)).toMatchObject({ allow: false, reasons: [{ code: 'consent.withdrawn' }] });
      expect(await decide(1)).toMatchObject({ allow: false, reasons: [{ code: 'consent.withdrawn' }] });
    });
  },
);
