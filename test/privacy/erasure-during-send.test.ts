// EN-11: an erasure and a campaign send at the same moment. The send commits its ledger, then
// writes the batch; an erasure may commit before, between or after those, or overlap them.
// Whichever way they meet, the batch never holds the erased person. Each interleaving is forced
// by hooks on the database's transactions, never by timing.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from '../../src/platform/db/index.ts';
import { LOCKS } from '../../src/platform/db/locks.ts';
import { portalChannel } from '../../src/policy/rights-defaults.ts';
import { placeHold } from '../../src/rights/holds.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import { BACKENDS } from '../support/backends.ts';
import { type TestApp, testApp } from '../support/http.ts';
import { richSubject } from '../support/rich-subject.ts';

type Opts = { sharedLock?: number };
/** One transaction as the hooks see it: what it asked for and the statements it ran so far. */
type Seen = { opts: Opts; statements: { sql: string; params: readonly unknown[] }[] };
type Hooks = {
  begin?(t: Seen): Promise<void>;
  /** Before a statement is sent, and after it answered. */
  before?(t: Seen, sql: string, params: readonly unknown[]): Promise<void>;
  after?(t: Seen, sql: string, params: readonly unknown[]): Promise<void>;
  beforeCommit?(t: Seen): Promise<void>;
};

function hookTransactions(db: Db, hooks: Hooks): () => void {
  const original = db.transaction.bind(db);
  const spied = (tx: Tx, seen: Seen): Tx => ({
    ...tx,
    async query(sql, params = [], o) {
      seen.statements.push({ sql, params });
      await hooks.before?.(seen, sql, params);
      const r = await tx.query(sql, params, o);
      await hooks.after?.(seen, sql, params);
      return r as never;
    },
  });
  db.transaction = async <T>(fn: (tx: Tx) => Promise<T>, opts: Opts = {}) => {
    const seen: Seen = { opts, statements: [] };
    await hooks.begin?.(seen);
    return original(async (tx) => {
      const out = await fn(spied(tx, seen));
      await hooks.beforeCommit?.(seen);
      return out;
    }, opts);
  };
  return () => {
    db.transaction = original;
  };
}

const takes = (sql: string, params: readonly unknown[], lock: number, shared: boolean) =>
  sql.includes(shared ? 'pg_advisory_xact_lock_shared(' : 'pg_advisory_xact_lock(') && params[0] === lock;

/** Resolves the first time it is called. */
function signal(): { fire(): void; fired: Promise<void>; done: boolean } {
  let fire = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  const s = {
    fired,
    done: false,
    fire() {
      s.done = true;
      fire();
    },
  };
  return s;
}

const KEPT = ['nothing kept', 'everything kept under a legal hold'] as const;

