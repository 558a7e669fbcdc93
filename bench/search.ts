// `npm run bench -- search [subjects]`: the agents' customer search (issue 15, BK-13) over a large
// population (1,000,000 by default): by customer number, by mailbox, by a rare name, by a first
// and family name, and by a name stem that 5% of the population shares, each the median of 5
// rounds of the first page, beside the raw database answering the same page query (its SQL as
// Garde sends it, without the fold of the words, the cursor or the audit entry). Prints each
// query's plan (EXPLAIN ANALYZE) to stderr: indexes, never a scan of the population.
import { randomBytes } from 'node:crypto';
import { sealer } from '../src/platform/crypto.ts';
import type { Db, Queryable } from '../src/platform/db/index.ts';
import { readStoredNames, searchSubjects } from '../src/subjects/subjects.ts';
import type { Bench, Figure } from './harness.ts';
import { median } from './harness.ts';

const ROUNDS = 5;

/**
 * Names from a few hundred thousand spellings: 25 given names, 20 family stems each with a
 * three-letter suffix but for 1 in 20 (so a stem such as "Peeters" is shared by 5% of the
 * population, far more than any real surname), birth dates over 70 years, one mailbox each.
 */
async function populate(db: Db, n: number): Promise<void> {
  await db.query(
    `INSERT INTO subjects (id, external_ref, lifecycle, customer_since)
     SELECT gen_random_uuid(), 'C-' || lpad(n::text, 8, '0'), 'customer', DATE '2020-01-01'
       FROM generate_series(1, $1) n`,
    [n],
  );
  await db.query(
    `WITH g AS (SELECT ARRAY['Jan','Marie','Élise','Luc','Sofie','Ahmed','Fatima','Pieter','Anne','Jürgen',
                             'Chloé','Noah','Emma','Lucas','Léa','Hugo','Inès','Arthur','Louise','Mohamed',
                             'Nina','Tom','Lotte','Wout','Zoé'] AS given),
          f AS (SELECT ARRAY['Peeters','Janssens','Maes','Jacobs','Mertens','Willems','Claes','Goossens',
                             'Wouters','De Smet','Dubois','Lambert','Dupont','Martin','Leroy',
                             'Van den Broeck','Müller','Østergaard','Ben Ali','El Amrani'] AS family),
          h AS (SELECT id, external_ref, abs(hashtext(id::text)) AS a, abs(hashtext(id::text || 'x')) AS b FROM subjects)
     INSERT INTO identities (subject_id, given_name, family_name, birth_date, email)
     SELECT h.id, g.given[1 + a % 25],
            f.family[1 + b % 20] || CASE WHEN (b / 20) % 20 = 0 THEN ''
              ELSE chr(97 + a / 25 % 26) || chr(97 + a / 650 % 26) || chr(97 + b / 400 % 26) END,
            DATE '1940-01-01' + a % 25000, 'p' || substr(h.external_ref, 3) || '@example.test'
       FROM h, g, f`,
  );
  await db.query('ANALYZE subjects');
  await db.query('ANALYZE identities');
}

/**
 * The Latin readings of names stored before migration 049, as `readStoredNames` writes them at
 * start-up (batches read, transliterated in the process, written back by one statement each),
 * beside the database writing a reading it can compute itself (the name key) in one statement.
 */
async function readingFigure(db: Db, n: number): Promise<Figure> {
  const raw = await timed(() => db.query('UPDATE identities SET name_readings = name_key'));
  await db.query('UPDATE identities SET name_readings = NULL');
  const ms = await timed(() => readStoredNames(db));
  // Three passes over every row leave dead tuples behind, which autovacuum would clear in time.
  await db.query('VACUUM ANALYZE identities');
  const rate = (t: number) => Math.round(n / (t / 1000));
  return {
    metric: `stored names given their Latin readings (${n} names)`,
    value: rate(ms),
    unit: 'names/s',
    baseline: rate(raw),
    ratio: Math.round((raw / ms) * 100) / 100,
    goal: '1,000,000 names in < 10 min',
  };
}

/** The Db with every query the search sends kept, so the bench can replay and explain its SQL. */
function recording(db: Db) {
  const sent: { sql: string; params: readonly unknown[] }[] = [];
  const keep = (q: Queryable): Queryable => ({
    ...q,
    query: ((sql: string, params: readonly unknown[] = [], ...rest: unknown[]) => {
      sent.push({ sql, params });
      return (q.query as (...a: unknown[]) => unknown)(sql, params, ...rest);
    }) as Queryable['query'],
  });
  return {
    sent,
    db: {
      ...db,
      ...keep(db),
      transaction: (fn: (tx: Queryable) => Promise<unknown>, o?: object) =>
        db.transaction((tx) => fn(keep(tx)), o),
    } as Db,
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export const searchBench: Bench = {
  name: 'search',
  description: "the agents' customer search (number, mailbox, names) over a large population vs raw SQL",
  async run(ctx) {
    const n = Number(ctx.args[0] ?? 1_000_000);
    const db = await ctx.freshDb();
    const tLoad = performance.now();
    await populate(db, n);
    console.error(`loaded ${n} subjects in ${Math.round((performance.now() - tLoad) / 1000)} s`);
    const figures: Figure[] = [await readingFigure(db, n)];
    const rare = await db.query<{ family_name: string }>(
      "SELECT family_name FROM identities WHERE family_name ~ '[a-z]{3}$' ORDER BY subject_id LIMIT 1",
    );
    const middle = `C-${String(Math.ceil(n / 2)).padStart(8, '0')}`;
    const queries: [string, string][] = [
      ['customer number', middle],
      ['mailbox', `p${middle.slice(2)}@example.test`],
      ['a rare family name', rare.rows[0]?.family_name ?? 'Maes'],
      ['a first and family name', 'jan peeters'],
      ['a stem 5% share', 'peeters'],
      ['a compound name typed as one word', 'vandenbroeck'],
    ];
    const rec = recording(db);
    const deps = { db: rec.db, sealer: sealer(randomBytes(32)), now: () => new Date() };
    for (const [what, q] of queries) {
      const ms: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        rec.sent.length = 0;
        ms.push(await timed(() => searchSubjects(deps, { q, limit: 20 }, 'bench')));
      }
      const page = rec.sent.find((s) => s.sql.includes('WITH exact'));
      if (!page) throw new Error('the search sent no page query');
      const raw: number[] = [];
      for (let i = 0; i < ROUNDS; i++)
        raw.push(await timed(() => db.query(page.sql, page.params as unknown[])));
      const plan = await db.query<Record<string, string>>(
        `EXPLAIN ANALYZE ${page.sql}`,
        page.params as unknown[],
      );
      console.error(
        `\n${what} (${JSON.stringify(q)}):\n${plan.rows.map((r) => Object.values(r)[0]).join('\n')}`,
      );
      const value = median(ms);
      const baseline = median(raw);
      figures.push({
        metric: `search by ${what}, first page (median of ${ROUNDS})`,
        value: Math.round(value * 10) / 10,
        unit: 'ms',
        baseline: Math.round(baseline * 10) / 10,
        ratio: Math.round((baseline / value) * 100) / 100,
        goal: '< 500 ms',
      });
    }
    return figures;
  },
};
