// The black-box tour, for every policy in policies/ on every backend (issue 13, part 4): the app
// built in-process with that policy and a small demo population, then, through the HTTP API, a
// consent recorded and withdrawn (or, where the policy asks none, an objection raised and
// lifted), decisions asked, a message sent, an access and an erasure request opened and
// fulfilled, and the retention run. Every name (purposes, channels, classes, rights channels)
// is read from the policy, never typed here. Retention has no HTTP route: the tour runs the
// engine `garde retention run` runs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storesOf } from '../../src/datasets/storage.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { csvColumn } from '../../src/platform/csv.ts';
import { ADDRESS_FIELDS, type ChannelAddress } from '../../src/policy/channels.ts';
import { channelNeedsProof } from '../../src/policy/rights-defaults.ts';
import type { Lifecycle, Policy, Purpose } from '../../src/policy/schema.ts';
import { runRetention } from '../../src/retention/run.ts';
import { IDENTITY_COLUMNS } from '../../src/subjects/identity-fields.ts';
import { BACKENDS } from '../support/backends.ts';
import { withoutConnectedDatasets } from '../support/bank-policy.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { POLICIES } from '../support/policies.ts';

/** Enough people for every lifecycle the policy declares, few enough to keep CI fast. */
const DEMO_PERSONS = 300;

type Subject = {
  id: string;
  lifecycle: Lifecycle;
  identity: { givenName: string | null; familyName: string | null; birthDate: string | null };
};
type Answer = { purpose: string; allow: boolean; reasons: { code: string; text: string }[] };
type Question = Record<string, unknown> & { purpose: string };