describe.each(BACKENDS)('an erasure racing a campaign send on %s (EN-11)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(backend);
    t.deps.config.dataDir = await mkdtemp(join(tmpdir(), 'garde-race-'));
  });
  afterAll(() => t.dispose());

  /** A person with data everywhere; under a legal hold the erasure keeps it all, restricted. */
  async function person(kept: (typeof KEPT)[number]) {
    const s = await richSubject(t.deps, { lifecycle: 'prospect' });
    if (kept !== 'nothing kept')
      await placeHold(t.deps, s.id, { category: null, reason: 'litigation', until: null }, 'dpo');
    return s;
  }

  /** A campaign reaching everyone (a legal notice, not counted), on a channel whose batch names people. */
  async function draftCampaign(): Promise<string> {
    const policy = t.deps.policy;
    const byLaw = (p: string) => policy.purposes.find((x) => x.id === p)?.legalBasis === 'legal-obligation';
    const cls = policy.communications?.messageClasses.find(
      (c) => !c.commercial && !c.countsTowardCap && (c.purposes ?? []).some(byLaw),
    );
    const purpose = (cls?.purposes ?? []).find(byLaw);
    const channel = policy.communications?.channels.find((c) => c.batch?.fields.includes('familyName'));
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.as('marketer'),
      payload: {
        name: 'notice',
        purpose,
        channel: channel?.id,
        messageClass: cls?.id,
        contentRef: 'terms-2026',
        sender: policy.purposes.find((x) => x.id === purpose)?.senders?.[0],
        audience: {},
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id;
  }

  /** Files the erasure request; the answer carries it out. */
  async function requestErasure(subjectId: string): Promise<() => Promise<void>> {
    const created = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${subjectId}/rights-requests`,
      headers: t.as('dpo'),
      payload: { kind: 'erasure', channel: portalChannel(t.deps.policy.rights) },
    });
    expect(created.statusCode, created.body).toBe(201);
    return async () => {
      const done = await t.app.inject({
        method: 'POST',
        url: `/v1/rights-requests/${created.json().id}/fulfilment`,
        headers: t.as('dpo'),
        payload: { confirmContractEnd: true },
      });
      expect(done.statusCode, done.body).toBe(200);
    };
  }

  /** Sends the campaign; the answer reads its batch as it is now. */
  async function send(campaign: string): Promise<() => Promise<string>> {
    const sent = await t.app.inject({
      method: 'POST',
      url: `/v1/campaigns/${campaign}/send`,
      headers: t.as('marketer'),
    });
    expect(sent.statusCode, sent.body).toBe(200);
    return () => readFile(join(t.deps.config.dataDir, sent.json().file), 'utf8');
  }

  /** The batch was written, with the others in it, and without the person. */
  function expectWithout(file: string, needles: readonly string[]) {
    expect(file).toContain(t.customerId);
    for (const needle of needles) expect(file.toLowerCase()).not.toContain(needle.toLowerCase());
  }

  const WHEN = ['before the send', 'between the send’s ledger and its batch', 'after the batch is written'];
  const cases = WHEN.flatMap((when) => KEPT.map((kept) => [when, kept] as const));
  it.each(cases)('erased %s, %s: the batch never holds the person', async (when, kept) => {
    const s = await person(kept);
    const campaign = await draftCampaign();
    const erase = await requestErasure(s.id);
    let erased = false;
    const unhook = hookTransactions(t.deps.db, {
      // The batch writer is the transaction that begins holding the outbound lock shared.
      async begin(tx) {
        if (when !== WHEN[1] || erased || tx.opts.sharedLock !== LOCKS.outbound) return;
        erased = true;
        await erase();
      },
    });
    try {
      if (when === WHEN[0]) await erase();
      const batch = await send(campaign);
      if (when === WHEN[2]) {
        expect(await batch()).toContain(s.id);
        await erase();
      }
      expect(erased).toBe(when === WHEN[1]);
      expectWithout(await batch(), s.needles);
    } finally {
      unhook();
    }
  });

  // PGlite runs one transaction at a time, so only PostgreSQL lets the two overlap.
  it.skipIf(backend === 'pglite').each(KEPT)(
    'an erasure begun before the send commits, and a batch begun before the erasure commits: the batch never holds the person (%s)',
    async (kept) => {
      const s = await person(kept);
      const campaign = await draftCampaign();
      const erase = await requestErasure(s.id);
      let erasing: Promise<void> | undefined;
      const eraserWaitsOnGate = signal();
      const batchReadOrWaiting = signal();
      const isEraser = (tx: Seen) => tx.statements.some((x) => takes(x.sql, x.params, LOCKS.gate, false));
      const unhook = hookTransactions(t.deps.db, {
        // 1. The send's ledger holds the gate; the erasure starts and goes as far as the gate.
        async after(tx, sql, params) {
          if (!erasing && takes(sql, params, LOCKS.gate, true)) {
            erasing = erase();
            await eraserWaitsOnGate.fired;
          }
          // 3a. The batch writer read the ledger before the erasure committed.
          if (tx.opts.sharedLock === LOCKS.outbound && sql.includes('FROM communications'))
            batchReadOrWaiting.fire();
        },
        async before(_tx, sql, params) {
          if (takes(sql, params, LOCKS.gate, false)) eraserWaitsOnGate.fire();
        },
        // 2. The send commits, the erasure passes the gate, the batch writer begins; the erasure
        //    commits only once the writer has read the ledger or waits on a lock (3b).
        async beforeCommit(tx) {
          if (!isEraser(tx)) return;
          for (let i = 0; i < 20_000 && !batchReadOrWaiting.done; i++) {
            const r = await t.deps.db.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1",
              [LOCKS.outbound],
            );
            if ((r.rows[0]?.n ?? 0) > 0) batchReadOrWaiting.fire();
          }
          expect(batchReadOrWaiting.done).toBe(true);
        },
      });
      try {
        const batch = await send(campaign);
        expect(erasing).toBeDefined();
        await erasing;
        expectWithout(await batch(), s.needles);
      } finally {
        unhook();
      }
    },
  );

  // Deadlocked before: the erasure held the person's row and waited on the gate, while the
  // consent change held the gate and waited on the row (its foreign key to the person).
  it.skipIf(backend === 'pglite')(
    'an erasure and a consent change for the same person at the same moment both complete: the gate comes before the row',
    async () => {
      // No consent on record yet, so the change inserts a row that must find the person's.
      const s = await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2020-01-01' }, 'test');
      const erase = await requestErasure(s.id);
      let erasing: Promise<void> | undefined;
      const eraserAtGate = signal();
      const unhook = hookTransactions(t.deps.db, {
        async after(_tx, sql, params) {
          if (erasing || !takes(sql, params, LOCKS.gate, false)) return;
          erasing = erase();
          await eraserAtGate.fired;
        },
        async before(_tx, sql, params) {
          if (erasing && takes(sql, params, LOCKS.gate, false)) eraserAtGate.fire();
        },
      });
      try {
        const given = await t.app.inject({
          method: 'POST',
          url: `/v1/subjects/${s.id}/consents`,
          headers: t.as('agent'),
          payload: { purpose: 'commercial-proposals', state: 'given' },
        });
        expect(given.statusCode, given.body).toBe(201);
        await erasing;
        expect(erasing).toBeDefined();
      } finally {
        unhook();
      }
    },
  );
});
