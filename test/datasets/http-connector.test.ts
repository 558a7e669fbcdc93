// The HTTP connector against a fake controller system on 127.0.0.1 that checks every request with
// the Standard Webhooks reference library (npm standardwebhooks): Garde's signatures interoperate,
// a retried apply keeps its webhook-id so the system acts once, and a callback is believed only
// when it is signed with the dataset's secret and fresh.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PersonKeys, TableAction } from '../../src/datasets/actions.ts';
import { DatasetUnavailableError, openConnector } from '../../src/datasets/connector.ts';
import {
  applyMessageId,
  CallbackRejectedError,
  DatasetJobFailedError,
  type HttpOptions,
  openHttpConnector,
  verifyCallback,
} from '../../src/datasets/http.ts';
import type { Dataset } from '../../src/policy/schema.ts';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const URL_VAR = `GARDE_TEST_HTTP_URL_${process.pid}`;
const SECRET_VAR = `GARDE_TEST_HTTP_SECRET_${process.pid}`;

const ticketing: Dataset = {
  id: 'ticketing',
  description: 'Ticketing',
  kind: 'http',
  connection: { url: URL_VAR, secret: SECRET_VAR },
  tables: [
    {
      name: 'tickets',
      person: { by: 'external-ref', column: 'customer_no' },
      fields: [
        { column: 'subject', category: 'contact-history' },
        { column: 'opened_at', category: 'contact-history' },
      ],
      clocks: { 'event-time': 'opened_at' },
    },
    {
      name: 'contacts',
      person: { by: 'external-ref', column: 'customer_no' },
      fields: [{ column: 'email', category: 'identification', field: 'email' }],
      restriction: { column: 'restricted' },
    },
  ],
};

const jo: PersonKeys = {
  'subject-id': '00000000-0000-4000-8000-000000000001',
  'external-ref': 'C-1',
  email: 'jo.dupont@example.com',
};

type Seen = { method: string; path: string; id: string; body: string; verified: boolean; at: number };
type Reply = {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  /** No answer at all, or an answer whose body stops halfway. */
  hang?: boolean;
  stall?: boolean;
};

/**
 * The controller's system: verifies each request with the reference library, drops an apply
 * whose webhook-id it has seen (answering the first outcome), and lets a test script its next answers.
 */
function fakeSystem() {
  const seen: Seen[] = [];
  const script: ((s: Seen) => Reply | undefined)[] = [];
  const outcomes = new Map<string, Reply>();
  const jobs = new Map<string, 'running' | 'done'>();
  let acted = 0;
  const verifier = new Webhook(SECRET);
  const answer = (s: Seen): Reply => {
    if (!s.verified) return { status: 401 };
    if (s.path === '/garde/describe')
      return {
        status: 200,
        json: {
          tables: [{ table: 'tickets', columns: [{ name: 'subject', type: 'text' }] }],
        },
      };
    if (s.path === '/garde/read')
      return {
        status: 200,
        json: {
          tables: [
            {
              table: 'tickets',
              rows: [{ subject: 'Router down', opened_at: '2025-01-02T03:04:05.000Z', internal: 'x' }],
            },
            { table: 'contacts', rows: [{ email: 'jo.dupont@example.com' }] },
          ],
        },
      };
    if (s.path === '/garde/apply') {
      const first = outcomes.get(s.id);
      if (first) return first;
      const req = JSON.parse(s.body) as { ref: string; actions: TableAction[] };
      acted++;
      const reply: Reply = req.ref.startsWith('later-')
        ? { status: 202, json: { ref: req.ref, status: 'running' } }
        : {
            status: 200,
            json: { ref: req.ref, status: 'done', results: req.actions.map((a) => ({ ...a, rows: 1 })) },
          };
      if (req.ref.startsWith('later-')) jobs.set(req.ref, 'running');
      outcomes.set(s.id, reply);
      return reply;
    }
    const job = /^\/garde\/jobs\/(.+)$/.exec(s.path);
    if (job) {
      const ref = decodeURIComponent(job[1] ?? '');
      const state = jobs.get(ref);
      if (!state) return { status: 404 };
      if (state === 'running') return { status: 202, json: { ref, status: 'running' } };
      return {
        status: 200,
        json: { ref, status: 'done', results: [{ table: 'tickets', op: 'delete', rows: 3 }] },
      };
    }
    return { status: 404 };
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        verifier.verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      const s: Seen = {
        method: req.method ?? '',
        path: req.url ?? '',
        id: String(req.headers['webhook-id']),
        body,
        verified,
        at: Date.now(),
      };
      seen.push(s);
      const scripted = script.shift()?.(s);
      const reply = scripted ?? answer(s);
      if (reply.hang) return;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      if (reply.stall) return void res.write('{"tables":');
      res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
    });
  };
  return {
    seen,
    script,
    jobs,
    acted: () => acted,
    act: (s: Seen) => answer(s),
    reset() {
      seen.length = 0;
      script.length = 0;
    },
    handle,
  };
}

