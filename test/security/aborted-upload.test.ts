// A client that closes the connection in the middle of its upload is no error of ours: it is
// logged below error level, with no 500 and nothing personal.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server.ts';
import { FIXED_NOW } from '../support/backends.ts';
import { type TestApp, testApp } from '../support/http.ts';

describe('aborted uploads', () => {
  let t: TestApp;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let port: number;
  const lines: Record<string, unknown>[] = [];
  const waiting: { until: (line: Record<string, unknown>) => boolean; resolve(): void }[] = [];
  /** Resolves when a log line matching `until` has been written (the test timeout is the ceiling). */
  const logged = (until: (line: Record<string, unknown>) => boolean) =>
    new Promise<void>((resolve) => {
      if (lines.some(until)) return resolve();
      waiting.push({ until, resolve });
    });

  beforeAll(async () => {
    t = await testApp('pglite');
    const config = { ...t.deps.config, logLevel: 'info' as const };
    const logStream = {
      write(raw: string) {
        const line = JSON.parse(raw) as Record<string, unknown>;
        lines.push(line);
        for (const w of waiting.filter((x) => x.until(line))) w.resolve();
      },
    };
    app = await buildServer({ ...t.deps, config }, { logStream });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  it('an upload the client aborts is logged below error level, with no 500', async () => {
    const event = { subjectId: t.customerId, kind: 'k', topic: 't', occurredAt: FIXED_NOW.toISOString() };
    const part = `[${JSON.stringify(event)},`;
    const socket = connect(port, '127.0.0.1');
    // Hang up once the server has authenticated the request and started reading its body.
    app.server.once('request', (req) => req.once('resume', () => socket.destroy()));
    socket.write(
      `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.keys.admin}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n${part}`,
    );
    await logged((l) => l.reqId !== undefined);
    const ours = lines.filter((l) => l.reqId !== undefined);
    expect(ours.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(ours.some((l) => l.status === 500)).toBe(false);
    expect(ours.map((l) => l.msg)).toContain('request aborted by the client');
    expect(JSON.stringify(ours)).not.toContain(t.customerId);
  });

  it('a failure of ours after the whole body arrived is still a 500, logged at error level', async () => {
    await t.deps.db.query('ALTER TABLE subjects RENAME TO subjects_away');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/subjects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ lifecycle: 'prospect' }),
      });
      expect(res.status).toBe(500);
      expect((await res.json()).code).toBe('INTERNAL');
      await logged((l) => l.msg === 'unhandled error');
      expect(lines.some((l) => l.msg === 'unhandled error' && Number(l.level) === 50)).toBe(true);
    } finally {
      await t.deps.db.query('ALTER TABLE subjects_away RENAME TO subjects');
    }
  });
});
