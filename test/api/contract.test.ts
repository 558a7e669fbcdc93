// The OpenAPI document says what the server does. Through the typed client (generated from the
// document, clients/typescript), over real HTTP, this calls every operation the document lists,
// successes and refusals, and checks each answer against the document: status, media type,
// body, required headers. It also proves the document valid against the official OpenAPI 3.1
// schema and the committed client fresh.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Middleware } from 'openapi-fetch';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { staleClientFiles } from '../../clients/typescript/generate.ts';
import { createGardeClient, type GardeClient } from '../../clients/typescript/index.ts';
import { recordConsent } from '../../src/consent/consent.ts';
import type { Role } from '../../src/keys/model.ts';
import { createKey } from '../../src/keys/store.ts';
import { openapiDocument } from '../../src/platform/http/openapi.ts';
import { oidcConfig } from '../../src/platform/oidc-config.ts';
import { channelNeedsProof } from '../../src/policy/rights-defaults.ts';
import { RIGHTS } from '../../src/policy/schema.ts';
import { ROUTES } from '../../src/routes.ts';
import { BACKENDS } from '../support/backends.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { answerChecker } from '../support/openapi-check.ts';
import { POLICIES } from '../support/policies.ts';
import { policyVariant } from '../support/policy-variant.ts';
import { wordsOf } from '../support/policy-words.ts';
import { richSubject } from '../support/rich-subject.ts';

const DOCUMENT = openapiDocument(ROUTES);
const OPERATIONS = Object.entries(DOCUMENT.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    path,
    method: method.toUpperCase(),
    id: op.operationId as string,
  })),
);

const LEDGER_URL = `GARDE_TEST_CONTRACT_LEDGER_URL_${process.pid}`;
const LEDGER_SECRET = `GARDE_TEST_CONTRACT_LEDGER_SECRET_${process.pid}`;
const LEDGER_SECRET_VALUE = `whsec_${randomBytes(32).toString('base64')}`;

/** An http system that holds nothing: every read is empty, every action done at once on no row. */
async function emptyLedger(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const json = (status: number, answer: object) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      if (req.url === '/garde/read') return json(200, { tables: [{ table: 'accounts', rows: [] }] });
      if (req.url === '/garde/apply')
        return json(200, { ref: JSON.parse(body).ref, status: 'done', results: [] });
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the OpenAPI document', () => {
  it('validates against the official OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(DOCUMENT) as never);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('names every operation once, in camelCase, and says who may call it', () => {
    const ids = OPERATIONS.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
    for (const [, ops] of Object.entries(DOCUMENT.paths))
      for (const op of Object.values(ops)) {
        expect(op.security).toBeDefined();
        expect(String(op.description)).toMatch(/^(Public: no key\.|Roles: )/);
      }
  });

  it('assumes no example policy: none of their clause ids, purposes, channels or topics appears', async () => {
    const text = JSON.stringify(DOCUMENT);
    expect(text).not.toMatch(/\b(BK|EN)-\d/);
    for (const file of POLICIES) {
      const doc = parse(await readFile(file, 'utf8')) as { purposes: { id: string }[] };
      const words = wordsOf(doc);
      // The policy's own ids (purposes, channels, topics...), long enough not to be common words.
      const ids = [...new Set([...words.named('id'), ...words.named('topics'), ...words.named('channels')])]
        // Garde's own words a policy quotes (the rights a channel takes) are the schema's, not the policy's.
        .filter((w) => !(RIGHTS as readonly string[]).includes(w))
        .filter((w) => w.includes('-') && w.length > 8);
      expect(ids.length).toBeGreaterThan(5);
      expect(ids.filter((w) => text.includes(`"${w}"`) || text.includes(` ${w} `))).toEqual([]);
    }
  });

  it('declares errors as problem+json, and a parameter with a default as optional', () => {
    const responses = (DOCUMENT.components as { responses: Record<string, { content: object }> }).responses;
    for (const r of Object.values(responses))
      expect(Object.keys(r.content)).toEqual(['application/problem+json']);
    const list = DOCUMENT.paths['/v1/subjects']?.get as { parameters: { name: string; required: boolean }[] };
    expect(list.parameters.find((p) => p.name === 'limit')?.required).toBe(false);
  });

  it('the answer check is not blind: it names a wrong status, media type, body or missing header', () => {
    const check = answerChecker(DOCUMENT);
    const subject = '/v1/subjects/{id}';
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const tagged = { ...json, etag: '"1"' };
    expect(check({ method: 'GET', path: subject, status: 200, headers: tagged, body: '{"id":1}' })).toEqual([
      expect.stringContaining('body does not match'),
    ]);
    expect(
      check({
        method: 'GET',
        path: subject,
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: 'x',
      }),
    ).toEqual([
      expect.stringContaining('required header ETag missing'),
      expect.stringContaining('media type "text/html" not declared'),
    ]);
    expect(check({ method: 'GET', path: subject, status: 404, headers: json, body: '{}' })).toEqual([
      expect.stringContaining('media type "application/json" not declared'),
    ]);
    expect(check({ method: 'GET', path: '/v1/subjects', status: 201, headers: json, body: '{}' })).toEqual([
      expect.stringContaining('a success not declared'),
    ]);
  });

  it('the committed typed client is what `npm run client` generates now', async () => {
    const stale = await staleClientFiles();
    expect(stale, 'run `npm run client` and commit clients/typescript').toEqual([]);
  });
});