const fast: HttpOptions = { timeoutMs: 500, backoffMs: 5, budgetMs: 3000, attempts: 4 };

describe('http connector', () => {
  const sys = fakeSystem();
  let server: Server;
  let env: Record<string, string>;
  const open = (o: HttpOptions = fast, e: Record<string, string | undefined> = env) =>
    openHttpConnector(ticketing, e, o);

  beforeAll(async () => {
    server = createServer(sys.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    env = { [URL_VAR]: `http://127.0.0.1:${port}/`, [SECRET_VAR]: SECRET };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => sys.reset());

  it("reads the person's rows by the declared lookup, sending only the keys it needs, keeping only declared columns", async () => {
    const c = await openConnector(ticketing, env);
    expect(await c.read(jo)).toEqual([
      { table: 'tickets', rows: [{ subject: 'Router down', opened_at: '2025-01-02T03:04:05.000Z' }] },
      { table: 'contacts', rows: [{ email: 'jo.dupont@example.com' }] },
    ]);
    expect(sys.seen).toHaveLength(1);
    const [req] = sys.seen;
    expect(req?.verified).toBe(true);
    expect(req?.method).toBe('POST');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      person: { 'external-ref': 'C-1' },
      tables: [
        {
          table: 'tickets',
          person: { by: 'external-ref', column: 'customer_no' },
          columns: ['subject', 'opened_at'],
        },
        { table: 'contacts', person: { by: 'external-ref', column: 'customer_no' }, columns: ['email'] },
      ],
    });
  });

  it('applies actions done at once, dates in ISO 8601, and a retry of the step keeps its webhook-id so the system acts once', async () => {
    const c = await open();
    const actions: TableAction[] = [
      {
        table: 'tickets',
        op: 'delete',
        where: [{ column: 'opened_at', op: 'at-or-before', value: new Date('2024-06-15T10:00:00Z') }],
      },
      { table: 'contacts', op: 'mask', columns: ['email'] },
    ];
    const done = await c.apply(jo, actions, { ref: 'step-1' });
    expect(done).toEqual({
      done: true,
      results: [
        { table: 'tickets', op: 'delete', rows: 1 },
        { table: 'contacts', op: 'mask', rows: 1 },
      ],
    });
    const body = JSON.parse(sys.seen[0]?.body ?? '');
    expect(body).toMatchObject({ ref: 'step-1', dryRun: false, person: { 'external-ref': 'C-1' } });
    expect(body.actions[0].where[0].value).toBe('2024-06-15T10:00:00.000Z');
    const before = sys.acted();
    // The same step retried later, from a new connector: same webhook-id, the system does not act again.
    const again = await (await open()).apply(jo, actions, { ref: 'step-1' });
    expect(again).toEqual(done);
    expect(sys.acted()).toBe(before);
    expect(sys.seen.map((s) => s.id)).toEqual([
      applyMessageId('ticketing', 'step-1', false),
      applyMessageId('ticketing', 'step-1', false),
    ]);
    expect(sys.seen.every((s) => s.verified)).toBe(true);
  });

  it('a dry run and the real run of one step are distinct messages', () => {
    expect(applyMessageId('ticketing', 'step-1', true)).not.toBe(
      applyMessageId('ticketing', 'step-1', false),
    );
    expect(applyMessageId('ticketing', 'step-1', false)).toMatch(/^msg_[A-Za-z0-9_-]{32}$/);
  });

  it('a retention sweep sends person null', async () => {
    await (await open()).apply(null, [{ table: 'tickets', op: 'delete' }], { ref: 'sweep-1', dryRun: true });
    expect(JSON.parse(sys.seen[0]?.body ?? '')).toMatchObject({ person: null, dryRun: true });
  });

  it('an apply answered 202 completes later: polling says running, then gives the results', async () => {
    const c = await open();
    expect(await c.apply(jo, [{ table: 'tickets', op: 'delete' }], { ref: 'later-1' })).toEqual({
      done: false,
      ref: 'later-1',
    });
    expect(await c.poll?.('later-1')).toEqual({ done: false, ref: 'later-1' });
    sys.jobs.set('later-1', 'done');
    expect(await c.poll?.('later-1')).toEqual({
      done: true,
      results: [{ table: 'tickets', op: 'delete', rows: 3 }],
    });
    expect(sys.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /garde/apply',
      'GET /garde/jobs/later-1',
      'GET /garde/jobs/later-1',
    ]);
    expect(sys.seen.every((s) => s.verified)).toBe(true);
  });

  it('a job the system reports failed is an error with its code', async () => {
    sys.script.push(() => ({
      status: 200,
      json: { ref: 'later-2', status: 'failed', error: { code: 'LOCKED' } },
    }));
    const err = await (await open()).poll?.('later-2').catch((e) => e);
    expect(err).toBeInstanceOf(DatasetJobFailedError);
    expect(err.message).toBe('dataset "ticketing" cannot be reached: job later-2 failed: LOCKED');
  });

  it('retries a 503 with backoff, under the same webhook-id, until the system answers; it acted once', async () => {
    const before = sys.acted();
    // The first attempt acts and then fails to answer; the second is refused; the third succeeds.
    sys.script.push((s) => {
      sys.act(s);
      return { status: 503 };
    });
    sys.script.push(() => ({ status: 503 }));
    const done = await (await open()).apply(jo, [{ table: 'contacts', op: 'mask', columns: ['email'] }], {
      ref: 'step-503',
    });
    expect(done).toEqual({ done: true, results: [{ table: 'contacts', op: 'mask', rows: 1 }] });
    expect(sys.seen).toHaveLength(3);
    expect(new Set(sys.seen.map((s) => s.id)).size).toBe(1);
    expect(sys.seen.every((s) => s.verified)).toBe(true);
    expect(sys.acted() - before).toBe(1);
  });

  it('does not retry a 400, and says which dataset and status without the body or the URL', async () => {
    sys.script.push(() => ({ status: 400, json: { detail: 'jo.dupont@example.com is unknown' } }));
    const err = await (await open()).read(jo).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetUnavailableError);
    expect(err.message).toBe('dataset "ticketing" cannot be reached: POST /garde/read answered 400');
    expect(sys.seen).toHaveLength(1);
  });

  it('does not follow a redirect, which would carry the signed request elsewhere', async () => {
    sys.script.push(() => ({ status: 307, headers: { location: 'http://127.0.0.1:9/garde/read' } }));
    const err = await (await open()).read(jo).catch((e) => e);
    expect(err.message).toBe('dataset "ticketing" cannot be reached: POST /garde/read answered 307');
    expect(sys.seen).toHaveLength(1);
  });

  it('gives up within its attempts on a system that keeps failing', async () => {
    for (let i = 0; i < 4; i++) sys.script.push(() => ({ status: 500 }));
    const err = await (await open()).describe().catch((e) => e);
    expect(err.message).toMatch(
      /^dataset "ticketing" cannot be reached: GET \/garde\/describe answered 500; gave up after 4 attempts in \d+ ms$/,
    );
    expect(sys.seen).toHaveLength(4);
  });

  it('honours Retry-After on a 429', async () => {
    sys.script.push(() => ({ status: 429, headers: { 'retry-after': '1' } }));
    await (await open()).describe();
    expect(sys.seen).toHaveLength(2);
    const [a, b] = sys.seen;
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After is beyond the budget', async () => {
    sys.script.push(() => ({ status: 429, headers: { 'retry-after': '60' } }));
    const err = await (await open()).describe().catch((e) => e);
    expect(err.message).toMatch(/answered 429; gave up after 1 attempts/);
    expect(sys.seen).toHaveLength(1);
  });

  it('abandons a request with no answer within the timeout and retries it', async () => {
    sys.script.push(() => ({ status: 0, hang: true }));
    const started = Date.now();
    const shapes = await (await open({ ...fast, timeoutMs: 200 })).describe();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(shapes).toEqual([
      { table: 'tickets', columns: [{ name: 'subject', type: 'text' }] },
      { table: 'contacts', columns: null },
    ]);
    expect(sys.seen).toHaveLength(2);
  });

  it('a body cut short by the timeout is retried like no answer', async () => {
    sys.script.push(() => ({ status: 200, stall: true }));
    const shapes = await (await open({ ...fast, timeoutMs: 200 })).describe();
    expect(shapes[0]).toEqual({ table: 'tickets', columns: [{ name: 'subject', type: 'text' }] });
    expect(sys.seen).toHaveLength(2);
  });

  it('a system that never answers fails with the timeout named', async () => {
    for (let i = 0; i < 2; i++) sys.script.push(() => ({ status: 0, hang: true }));
    const err = await (await open({ ...fast, timeoutMs: 100, attempts: 2 })).describe().catch((e) => e);
    expect(err.message).toMatch(
      /GET \/garde\/describe had no answer within 100 ms; gave up after 2 attempts/,
    );
  });

  it('a system that cannot be reached is retried, then named with the network error', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const gone = { ...env, [URL_VAR]: `http://127.0.0.1:${port}` };
    const err = await (await open(fast, gone)).describe().catch((e) => e);
    expect(err.message).toMatch(/could not connect \(ECONNREFUSED\); gave up after 4 attempts/);
  });

  it('an answer outside the protocol is refused', async () => {
    sys.script.push(() => ({ status: 200, json: { tables: [{ table: 'tickets' }] } }));
    const err = await (await open()).read(jo).catch((e) => e);
    expect(err.message).toBe(
      'dataset "ticketing" cannot be reached: POST /garde/read answered outside the protocol (/tables/0 must have required property \'rows\')',
    );
  });

  it('an unset environment variable is named, and no connection is attempted', async () => {
    for (const missing of [URL_VAR, SECRET_VAR]) {
      const err = await open(fast, { ...env, [missing]: undefined }).catch((e) => e);
      expect(err).toBeInstanceOf(DatasetUnavailableError);
      expect(err.message).toBe(
        `dataset "ticketing" cannot be reached: environment variable ${missing} is not set`,
      );
    }
    const weak = await open(fast, { ...env, [SECRET_VAR]: 'hunter2' }).catch((e) => e);
    expect(weak.message).toContain(`environment variable ${SECRET_VAR} does not hold a whsec_ secret`);
    expect(weak.message).not.toContain('hunter2');
    expect(sys.seen).toHaveLength(0);
  });
});