describe.each(BACKENDS)('the tour on %s', (backend) => {
  describe.each(POLICIES)('of %s', (file) => {
    let t: TestApp;
    let policy: Policy;
    beforeAll(async () => {
      // Garde's own tables: the controller's systems a policy connects to are the dataset
      // suites' (test/datasets/), which start them.
      t = await testApp(backend, { policy: await withoutConnectedDatasets(file) });
      policy = t.deps.policy;
      await seedDemo(t.deps, DEMO_PERSONS);
    });
    afterAll(() => t?.dispose());

    const call = async (
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      payload?: object,
      role: Parameters<TestApp['as']>[0] = 'dpo',
    ): Promise<LightMyRequestResponse> =>
      t.app.inject({ method, url, headers: t.as(role), ...(payload ? { payload } : {}) });

    /** People of the demo population, of the lifecycles the purpose (or the caller) asks for. */
    async function people(lifecycles?: readonly Lifecycle[], count = 1): Promise<Subject[]> {
      const out: Subject[] = [];
      for (const lifecycle of lifecycles ?? [undefined]) {
        // Demo people only: the test app's own customer has no identity to prove.
        const limit = count + 20;
        const query = lifecycle ? `lifecycle=${lifecycle}&limit=${limit}` : `limit=${limit}`;
        const page = await call('GET', `/v1/subjects?${query}`);
        expect(page.statusCode).toBe(200);
        const items = page.json().items as Subject[];
        const named = items.filter((x) => x.identity?.givenName);
        out.push(...(named.length > 0 ? named : items));
      }
      expect(out.length, `no demo person of ${lifecycles?.join(', ') ?? 'any lifecycle'}`).toBeGreaterThan(0);
      return out.slice(0, count);
    }

    async function decide(questions: Question[]): Promise<Answer[]> {
      const res = await call('POST', '/v1/decisions', { questions }, 'agent');
      expect(res.statusCode).toBe(200);
      const answers = res.json().answers as Answer[];
      expect(answers.map((a) => a.purpose)).toEqual(questions.map((q) => q.purpose));
      return answers;
    }

    it('starts with a demo population of the lifecycles its data subjects declare', async () => {
      const declared = new Set(policy.dataSubjects.flatMap((d) => (d.lifecycle ? [d.lifecycle] : [])));
      for (const lifecycle of declared) await people([lifecycle]);
    });

    it('records a consent and withdraws it, and the decision point follows; without consent purposes, an objection', async () => {
      const consent = policy.purposes.find((p) => p.legalBasis === 'consent' && p.consent);
      if (consent) {
        // Someone whom only the missing consent keeps out (not, say, a prospect whose time is up).
        const candidates = await people(consent.lifecycles ?? ['customer'], 20);
        const before = await decide(candidates.map((c) => ({ subjectId: c.id, purpose: consent.id })));
        const i = before.findIndex((a) => a.reasons.every((r) => r.code.startsWith('consent.')));
        expect(i, JSON.stringify(before.map((a) => a.reasons))).toBeGreaterThanOrEqual(0);
        const id = (candidates[i] as Subject).id;
        const question = { subjectId: id, purpose: consent.id };
        // Given and withdrawn where the policy says the person can withdraw it (Art. 7(3)).
        const source = consent.consent?.withdrawVia[0];
        const given = await call('POST', `/v1/subjects/${id}/consents`, {
          purpose: consent.id,
          state: 'given',
          source,
        });
        expect(given.statusCode).toBe(201);
        const [allowed] = await decide([question]);
        expect(allowed?.allow, JSON.stringify(allowed?.reasons)).toBe(true);
        const withdrawn = await call('POST', `/v1/subjects/${id}/consents`, {
          purpose: consent.id,
          state: 'withdrawn',
          source,
        });
        expect(withdrawn.statusCode).toBe(201);
        expect(withdrawn.json().source).toBe(source);
        const [after] = await decide([question]);
        expect(after?.allow).toBe(false);
        expect(after?.reasons.map((r) => r.code)).toContain('consent.withdrawn');
        return;
      }
      // Art. 21(2): direct marketing on legitimate interest stops at an objection.
      const marketing = policy.purposes.find((p) => p.directMarketing) as Purpose;
      expect(
        marketing,
        'a policy without consent purposes has a direct-marketing purpose to object to',
      ).toBeDefined();
      const [s] = await people(marketing.lifecycles ?? ['customer']);
      const id = (s as Subject).id;
      const question = { subjectId: id, purpose: marketing.id };
      const before = (await decide([question]))[0];
      const raised = await call('POST', `/v1/subjects/${id}/objections`, {
        kind: 'direct-marketing',
        action: 'raise',
      });
      expect(raised.statusCode).toBeLessThan(300);
      const [objected] = await decide([question]);
      expect(objected?.allow).toBe(false);
      expect(objected?.reasons.map((r) => r.code).join(' ')).toMatch(/objection/);
      const lifted = await call('POST', `/v1/subjects/${id}/objections`, {
        kind: 'direct-marketing',
        action: 'lift',
      });
      expect(lifted.statusCode).toBeLessThan(300);
      expect((await decide([question]))[0]?.allow).toBe(before?.allow);
    });

    it('answers a decision for every purpose, each refusal with its reasons', async () => {
      const [s] = await people(['customer']);
      const answers = await decide(
        policy.purposes.map((p) => ({ subjectId: (s as Subject).id, purpose: p.id })),
      );
      expect(answers.some((a) => a.allow)).toBe(true);
      for (const a of answers.filter((x) => !x.allow)) {
        expect(a.reasons.length).toBeGreaterThan(0);
        for (const r of a.reasons) expect(r.text.length).toBeGreaterThan(0);
      }
    });

    it('sends a message the decision point allows on a declared channel; without communications, the route says so', async () => {
      const [s] = await people(['customer']);
      const id = (s as Subject).id;
      const comms = policy.communications;
      if (!comms) {
        const res = await call(
          'POST',
          `/v1/subjects/${id}/communications`,
          { purpose: policy.purposes[0]?.id, channel: 'any', messageClass: 'any', contentRef: 'tour' },
          'marketer',
        );
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('FEATURE_NOT_DECLARED');
        return;
      }
      const candidates = comms.messageClasses.flatMap((m) =>
        (m.purposes ?? []).flatMap((purpose) =>
          (m.channels ?? comms.channels.map((c) => c.id)).map((channel) => ({
            subjectId: id,
            purpose,
            action: 'contact',
            channel,
            messageClass: m.id,
            sender: policy.purposes.find((p) => p.id === purpose)?.senders?.[0] ?? comms.senders[0],
          })),
        ),
      );
      const answers = await decide(candidates);
      const allowed = candidates.find((_, i) => answers[i]?.allow);
      expect(allowed, 'some class may reach a customer on some channel').toBeDefined();
      const { subjectId: _, action: __, ...message } = allowed as Question;
      const sent = await call(
        'POST',
        `/v1/subjects/${id}/communications`,
        { ...message, contentRef: 'tour' },
        'marketer',
      );
      expect(sent.statusCode, sent.body).toBe(201);
    });

    it('a campaign on every channel that reaches people at an address writes a batch whose rows carry that address', async () => {
      const comms = policy.communications;
      if (!comms) {
        expect(policy.communications).toBeUndefined();
        return;
      }
      const addressed = comms.channels.filter((c) => c.address && ADDRESS_FIELDS[c.address].length > 0);
      expect(addressed.length, 'a policy that communicates reaches someone at an address').toBeGreaterThan(0);
      const dataDir = t.deps.config.dataDir;
      t.deps.config.dataDir = await mkdtemp(join(tmpdir(), 'garde-tour-batch-'));
      try {
        for (const channel of addressed) {
          const columns = ADDRESS_FIELDS[channel.address as ChannelAddress].map((f) => IDENTITY_COLUMNS[f]);
          // The demo's people: the test app's own customer was created without an identity.
          const rows = (await batchRows(channel.id)).filter((r) => r.subject_id !== t.customerId);
          expect(rows.length, `${channel.id}: nobody in the batch`).toBeGreaterThan(0);
          for (const row of rows)
            for (const column of columns) expect(row[column], `${channel.id}: ${column}`).toMatch(/\S/);
        }
      } finally {
        await rm(t.deps.config.dataDir, { recursive: true, force: true });
        t.deps.config.dataDir = dataDir;
      }
    });

    /**
     * The rows of the first campaign on the channel that reaches anyone of the demo population:
     * each class that may use the channel, for each of its purposes, until one is sent.
     */
    async function batchRows(channel: string): Promise<Record<string, string | null>[]> {
      const comms = policy.communications as NonNullable<Policy['communications']>;
      for (const m of comms.messageClasses.filter((x) => !x.channels || x.channels.includes(channel)))
        for (const purpose of m.purposes ?? []) {
          const sender = policy.purposes.find((p) => p.id === purpose)?.senders?.[0] ?? comms.senders[0];
          const body = { name: `tour ${channel}`, purpose, channel, messageClass: m.id, sender };
          const created = await call(
            'POST',
            '/v1/campaigns',
            { ...body, contentRef: 'tour', audience: {} },
            'marketer',
          );
          if (created.statusCode !== 201) continue;
          const sent = await call('POST', `/v1/campaigns/${created.json().id}/send`, undefined, 'marketer');
          expect(sent.statusCode, sent.body).toBe(200);
          if (sent.json().sent === 0) continue;
          const file = await readFile(join(t.deps.config.dataDir, sent.json().file as string));
          if (!String(sent.json().file).endsWith('.csv')) return JSON.parse(file.toString('utf8'));
          const ids = csvColumn(file, 'subject_id') ?? [];
          const header = ['subject_id', ...Object.values(IDENTITY_COLUMNS)];
          const values = header.map((c) => csvColumn(file, c));
          return ids.map((_, i) => Object.fromEntries(header.map((c, j) => [c, values[j]?.[i] ?? null])));
        }
      return [];
    }

    /** Opens a request on a channel the policy declares, proves the identity where it asks, fulfils it. */
    async function fulfil(kind: 'access' | 'erasure', s: Subject): Promise<LightMyRequestResponse> {
      const channel = policy.rights.channels.find((c) => !channelNeedsProof(c)) ?? policy.rights.channels[0];
      const opened = await call('POST', `/v1/subjects/${s.id}/rights-requests`, {
        kind,
        channel: channel?.id,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const request = opened.json();
      if (request.status === 'received') {
        const { givenName, familyName, birthDate } = s.identity;
        const proof = { documentType: 'id-card', givenName, familyName, birthDate };
        const verified = await call('POST', `/v1/rights-requests/${request.id}/verification`, proof);
        expect(verified.json().status).toBe('verified');
      }
      const done = await call('POST', `/v1/rights-requests/${request.id}/fulfilment`, {
        confirmContractEnd: true,
      });
      // The policy's manual systems: the people there do their part, then the request completes.
      const tasks = (
        (done.json().steps ?? []) as { dataset: string; status: string; assignee: string | null }[]
      ).filter((x) => x.assignee !== null && x.status !== 'done');
      if (done.statusCode !== 200 || tasks.length === 0) return done;
      for (const task of tasks) {
        const completed = await call(
          'POST',
          `/v1/rights-requests/${request.id}/steps/${task.dataset}/completion`,
          {
            note: 'done in the system',
          },
        );
        expect(completed.statusCode, completed.body).toBe(200);
      }
      const now = await call('GET', `/v1/rights-requests/${request.id}`);
      const merged = { ...done.json(), ...now.json() };
      return { ...done, body: JSON.stringify(merged), json: () => merged };
    }

    it('opens and fulfils an access request', async () => {
      const [s] = await people(['customer']);
      const done = await fulfil('access', s as Subject);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().status).toBe('completed');
      const report = await call('GET', `/v1/subjects/${(s as Subject).id}/access-report`);
      expect(report.statusCode).toBe(200);
    });

    it('opens and fulfils an erasure request: the identity goes unless a rule of the policy keeps it', async () => {
      const [s] = await people(
        policy.dataSubjects.some((d) => d.lifecycle === 'prospect') ? ['prospect'] : ['customer'],
      );
      const done = await fulfil('erasure', s as Subject);
      expect(done.statusCode, done.body).toBe(200);
      const { outcome } = done.json();
      const identity = policy.categories.find((c) => c.storage?.some((x) => x.table === 'identities'))?.id;
      const said = [
        ...(outcome.erased ?? []),
        ...(outcome.kept ?? []).map((k: { category: string }) => k.category),
      ];
      expect(said).toContain(identity);
    });

    it('runs retention, dry then for real: the real run removes exactly what the dry run said, and says what no rule covers', async () => {
      const dry = await runRetention(t.deps, { dryRun: true });
      const real = await runRetention(t.deps);
      expect([dry.dryRun, real.dryRun]).toEqual([true, false]);
      // Step by step, the same rows: the dry run is the real run, rolled back.
      const perStep = (r: typeof dry) => r.steps.map((x) => [x.rule, x.store, x.rows]);
      expect(perStep(real)).toEqual(perStep(dry));
      const again = await runRetention(t.deps, { dryRun: true });
      if (dry.totalRows > 0) expect(again.totalRows).toBeLessThan(dry.totalRows);
      const ruled = new Set(policy.retention.map((r) => r.category));
      const unruled = new Set(real.unruled.map((u) => u.category));
      for (const c of policy.categories)
        if (!ruled.has(c.id) && storesOf(policy, c.id).length > 0) expect(unruled, c.id).toContain(c.id);
    });
  });
});