describe.each(BACKENDS)(
  'every operation answers as the document says, through the typed client, on %s',
  (backend) => {
    let t: TestApp;
    let base: string;
    let ledger: { url: string; close(): Promise<void> } | undefined;
    const seen = new Map<string, Set<number>>();
    const violations: string[] = [];
    const check = answerChecker(DOCUMENT);

    /** Checks every answer the client gets against the document, and notes which operation answered. */
    const contract: Middleware = {
      async onResponse({ request, response, schemaPath }) {
        const body = Buffer.from(await response.clone().arrayBuffer());
        const headers: Record<string, string> = {};
        response.headers.forEach((v, k) => {
          headers[k] = v;
        });
        violations.push(
          ...check({ method: request.method, path: schemaPath, status: response.status, headers, body }),
        );
        const key = `${request.method} ${schemaPath}`;
        seen.set(key, (seen.get(key) ?? new Set()).add(response.status));
      },
    };
    const as = (role: Role | 'none', key?: string): GardeClient =>
      createGardeClient({
        baseUrl: base,
        apiKey: key ?? (role === 'none' ? undefined : t.keys[role]),
        middleware: [contract],
      });

    beforeAll(async () => {
      // The bank's policy, with one retention event (the bank names none), so every operation has
      // a policy part to serve; without its core banking system, which no test here starts.
      const policy = await policyVariant('policies/retail-bank.yaml', (doc) => {
        delete doc.datasets;
        doc.retentionEvents = [
          {
            id: 'account-closed',
            description: {
              fr: 'Le compte a été clôturé',
              nl: 'De rekening werd afgesloten',
              en: 'The account was closed',
            },
          },
        ];
        // A system nobody can automate: rights there are a task for the agent (issue 16).
        doc.datasets = [
          ...(doc.datasets ?? []).filter((d: { kind: string }) => d.kind === 'manual'),
          {
            id: 'branch-files',
            description: {
              fr: 'Dossiers papier en agence',
              nl: 'Papieren dossiers in het kantoor',
              en: 'Paper files in the branch',
            },
            kind: 'manual',
            task: { role: 'agent', within: 'P14D' },
          },
          // A system with an API that holds nothing of anyone (ledger.url below): its callback route.
          {
            id: 'ledger',
            description: { fr: 'Grand livre', nl: 'Grootboek', en: 'Ledger' },
            kind: 'http',
            connection: { url: LEDGER_URL, secret: LEDGER_SECRET },
            tables: [
              {
                name: 'accounts',
                person: { by: 'subject-id', column: 'subject' },
                fields: [{ column: 'holder', category: 'identification', field: 'familyName' }],
              },
            ],
          },
        ];
        for (const c of doc.categories)
          if (c.id === 'identification')
            c.storage = [...c.storage, { dataset: 'branch-files', table: 'paper files' }];
      });
      ledger = await emptyLedger();
      process.env[LEDGER_URL] = ledger.url;
      process.env[LEDGER_SECRET] = LEDGER_SECRET_VALUE;
      t = await testApp(backend, { policy });
      // The tracker's events are stamped by the browser's clock: let the test clock agree.
      t.deps.now = () => new Date();
      await t.deps.db.query(
        "SELECT garde_ensure_event_partitions(date_trunc('month', now())::date - 400, 16)",
      );
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await t?.dispose();
      await ledger?.close();
      delete process.env[LEDGER_URL];
      delete process.env[LEDGER_SECRET];
    });

    it('calls every operation, and each answer matches the document', async () => {
      const admin = as('admin');
      const dpo = as('dpo');
      const marketer = as('marketer');
      const agent = as('agent');
      const customer = as('customer');
      const anonymous = as('none');
      const policy = t.deps.policy;
      const sid = t.customerId;
      const path = { id: sid };
      const consentPurpose = policy.purposes.find((p) => p.consent && !p.consent.perChannel);
      if (!consentPurpose) throw new Error('the policy has no consent purpose');

      // System and public files.
      expect((await anonymous.GET('/health')).data?.status).toBe('ok');
      expect((await anonymous.GET('/ready')).data?.status).toBe('ready');
      expect((await anonymous.GET('/.well-known/gpc.json')).response.status).toBe(200);
      const types = await anonymous.GET('/problems');
      const listed = types.data as { items: { type: string }[] };
      const slug = String(listed.items[0]?.type).split('/').pop() as string;
      expect((await anonymous.GET('/problems/{slug}', { params: { path: { slug } } })).response.status).toBe(
        200,
      );
      const page = await anonymous.GET('/problems/{slug}', {
        params: { path: { slug } },
        headers: { accept: 'text/html' },
        parseAs: 'text',
      });
      expect(page.response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(
        (await anonymous.GET('/problems/{slug}', { params: { path: { slug: 'no-such-type' } } })).response
          .status,
      ).toBe(404);
      const notice = await anonymous.GET('/v1/policy/controller', { params: { query: { language: 'en' } } });
      expect(notice.data?.controller.name).toBe(policy.controller.name);
      expect(notice.response.headers.get('content-language')).toBe('en');
      const purposes = await anonymous.GET('/v1/policy/purposes', { params: { query: { language: 'en' } } });
      expect(purposes.data?.items.map((p) => p.id)).toEqual(policy.purposes.map((p) => p.id));
      const offered = await anonymous.GET('/v1/policy/subscriptions', {
        params: { query: { language: 'en' } },
      });
      expect(offered.data?.items.map((s) => s.id)).toEqual(policy.subscriptions?.map((s) => s.id));
      const themes = await anonymous.GET('/v1/policy/themes', { params: { query: { language: 'en' } } });
      expect(themes.data?.items.map((x) => x.id)).toEqual(policy.themes?.map((x) => x.id));
      const products = await anonymous.GET('/v1/policy/products', { params: { query: { language: 'en' } } });
      expect(products.data?.items.map((x) => x.id)).toEqual(policy.products?.map((x) => x.id));
      const noticePage = await anonymous.GET('/notice', {
        params: { query: { lang: 'en' } },
        parseAs: 'text',
      });
      expect(noticePage.response.headers.get('content-language')).toBe('en');
      expect(noticePage.data).toContain(policy.controller.name);
      const md = await anonymous.GET('/notice', { params: { query: { format: 'md' } }, parseAs: 'text' });
      expect(md.response.headers.get('content-type')).toMatch(/^text\/markdown/);
      for (const file of ['/sdk/garde-tracker.js', '/sdk/demo.js', '/demo/tracker'] as const)
        expect((await anonymous.GET(file, { parseAs: 'text' })).response.status).toBe(200);

      // Subjects.
      const created = await dpo.POST('/v1/subjects', {
        body: {
          lifecycle: 'prospect',
          externalRef: 'contract-1',
          identity: { givenName: 'Ada', email: 'ada@example.test' },
        },
        headers: { 'Idempotency-Key': 'contract-create' },
      });
      expect(created.response.status).toBe(201);
      const prospect = created.data?.id as string;
      const replay = await dpo.POST('/v1/subjects', {
        body: {
          lifecycle: 'prospect',
          externalRef: 'contract-1',
          identity: { givenName: 'Ada', email: 'ada@example.test' },
        },
        headers: { 'Idempotency-Key': 'contract-create' },
      });
      expect(replay.response.headers.get('location')).toBe(`/v1/subjects/${prospect}`);
      expect(
        (await dpo.GET('/v1/subjects', { params: { query: { lifecycle: 'prospect' } } })).data?.items.length,
      ).toBeGreaterThan(0);
      const read = await dpo.GET('/v1/subjects/{id}', { params: { path: { id: prospect } } });
      const etag = read.response.headers.get('etag') as string;
      const changed = await dpo.PATCH('/v1/subjects/{id}', {
        params: { path: { id: prospect }, header: { 'If-Match': etag } },
        body: { externalRef: 'contract-1b' },
      });
      expect(changed.response.status).toBe(200);
      const found = await agent.GET('/v1/subject-search', { params: { query: { q: 'contract-1b' } } });
      expect(found.data?.items.map((h) => h.id)).toEqual([prospect]);
      const rich = await richSubject(t.deps, { lifecycle: 'customer' });
      const holdings = await dpo.GET('/v1/subjects/{id}/holdings', { params: { path: { id: rich.id } } });
      expect(holdings.response.status).toBe(200);

      // Consent, objections, restrictions, limits, subscriptions.
      expect(
        (
          await customer.POST('/v1/subjects/{id}/consents', {
            params: { path },
            body: { purpose: consentPurpose.id, state: 'given' },
          })
        ).response.status,
      ).toBe(201);
      expect((await agent.GET('/v1/subjects/{id}/consents', { params: { path } })).response.status).toBe(200);
      expect(
        (await customer.GET('/v1/subjects/{id}/consents/history', { params: { path } })).data?.items.length,
      ).toBe(1);
      // Issue 17: the re-consent list (empty: no policy change outdated anything here).
      const outdated = await marketer.GET('/v1/consents/outdated', {
        params: { query: { purpose: consentPurpose.id } },
      });
      expect(outdated.data).toEqual({ items: [], next: null });
      const receipt = await customer.GET('/v1/subjects/{id}/consents/receipt', { params: { path } });
      expect(receipt.response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
      expect(
        (
          await customer.POST('/v1/subjects/{id}/objections', {
            params: { path },
            body: { kind: 'profiling', action: 'raise' },
          })
        ).response.status,
      ).toBe(200);
      await customer.POST('/v1/subjects/{id}/objections', {
        params: { path },
        body: { kind: 'profiling', action: 'lift' },
      });
      expect(
        (
          await dpo.POST('/v1/subjects/{id}/restrictions', {
            params: { path: { id: prospect } },
            body: { action: 'impose', reason: 'accuracy contested' },
          })
        ).response.status,
      ).toBe(200);
      expect((await customer.GET('/v1/subjects/{id}/limits', { params: { path } })).response.status).toBe(
        200,
      );
      const topic = policy.subscriptions?.[0]?.id;
      if (topic) {
        expect(
          (
            await customer.POST('/v1/subjects/{id}/subscriptions', {
              params: { path },
              body: { topic, action: 'subscribe' },
            })
          ).response.status,
        ).toBe(200);
      }
      expect(
        (await customer.GET('/v1/subjects/{id}/subscriptions', { params: { path } })).response.status,
      ).toBe(200);

      // Themes: the customer links a product it holds.
      const richCustomer = as('customer', rich.customerKey);
      const holding = (await dpo.GET('/v1/subjects/{id}/holdings', { params: { path: { id: rich.id } } }))
        .data?.items[0];
      const theme = policy.themes?.[0]?.id;
      if (holding && theme) {
        const link = { path: { id: rich.id, theme, holdingId: holding.id } };
        expect(
          (await richCustomer.PUT('/v1/subjects/{id}/themes/{theme}/holdings/{holdingId}', { params: link }))
            .response.status,
        ).toBe(200);
        expect(
          (await agent.GET('/v1/subjects/{id}/themes', { params: { path: { id: rich.id } } })).response
            .status,
        ).toBe(200);
        expect(
          (
            await richCustomer.DELETE('/v1/subjects/{id}/themes/{theme}/holdings/{holdingId}', {
              params: link,
            })
          ).response.status,
        ).toBe(200);
      }

      // Decisions and communications.
      const cls = policy.communications?.messageClasses.find((c) => !c.commercial);
      const purpose = cls?.purposes?.[0] as string;
      const channel = (cls?.channels ?? policy.communications?.channels.map((c) => c.id) ?? [])[0] as string;
      const sender = policy.purposes.find((p) => p.id === purpose)?.senders?.[0];
      const contact = { purpose, channel, messageClass: cls?.id as string, ...(sender ? { sender } : {}) };
      expect(
        (
          await marketer.POST('/v1/decisions', {
            body: { questions: [{ subjectId: rich.id, action: 'contact', ...contact }] },
          })
        ).response.status,
      ).toBe(200);
      expect(
        (
          await marketer.GET('/v1/subjects/{id}/contact-check', {
            params: { path: { id: rich.id }, query: contact },
          })
        ).response.status,
      ).toBe(200);
      const sent = await agent.POST('/v1/subjects/{id}/communications', {
        params: { path: { id: rich.id } },
        body: { ...contact, contentRef: 'contract-1' },
      });
      expect([201, 422]).toContain(sent.response.status);
      const options = await agent.GET('/v1/contact-options', { params: { query: { language: 'en' } } });
      expect(options.response.status).toBe(200);
      const logged = await agent.POST('/v1/subjects/{id}/contacts', {
        params: { path: { id: rich.id } },
        body: { ...contact, channel: options.data?.channels[0]?.id ?? channel, outcome: 'informed' },
      });
      expect([201, 409, 422]).toContain(logged.response.status);
      expect(
        (await customer.GET('/v1/subjects/{id}/communications', { params: { path } })).response.status,
      ).toBe(200);
      const campaign = await marketer.POST('/v1/campaigns', {
        body: { name: 'contract', ...contact, contentRef: 'contract-2', audience: {} },
      });
      expect(campaign.response.status).toBe(201);
      const cid = campaign.data?.id as string;
      expect(campaign.response.headers.get('location')).toBe(`/v1/campaigns/${cid}`);
      expect((await dpo.GET('/v1/campaigns/{id}', { params: { path: { id: cid } } })).response.status).toBe(
        200,
      );
      expect(
        (await marketer.GET('/v1/campaigns/{id}/preview', { params: { path: { id: cid } } })).response.status,
      ).toBe(200);
      expect(
        (await marketer.GET('/v1/campaigns/{id}/suppressions', { params: { path: { id: cid } } })).response
          .status,
      ).toBe(200);
      expect((await marketer.GET('/v1/campaigns', { params: { query: {} } })).response.status).toBe(200);
      expect(
        (await dpo.GET('/v1/campaigns/{id}/batch', { params: { path: { id: cid } } })).response.status,
      ).toBe(409);
      expect(
        (await marketer.POST('/v1/campaigns/{id}/send', { params: { path: { id: cid } } })).response.status,
      ).toBe(200);
      expect(
        (
          await dpo.GET('/v1/campaigns/{id}/batch', {
            params: { path: { id: cid } },
            parseAs: 'text',
          })
        ).response.status,
      ).toBe(200);
      expect(
        (await marketer.POST('/v1/campaigns/{id}/send', { params: { path: { id: cid } } })).response.status,
      ).toBe(409);
      const batches = await dpo.GET('/v1/batches', { params: { query: {} } });
      expect(batches.response.status).toBe(200);
      expect(batches.data?.items.map((b) => b.campaign)).toContain(cid);
      const window = new Date().toISOString().slice(0, 7);
      expect(
        (await dpo.GET('/v1/reports/communications', { params: { query: { window } } })).response.status,
      ).toBe(200);

      // Tracking: a session key sends events as JSON and as JSON lines, and a signal.
      const session = await admin.POST('/v1/subjects/{id}/sessions', { params: { path } });
      expect(session.response.status).toBe(201);
      const tracker = as('none', session.data?.token);
      const kind = policy.tracking?.eventKinds[0];
      const event = {
        kind: kind?.id as string,
        topic: kind?.topics?.[0] as string,
        occurredAt: new Date().toISOString(),
      };
      expect((await tracker.POST('/v1/events', { body: [event] })).response.status).toBe(200);
      const ndjson = await tracker.POST('/v1/events', {
        body: [event],
        bodySerializer: () =>
          `${JSON.stringify(event)}\n${JSON.stringify({ ...event, topic: event.topic })}\n`,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      expect(ndjson.response.status).toBe(200);
      expect((await customer.GET('/v1/subjects/{id}/events', { params: { path } })).response.status).toBe(
        200,
      );
      expect(
        (await tracker.POST('/v1/tracking/signals', { body: { signal: 'withdraw-consent' } })).response
          .status,
      ).toBe(200);

      // Keys.
      const key = await admin.POST('/v1/keys', { body: { role: 'agent', name: 'contract' } });
      expect(key.response.status).toBe(201);
      expect((await admin.GET('/v1/keys')).response.status).toBe(200);
      expect(
        (await admin.DELETE('/v1/keys/{id}', { params: { path: { id: key.data?.info.id as string } } }))
          .response.status,
      ).toBe(204);

      // The privacy page: the host's link.
      const host = as('host');
      const link = await host.POST('/v1/subjects/{id}/privacy-links', { params: { path } });
      expect(link.response.status).toBe(201);
      const token = new URL(link.data?.url as string, base).searchParams.get('token') as string;
      const opened = await anonymous.GET('/privacy/session', {
        params: { query: { token } },
        redirect: 'manual',
        parseAs: 'text',
      });
      expect(opened.response.status).toBe(303);
      const replayed = await anonymous.GET('/privacy/session', { params: { query: { token } } });
      expect(replayed.response.status).toBe(410);
      const cookie = String(opened.response.headers.get('set-cookie')).split(';')[0] as string;
      expect((await customer.GET('/v1/me')).data?.session).toBeNull();
      const mine = await anonymous.GET('/v1/me', { headers: { cookie } });
      expect(mine.data?.subjectId).toBe(sid);
      const signedOut = await anonymous.POST('/v1/me/sign-out', {
        headers: {
          cookie,
          origin: new URL(base).origin,
          'x-csrf-token': mine.data?.session?.csrfToken as string,
        },
      });
      expect(signedOut.response.status).toBe(204);
      expect((await anonymous.GET('/v1/me', { headers: { cookie } })).response.status).toBe(401);

      // The console: OpenID Connect's two redirects (a provider that does not answer here), then a
      // staff key exchanged for a cookie session, who is signed in, sign-out.
      t.deps.config.oidc = oidcConfig({
        GARDE_OIDC_ISSUER: 'http://127.0.0.1:9',
        GARDE_OIDC_CLIENT_ID: 'garde',
        GARDE_OIDC_CLIENT_SECRET: 'secret',
        GARDE_OIDC_REDIRECT_URL: `${base}/v1/console/oidc/callback`,
        GARDE_OIDC_ROLES: 'privacy-office=dpo',
      });
      const oidcStart = await anonymous.GET('/v1/console/oidc/start', {
        redirect: 'manual',
        parseAs: 'text',
      });
      expect(oidcStart.response.headers.get('location')).toBe('/console/?refused=OIDC_PROVIDER_UNAVAILABLE');
      const oidcBack = await anonymous.GET('/v1/console/oidc/callback', {
        params: { query: { state: 'x', code: 'y' } },
        redirect: 'manual',
        parseAs: 'text',
      });
      expect(oidcBack.response.headers.get('location')).toBe('/console/?refused=OIDC_SIGN_IN_INVALID');
      t.deps.config.oidc = undefined;
      expect((await anonymous.GET('/v1/console/sign-in')).data?.key).toBe(true);
      const sameOrigin = { origin: new URL(base).origin };
      const staff = await anonymous.POST('/v1/console/sessions', {
        body: { key: t.keys.dpo },
        headers: sameOrigin,
      });
      expect(staff.response.status).toBe(201);
      const staffCookie = String(staff.response.headers.get('set-cookie')).split(';')[0] as string;
      expect(
        (
          await anonymous.POST('/v1/console/sessions', {
            body: { key: t.keys.customer },
            headers: sameOrigin,
          })
        ).response.status,
      ).toBe(403);
      expect((await dpo.GET('/v1/console/me')).data?.csrfToken).toBeNull();
      const staffMe = await anonymous.GET('/v1/console/me', { headers: { cookie: staffCookie } });
      expect(staffMe.data?.role).toBe('dpo');
      const staffOut = await anonymous.POST('/v1/console/sign-out', {
        headers: { cookie: staffCookie, ...sameOrigin, 'x-csrf-token': staffMe.data?.csrfToken as string },
      });
      expect(staffOut.response.status).toBe(204);
      expect(
        (await anonymous.GET('/v1/console/me', { headers: { cookie: staffCookie } })).response.status,
      ).toBe(401);

      // Rights: a request received, verified, extended, answered; another rejected.
      const access = await dpo.POST('/v1/subjects/{id}/rights-requests', {
        params: { path: { id: rich.id } },
        body: { kind: 'access', channel: policy.rights.channels.find((c) => channelNeedsProof(c))?.id },
      });
      expect(access.response.status).toBe(201);
      const rid = access.data?.id as string;
      expect(access.response.headers.get('location')).toBe(`/v1/rights-requests/${rid}`);
      expect(
        (await agent.GET('/v1/subjects/{id}/rights-requests', { params: { path: { id: rich.id } } })).response
          .status,
      ).toBe(200);
      expect((await dpo.GET('/v1/rights-requests')).response.status).toBe(200);
      expect(
        (await agent.GET('/v1/rights-requests/{id}', { params: { path: { id: rid } } })).response.status,
      ).toBe(200);
      const identity = (
        await t.deps.db.query<{ f: string }>(
          'SELECT family_name AS f FROM identities WHERE subject_id = $1',
          [rich.id],
        )
      ).rows[0]?.f as string;
      const verified = await dpo.POST('/v1/rights-requests/{id}/verification', {
        params: { path: { id: rid } },
        body: { documentType: 'id-card', givenName: 'Zoé', familyName: identity, birthDate: '1980-02-29' },
      });
      expect(verified.response.status).toBe(200);
      expect(
        (
          await dpo.POST('/v1/rights-requests/{id}/extension', {
            params: { path: { id: rid } },
            body: { reason: 'archives' },
          })
        ).response.status,
      ).toBe(200);
      expect(
        (await dpo.POST('/v1/rights-requests/{id}/fulfilment', { params: { path: { id: rid } }, body: {} }))
          .response.status,
      ).toBe(200);
      // Issue 16: every system that keeps personal data, Garde's own first.
      expect((await dpo.GET('/v1/datasets')).data?.items[0]).toMatchObject({ id: 'garde', kind: 'garde' });
      // The steps not done anywhere, and a step Garde carries out itself is no person's task.
      expect(
        (await dpo.GET('/v1/rights-steps', { params: { query: { status: 'failed' } } })).response.status,
      ).toBe(200);
      const gardeStep = { params: { path: { id: rid, dataset: 'garde' } } };
      expect(
        (await dpo.POST('/v1/rights-requests/{id}/steps/{dataset}/completion', { ...gardeStep, body: {} }))
          .error,
      ).toMatchObject({
        code: 'STEP_NOT_TASK',
      });
      const task = { params: { path: { id: rid, dataset: 'branch-files' } } };
      expect(
        (await agent.GET('/v1/rights-requests/{id}/steps/{dataset}/person', task)).data?.keys['subject-id'],
      ).toBe(rich.id);
      const completed = await agent.POST('/v1/rights-requests/{id}/steps/{dataset}/completion', {
        ...task,
        body: { note: 'paper file shredded' },
      });
      expect(completed.data).toMatchObject({ step: { status: 'done' }, requestCompleted: true });
      // A system's signed callback for a job Garde does not know: answered, settling nothing. The
      // client sends JSON.stringify(body), the bytes signed here.
      const job = { ref: 'unknown/ledger', status: 'done', results: [] };
      const at = new Date();
      const signed = await anonymous.POST('/v1/datasets/{dataset}/callbacks', {
        params: { path: { dataset: 'ledger' } },
        body: job,
        headers: {
          'webhook-id': 'msg_contract',
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(LEDGER_SECRET_VALUE).sign('msg_contract', at, JSON.stringify(job)),
        },
      });
      expect(signed.data).toEqual({ settled: false });
      const other = await dpo.POST('/v1/subjects/{id}/rights-requests', {
        params: { path: { id: rich.id } },
        body: { kind: 'access', channel: policy.rights.channels.find((c) => channelNeedsProof(c))?.id },
      });
      expect(other.response.status, JSON.stringify(other.error)).toBe(201);
      const rejected = await dpo.POST('/v1/rights-requests/{id}/rejection', {
        params: { path: { id: other.data?.id as string } },
        body: { reason: 'no change asked' },
      });
      expect(rejected.response.status, JSON.stringify(rejected.error)).toBe(200);
      expect(
        (await richCustomer.GET('/v1/subjects/{id}/access-report', { params: { path: { id: rich.id } } }))
          .response.status,
      ).toBe(200);
      const html = await richCustomer.GET('/v1/subjects/{id}/access-report', {
        params: { path: { id: rich.id }, query: { format: 'html' } },
        parseAs: 'text',
      });
      expect(html.response.headers.get('content-type')).toMatch(/^text\/html/);
      const zip = await richCustomer.GET('/v1/subjects/{id}/export', {
        params: { path: { id: rich.id } },
        parseAs: 'arrayBuffer',
      });
      expect(zip.response.headers.get('content-type')).toBe('application/zip');
      // The DPO's queue header, a pause and its resumption, and the answer delivered (issue 15).
      const counts = await dpo.GET('/v1/rights-requests/counts', { params: { query: { kind: 'access' } } });
      expect(counts.data?.closed).toBeGreaterThanOrEqual(1);
      const third = await dpo.POST('/v1/subjects/{id}/rights-requests', {
        params: { path: { id: rich.id } },
        body: { kind: 'access', channel: policy.rights.channels.find((c) => channelNeedsProof(c))?.id },
      });
      const paused = await dpo.POST('/v1/rights-requests/{id}/pause', {
        params: { path: { id: third.data?.id as string } },
        body: { reason: 'identity-proof' },
      });
      expect(paused.data?.status).toBe('paused');
      const resumed = await dpo.POST('/v1/rights-requests/{id}/resumption', {
        params: { path: { id: third.data?.id as string } },
        body: {},
      });
      expect(resumed.data?.status).toBe('received');
      const posted = await dpo.GET('/v1/rights-requests/{id}/delivery', {
        params: { path: { id: rid }, query: { format: 'json' } },
        parseAs: 'text',
      });
      expect(posted.response.status).toBe(200);
      const own = await richCustomer.GET('/v1/subjects/{id}/rights-requests/{requestId}/delivery', {
        params: { path: { id: rich.id, requestId: rid }, query: { format: 'html' } },
        parseAs: 'text',
      });
      expect(own.response.headers.get('content-type')).toMatch(/^text\/html/);
      const hold = await dpo.POST('/v1/subjects/{id}/legal-holds', {
        params: { path: { id: rich.id } },
        body: { reason: 'litigation' },
      });
      expect(hold.response.status).toBe(201);
      expect(
        (await dpo.GET('/v1/subjects/{id}/legal-holds', { params: { path: { id: rich.id } } })).response
          .status,
      ).toBe(200);
      expect(
        (
          await dpo.DELETE('/v1/subjects/{id}/legal-holds/{holdId}', {
            params: { path: { id: rich.id, holdId: hold.data?.id as number } },
          })
        ).response.status,
      ).toBe(204);

      // Events that start retention clocks: declared by the policy, or 404 FEATURE_NOT_DECLARED.
      const declared = (policy.retentionEvents ?? []).length > 0;
      const retentionEvent = { id: rich.id, event: policy.retentionEvents?.[0]?.id ?? 'account-closed' };
      expect(
        (
          await dpo.PUT('/v1/subjects/{id}/retention-events/{event}', {
            params: { path: retentionEvent },
            body: { occurredAt: '2026-01-01T00:00:00Z' },
          })
        ).response.status,
      ).toBe(declared ? 200 : 404);
      expect(
        (await dpo.GET('/v1/subjects/{id}/retention-events', { params: { path: { id: rich.id } } })).response
          .status,
      ).toBe(declared ? 200 : 404);
      expect(
        (
          await dpo.DELETE('/v1/subjects/{id}/retention-events/{event}', {
            params: { path: retentionEvent },
          })
        ).response.status,
      ).toBe(declared ? 204 : 404);

      // Lifecycle facts a controller's system pushes (issue 16).
      const pushed = await dpo.PUT('/v1/subjects/{id}/facts', {
        params: { path: { id: rich.id } },
        body: { lastContactAt: '2026-01-01T00:00:00Z' },
      });
      expect(pushed.response.status).toBe(200);
      const batch = await dpo.POST('/v1/subject-facts', {
        body: { items: [{ subject: rich.id, lastContactAt: '2026-01-01T00:00:00Z' }] },
      });
      expect(batch.data).toMatchObject({ changed: 0, unchanged: 1 });

      // Interests, offers and the processor's features.
      const profiled = policy.purposes.find((p) => p.profiling && p.consent);
      if (profiled)
        await recordConsent(
          t.deps,
          sid,
          { purpose: profiled.id, state: 'given' },
          { actor: 'test', role: 'admin' },
        );
      expect((await customer.GET('/v1/subjects/{id}/interests', { params: { path } })).response.status).toBe(
        200,
      );
      const interestTopic = kind?.topics?.[0] as string;
      expect([204, 422]).toContain(
        (
          await customer.DELETE('/v1/subjects/{id}/interests/{topic}', {
            params: { path: { id: sid, topic: interestTopic } },
          })
        ).response.status,
      );
      expect((await agent.GET('/v1/subjects/{id}/offers', { params: { path } })).response.status).toBe(200);
      const product = policy.products?.[0]?.id as string;
      expect(
        (
          await agent.POST('/v1/subjects/{id}/offer-outcomes', {
            params: { path },
            body: { product, accepted: false },
          })
        ).response.status,
      ).toBe(201);
      const recipient = policy.recipients.find((r) => r.kind === 'processor');
      const processorKey = (
        await createKey(
          t.deps.db,
          { role: 'processor', scopes: ['features', ...(recipient ? [`recipient:${recipient.id}`] : [])] },
          'test',
        )
      ).key;
      const features = await as('processor', processorKey).GET('/v1/processor/features', {
        params: { query: { purpose: profiled?.id ?? consentPurpose.id } },
      });
      expect([200, 403]).toContain(features.response.status);

      // Refusals: each kind the document declares, as problem+json.
      expect((await anonymous.GET('/v1/subjects')).response.status).toBe(401);
      expect((await marketer.GET('/v1/subjects')).response.status).toBe(403);
      expect(
        (
          await dpo.GET('/v1/subjects/{id}', {
            params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
          })
        ).response.status,
      ).toBe(404);
      expect((await dpo.GET('/v1/subjects', { params: { query: { limit: 0 } } })).response.status).toBe(400);
      expect(
        (
          await customer.POST('/v1/subjects/{id}/consents', {
            params: { path },
            body: { purpose: 'no-such-purpose', state: 'given' },
          })
        ).response.status,
      ).toBe(422);
      expect(
        (
          await dpo.PATCH('/v1/subjects/{id}', {
            params: { path: { id: prospect }, header: { 'If-Match': '"1"' } },
            body: { externalRef: 'x' },
          })
        ).response.status,
      ).toBe(412);
      const tooLarge = await dpo.POST('/v1/subjects', {
        body: { lifecycle: 'prospect', externalRef: 'x'.repeat(2 * 1024 * 1024) } as never,
      });
      expect(tooLarge.response.status).toBe(413);
      const wrongType = await dpo.POST('/v1/subjects', {
        body: { lifecycle: 'prospect' },
        bodySerializer: () => 'lifecycle=prospect',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(wrongType.response.status).toBe(415);

      // The DPO's oversight (issue 15), last: a retention run may remove what earlier calls read.
      expect((await dpo.GET('/v1/legal-holds')).response.status).toBe(200);
      const trail = await dpo.GET('/v1/audit', { params: { query: { person: sid, limit: 5 } } });
      expect(trail.data?.items.every((e) => e.subjectId === sid)).toBe(true);
      expect((await admin.GET('/v1/audit/verification')).data?.intact).toBe(true);
      const exported = await dpo.GET('/v1/audit/export', {
        params: { query: { format: 'ndjson', action: 'consent.' } },
        parseAs: 'text',
      });
      expect(exported.response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      expect((await dpo.GET('/v1/retention/dry-run')).data?.dryRun).toBe(true);
      const run = await dpo.POST('/v1/retention/runs');
      expect(run.response.status).toBe(202);
      await vi.waitFor(
        async () => {
          const now = await dpo.GET('/v1/retention/runs/{id}', {
            params: { path: { id: run.data?.id as string } },
          });
          if (now.data?.status === 'running') throw new Error('still running');
        },
        { timeout: 30_000, interval: 50 },
      );
      expect((await dpo.GET('/v1/retention/runs')).data?.items.length).toBeGreaterThan(0);
      expect(
        (await marketer.GET('/v1/policy', { params: { query: { language: 'fr' } } })).data?.language,
      ).toBe('fr');
      expect((await dpo.GET('/v1/policy/lint')).data?.findings).toEqual([]);
      expect((await dpo.GET('/v1/policy/traceability')).data?.items.length).toBeGreaterThan(0);
      // Issue 17: the Art. 30 register for the DPO, and the machine-readable notice for anyone.
      const register = await dpo.GET('/v1/register', { params: { query: { language: 'nl' } } });
      // JSON unless a file is asked for: the client types every media type the route answers.
      const registerJson = register.data as { controller: { rows: unknown[] } } | undefined;
      expect(registerJson?.controller.rows.length).toBe(policy.purposes.length);
      const workbook = await admin.GET('/v1/register', {
        params: { query: { format: 'xlsx' } },
        parseAs: 'arrayBuffer',
      });
      expect(workbook.response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="register-/,
      );
      const csv = await dpo.GET('/v1/register', {
        params: { query: { format: 'csv', table: 'controller', language: 'EN' } },
        parseAs: 'text',
      });
      expect(csv.response.headers.get('content-language')).toBe('en');
      const machineNotice = await anonymous.GET('/notice.jsonld');
      expect(machineNotice.response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
      expect(machineNotice.response.headers.get('access-control-allow-origin')).toBe('*');

      expect(violations).toEqual([]);
      expect(seen.size).toBeGreaterThanOrEqual(OPERATIONS.length);
      // A success: 2xx, or the redirect that is the privacy link's success (303).
      const missed = OPERATIONS.filter(
        (o) => ![...(seen.get(`${o.method} ${o.path}`) ?? [])].some((s) => s < 300 || s === 303),
      );
      expect(missed.map((o) => o.id)).toEqual([]);
    });
  },
);