describe('a completion callback', () => {
  const env = { [SECRET_VAR]: SECRET, [URL_VAR]: 'http://127.0.0.1:1' };
  const now = new Date('2026-06-15T10:00:00Z');
  const body = JSON.stringify({
    ref: 'later-1',
    status: 'done',
    results: [{ table: 'tickets', op: 'keep', rows: 2, newest: '2020-03-01T00:00:00.000Z' }],
  });
  // Signed by the reference library, as the controller's system would.
  const signed = (payload: string, at: Date = now, secret = SECRET) => ({
    'webhook-id': 'msg_callback1',
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign('msg_callback1', at, payload),
  });

  it('is believed when signed with the dataset secret, and gives the ref and results', () => {
    expect(verifyCallback(ticketing, signed(body), Buffer.from(body), env, now)).toEqual({
      id: 'msg_callback1',
      ref: 'later-1',
      results: [{ table: 'tickets', op: 'keep', rows: 2, newest: '2020-03-01T00:00:00.000Z' }],
    });
  });

  it('is refused when the body was changed after signing', () => {
    const tampered = body.replace('"rows":2', '"rows":0');
    expect(() => verifyCallback(ticketing, signed(body), tampered, env, now)).toThrow(
      new CallbackRejectedError('signature', 'no v1 signature matches the dataset secret'),
    );
  });

  it('is refused when signed with another secret', () => {
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    expect(() => verifyCallback(ticketing, signed(body, now, other), body, env, now)).toThrow(
      /no v1 signature/,
    );
  });

  it('is refused when its timestamp is more than five minutes old or ahead', () => {
    const stale = new Date(now.getTime() - 301_000);
    const ahead = new Date(now.getTime() + 301_000);
    for (const at of [stale, ahead])
      expect(() => verifyCallback(ticketing, signed(body, at), body, env, now)).toThrow(
        /more than 300 s away/,
      );
    // Within the window it still holds.
    expect(
      verifyCallback(ticketing, signed(body, new Date(now.getTime() - 299_000)), body, env, now).ref,
    ).toBe('later-1');
  });

  it('is refused without the signature headers, or with a body that is not a finished job', () => {
    expect(() => verifyCallback(ticketing, {}, body, env, now)).toThrow(/webhook-id, webhook-timestamp/);
    const running = JSON.stringify({ ref: 'later-1', status: 'running' });
    expect(() => verifyCallback(ticketing, signed(running), running, env, now)).toThrow(/finished job/);
  });

  it('reporting a failed job is a job failure with its code', () => {
    const failed = JSON.stringify({ ref: 'later-1', status: 'failed', error: { code: 'LOCKED' } });
    expect(() => verifyCallback(ticketing, signed(failed), failed, env, now)).toThrow(DatasetJobFailedError);
  });

  it('names the unset secret variable', () => {
    expect(() => verifyCallback(ticketing, signed(body), body, { [URL_VAR]: 'x' }, now)).toThrow(
      `environment variable ${SECRET_VAR} is not set`,
    );
  });
});
