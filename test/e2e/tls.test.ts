// EN-16: with GARDE_TLS_CERT/GARDE_TLS_KEY set, Garde speaks HTTPS and sends HSTS.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server.ts';
import { testDeps } from '../support/backends.ts';

describe('TLS', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garde-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves HTTPS with HSTS when a certificate is configured', async () => {
    const deps = await testDeps('pglite');
    deps.config.tls = {
      cert: await readFile(join(dir, 'cert.pem')),
      key: await readFile(join(dir, 'key.pem')),
    };
    const app = await buildServer(deps);
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      expect(address).toMatch(/^https:\/\//);
      const ca = await readFile(join(dir, 'cert.pem'));
      const res = await new Promise<{ status?: number; hsts?: string; body: string }>((resolve, reject) => {
        request(`${address}/health`, { ca }, (r) => {
          let body = '';
          r.on('data', (d) => {
            body += d;
          });
          r.on('end', () =>
            resolve({ status: r.statusCode, hsts: r.headers['strict-transport-security'], body }),
          );
        })
          .on('error', reject)
          .end();
      });
      expect(res.status).toBe(200);
      expect(res.hsts).toContain('max-age=31536000');
      expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
    } finally {
      await app.close();
      await deps.dispose();
    }
  });
});
