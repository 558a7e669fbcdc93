import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FIXED_NOW, freshDb } from '../../../test/support/backends.ts';
import { expectProblem } from '../../../test/support/http.ts';
import { loadConfig } from '../../platform/config.ts';
import { sealer } from '../../platform/crypto.ts';
import { loadPolicyOrThrow } from '../../runtime.ts';
import { buildServer } from '../../server.ts';

describe('readiness', () => {
  it('is 503 NOT_READY while migrations are pending, though the process is alive', async () => {
    const { db, dispose } = await freshDb('pglite', { migrate: false });
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const policy = await loadPolicyOrThrow('policies/retail-bank.yaml');
    const app = await buildServer({
      config,
      db,
      policy,
      sealer: sealer(randomBytes(32)),
      now: () => FIXED_NOW,
    });
    try {
      expectProblem(await app.inject({ method: 'GET', url: '/ready' }), 503, 'NOT_READY');
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await dispose();
    }
  });
});
