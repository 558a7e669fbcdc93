// Issue 16: a request's step that a system completes later, and one that failed, finish without
// anyone fulfilling the request again. An http system accepts the erasure (202) and reports back
// with a signed callback, which Garde believes only with the dataset's signature; a step that
// failed is tried again by the job once its delay has passed, and not before.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resumeSteps } from '../../src/rights/steps-job.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS, FIXED_NOW } from '../support/backends.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { policyVariant } from '../support/policy-variant.ts';
import { describeWhen } from '../support/requires.ts';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const URL_VAR = `GARDE_TEST_LEDGER_URL_${process.pid}`;
const SECRET_VAR = `GARDE_TEST_LEDGER_SECRET_${process.pid}`;

describeWhen({ ok: true, why: '' }, 'steps-later.test.ts').each(BACKENDS)(
  'steps that finish later on %s',
  (backend) => {
    let t: TestApp;
    let server: Server;
    let down = false;
    const applied: string[] = [];

    beforeAll(async () => {
      // A ledger system: accepts each erasure to do later (202); "down" answers 503.
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          if (down) {
            res.writeHead(503).end();
            return;
          }
          if (req.url === '/garde/apply') {
            const { ref } = JSON.parse(body) as { ref: string };
            applied.push(ref);
            res
              .writeHead(202, { 'content-type': 'application/json' })
              .end(JSON.stringify({ ref, status: 'running' }));
            return;
          }
          if (req.url?.startsWith('/garde/jobs/')) {
            res.writeHead(202, { 'content-type': 'application/json' }).end(
              JSON.stringify({
                ref: decodeURIComponent(req.url.slice('/garde/jobs/'.length)),
                status: 'running',
              }),
            );
            return;
          }
          res.writeHead(404).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      process.env[URL_VAR] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      process.env[SECRET_VAR] = SECRET;
      const policy = await policyVariant('policies/energy-services.yaml', (doc) => {
        doc.datasets = [
          {
            id: 'ledger',
            description: { fr: 'Grand livre', nl: 'Grootboek', en: 'Ledger' },
            kind: 'http',
            connection: { url: URL_VAR, secret: SECRET_VAR },
            tables: [
              {
                name: 'accounts',
                person: { by: 'subject-id', column: 'subject' },
                fields: [
                  { column: 'holder', category: 'identification', field: 'familyName' },
                  { column: 'service', category: 'product-usage', field: 'service' },
                ],
              },
            ],
          },
        ];
        // The service history is the ledger's (it replaces the manual service systems).
        for (const c of doc.categories) if (c.id === 'product-usage') delete c.storage;
      });
      t = await testApp(backend, { policy });
    });
    afterAll(async () => {
      await t?.dispose();
      await new Promise((resolve) => server?.close(resolve));
      delete process.env[URL_VAR];
      delete process.env[SECRET_VAR];
    });

    const post = (url: string, payload: object = {}) =>
      t.app.inject({ method: 'POST', url, headers: t.as('dpo'), payload });

    async function erasureRequest(): Promise<string> {
      const s = await createSubject(
        t.deps,
        { lifecycle: 'prospect', identity: { familyName: 'Wouters' } },
        'test',
      );
      const r = await post(`/v1/subjects/${s.id}/rights-requests`, { kind: 'erasure', channel: 'portal' });
      expect(r.statusCode).toBe(201);
      return r.json().id;
    }

    const callback = (body: object, secret = SECRET) => {
      const payload = JSON.stringify(body);
      const id = `msg_${randomBytes(8).toString('hex')}`;
      // Signed at Garde's (test) clock: a timestamp is checked against it.
      const at = t.deps.now();
      const signature = new Webhook(secret).sign(id, at, payload);
      return t.app.inject({
        method: 'POST',
        url: '/v1/datasets/ledger/callbacks',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        payload,
      });
    };

    it('a system that completes later leaves the step waiting until its signed callback, which completes the request', async () => {
      const id = await erasureRequest();
      const first = (await post(`/v1/rights-requests/${id}/fulfilment`)).json();
      expect(first.status).toBe('verified');
      const step = first.steps.find((s: { dataset: string }) => s.dataset === 'ledger');
      expect(step).toMatchObject({ status: 'waiting', attempts: 1 });
      const ref = `${id}/ledger`;
      expect(applied).toContain(ref);
      // A forged callback is refused, and changes nothing.
      const forged = await callback(
        { ref, status: 'done', results: [] },
        `whsec_${randomBytes(32).toString('base64')}`,
      );
      expect(forged.statusCode).toBe(401);
      expect(forged.json()).toMatchObject({ code: 'CALLBACK_REJECTED' });
      const ok = await callback({
        ref,
        status: 'done',
        results: [{ table: 'accounts', op: 'delete', rows: 1 }],
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ settled: true });
      const after = await t.app.inject({
        method: 'GET',
        url: `/v1/rights-requests/${id}`,
        headers: t.as('dpo'),
      });
      expect(after.json().status).toBe('completed');
      expect(after.json().outcome.datasets).toContainEqual(
        expect.objectContaining({
          dataset: 'ledger',
          tables: [{ table: 'accounts', op: 'delete', rows: 1 }],
        }),
      );
      // A redelivery is answered, and settles nothing twice.
      expect((await callback({ ref, status: 'done', results: [] })).json()).toEqual({ settled: false });
    });

    it('a failed system is tried again by the job once its delay has passed, not before', async () => {
      const id = await erasureRequest();
      down = true;
      let first: { steps: { dataset: string; status: string; attempts: number }[] };
      try {
        first = (await post(`/v1/rights-requests/${id}/fulfilment`)).json();
      } finally {
        down = false;
      }
      expect(first.steps.find((s) => s.dataset === 'ledger')).toMatchObject({
        status: 'failed',
        attempts: 1,
      });
      const at = (ms: number) => ({ ...t.deps, now: () => new Date(FIXED_NOW.getTime() + ms) });
      const before = applied.length;
      await resumeSteps(at(30_000));
      expect(applied.length).toBe(before);
      await resumeSteps(at(61_000));
      expect(applied.slice(before)).toEqual([`${id}/ledger`]);
      const view = await t.app.inject({
        method: 'GET',
        url: `/v1/rights-requests/${id}`,
        headers: t.as('dpo'),
      });
      expect(view.json().steps.find((s: { dataset: string }) => s.dataset === 'ledger')).toMatchObject({
        status: 'waiting',
        attempts: 2,
      });
    });
  },
);
