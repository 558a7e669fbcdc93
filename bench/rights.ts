// `npm run bench -- rights [subjects] [expiredEvents]`: a subject's access report, portability
// export and erasure among a large population, each beside the raw SQL reading (or deleting)
// the same rows; then a retention sweep of expired events beside one DELETE of the same rows.
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config.ts';
import { sealer } from '../src/platform/crypto.ts';
import type { Db } from '../src/platform/db/index.ts';
import { runRetention } from '../src/retention/run.ts';
import { STORES } from '../src/rights/catalogue.ts';
import { fulfilRequest } from '../src/rights/fulfil.ts';
import { accessReportFor, portabilityExport } from '../src/rights/reports.ts';
import { createRequest } from '../src/rights/requests.ts';
import { loadPolicyOrThrow } from '../src/runtime.ts';
import { richSubject } from '../test/support/rich-subject.ts';
import type { Bench, Figure } from './harness.ts';
import { median } from './harness.ts';

const TARGET_EVENTS = 50_000;
const ROUNDS = 5;

async function populate(db: Db, subjects: number, expired: number, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO subjects (id, lifecycle, customer_since)
     SELECT gen_random_uuid(), 'customer', DATE '2020-01-01' FROM generate_series(1, $1)`,
    [subjects],
  );
  await db.query(
    `INSERT INTO identities (subject_id, given_name, family_name, email)
     SELECT id, 'Given', 'Family', 'someone@example.test' FROM subjects`,
  );
  // Expired behaviour spread over three whole months, 14 to 16 months ago, plus recent events.
  await db.query("SELECT garde_ensure_event_partitions(($1::timestamptz - interval '17 months')::date, 22)", [
    now,
  ]);
  await db.query('CREATE TEMP TABLE bench_ids AS SELECT row_number() OVER () AS n, id FROM subjects');
  await db.query(
    `INSERT INTO events (subject_id, occurred_at, kind, topic, received_at)
     SELECT b.id, date_trunc('month', $3::timestamptz - interval '16 months') + (g % 85) * interval '1 day' + (g % 86400) * interval '1 second',
            'page-view', 'mortgage', now()
     FROM generate_series(1, $1) g JOIN bench_ids b ON b.n = 1 + (g % $2)`,
    [expired, subjects, now],
  );
  await db.query(
    `INSERT INTO events (subject_id, occurred_at, kind, topic, received_at)
     SELECT b.id, $3::timestamptz - (g % 300) * interval '1 day' - interval '1 hour', 'page-view', 'savings', now()
     FROM generate_series(1, $1) g JOIN bench_ids b ON b.n = 1 + (g % $2)`,
    [Math.round(expired / 10), subjects, now],
  );
  await db.query('ANALYZE');
}

/** Writes files of `bytes` in all (1 GiB each at most) in the temp folder, then times removing them. */
async function filesystemFloor(bytes: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'garde-floor-'));
  const chunk = Buffer.alloc(2 ** 20);
  const files: string[] = [];
  for (let left = bytes, i = 0; left > 0; left -= 2 ** 30, i++) {
    const file = join(dir, `f${i}`);
    const h = await open(file, 'w');
    for (let w = 0; w < Math.min(left, 2 ** 30); w += chunk.length) await h.write(chunk);
    await h.sync();
    await h.close();
    files.push(file);
  }
  const ms = await timed(async () => {
    for (const f of files) await rm(f);
  });
  await rm(dir, { recursive: true, force: true });
  return ms;
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function rounds(fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) ms.push(await timed(fn));
  return median(ms);
}

/** The raw database reading the subject's rows: one SELECT * per table, no shaping. */
const rawRead = (db: Db, id: string) => async () => {
  for (const s of STORES)
    await db.query(`SELECT * FROM ${s.table} WHERE ${s.table === 'subjects' ? 'id' : 'subject_id'} = $1`, [
      id,
    ]);
};

export const rightsBench: Bench = {
  name: 'rights',
  description: 'access report, portability export, erasure, retention sweep vs raw SQL',
  async run(ctx) {
    const subjects = Number(ctx.args[0] ?? 1_000_000);
    const expired = Number(ctx.args[1] ?? 10_000_000);
    const config = loadConfig();
    const policy = await loadPolicyOrThrow(config.policyFile);
    const db = await ctx.freshDb();
    const deps = {
      config: { ...config, dataDir: '/tmp/garde-bench-outbound' },
      db,
      policy,
      sealer: sealer(randomBytes(32)),
      now: () => new Date(),
    };
    const tLoad = performance.now();
    await populate(db, subjects, expired, deps.now());
    const target = await richSubject(deps, {
      lifecycle: 'former',
      contractEndedOn: '2012-01-01',
      events: TARGET_EVENTS,
    });
    await db.query('ANALYZE events');
    console.error(`loaded in ${Math.round((performance.now() - tLoad) / 1000)} s`);

    const accessMs = await rounds(() => accessReportFor(deps, target.id));
    const exportMs = await rounds(() => portabilityExport(deps, target.id));
    const rawReadMs = await rounds(rawRead(db, target.id));

    // Erasure: the raw deletes of the same rows first, rolled back; then Garde's for real.
    const rawEraseMs = await timed(() =>
      db
        .transaction(async (tx) => {
          await tx.query("SELECT set_config('garde.erasure', 'on', true)");
          for (const s of [...STORES].reverse())
            await tx.query(
              `DELETE FROM ${s.table} WHERE ${s.table === 'subjects' ? 'id' : 'subject_id'} = $1`,
              [target.id],
            );
          throw Object.assign(new Error('rollback'), { rollback: true });
        })
        .catch((e) => {
          if (!(e as { rollback?: boolean }).rollback) throw e;
        }),
    );
    const who = { actor: 'bench', role: 'dpo' as const };
    const request = await createRequest(
      deps,
      {
        subjectId: target.id,
        kind: 'erasure',
        channel: policy.rights.channels.find((c) => !c.identityProof)?.id,
      },
      { ...who, portal: false },
    );
    const eraseMs = await timed(() => fulfilRequest(deps, request.id, { confirmContractEnd: true }, who));

    // Retention: one DELETE of the expired events (rolled back), then the sweep for real.
    const limitSql = "$1::timestamptz - interval 'P1Y'";
    const rawSweepMs = await timed(() =>
      db
        .transaction(async (tx) => {
          await tx.query(
            `DELETE FROM events WHERE occurred_at + interval 'P1Y' <= $1 AND occurred_at < ${limitSql} + interval '4 days'`,
            [deps.now()],
          );
          throw Object.assign(new Error('rollback'), { rollback: true });
        })
        .catch((e) => {
          if (!(e as { rollback?: boolean }).rollback) throw e;
        }),
    );
    // The rolled-back DELETE left every row's header touched: vacuum, as time would have.
    await db.query('VACUUM ANALYZE events');
    // What the filesystem alone takes to free files of the expired months' size: the floor
    // under any removal that really gives the space back.
    const bytes = Number(
      (
        await db.query<{ n: string }>(
          `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'events'::regclass AND c.relname < to_char($1::timestamptz - interval '1 year', '"events_"YYYY_MM')`,
          [deps.now()],
        )
      ).rows[0]?.n,
    );
    const floorMs = await filesystemFloor(bytes);
    let removed = 0;
    let eventsMs = 0;
    const sweepMs = await timed(async () => {
      const r = await runRetention(deps);
      const events = r.steps.find((s) => s.store === 'events');
      removed = events?.rows ?? 0;
      eventsMs = events?.ms ?? 0;
    });
    const left = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM events WHERE occurred_at < $1::timestamptz - interval '1 year'",
      [deps.now()],
    );
    if (Number(left.rows[0]?.n) !== 0) throw new Error(`sweep left ${left.rows[0]?.n} expired events`);

    const among = `${TARGET_EVENTS.toLocaleString('en-US')} events, among ${subjects.toLocaleString('en-US')} subjects`;
    const figures: Figure[] = [
      {
        metric: `access report (JSON) of a subject with ${among}`,
        value: accessMs,
        unit: 'ms',
        baseline: rawReadMs,
        ratio: rawReadMs / accessMs,
        goal: '-',
      },
      {
        metric: 'portability export (zip of JSON + CSV, manifest, schema)',
        value: exportMs,
        unit: 'ms',
        baseline: rawReadMs,
        ratio: rawReadMs / exportMs,
        goal: '< 500 ms',
      },
      {
        metric: 'erasure (plan, delete, pseudonymise, restrict, notices, audit)',
        value: eraseMs,
        unit: 'ms',
        baseline: rawEraseMs,
        ratio: rawEraseMs / eraseMs,
        goal: '-',
      },
      {
        metric: `retention of ${removed.toLocaleString('en-US')} expired events (the behaviour rule)`,
        value: eventsMs,
        unit: 'ms',
        baseline: rawSweepMs,
        ratio: rawSweepMs / eventsMs,
        goal: 'ratio >= 100',
      },
      {
        metric: `of which the filesystem freeing ${(bytes / 2 ** 30).toFixed(2)} GiB (rm of files that size)`,
        value: floorMs,
        unit: 'ms',
        baseline: rawSweepMs,
        ratio: rawSweepMs / floorMs,
        goal: '-',
      },
      {
        metric: `whole retention run, every rule over ${subjects.toLocaleString('en-US')} subjects`,
        value: sweepMs,
        unit: 'ms',
        baseline: rawSweepMs,
        ratio: rawSweepMs / sweepMs,
        goal: '-',
      },
    ];
    return figures;
  },
};
