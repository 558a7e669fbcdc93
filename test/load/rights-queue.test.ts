// Issue 15: the DPO's queue stays fast over 50,000 requests. The SQL the queue runs is captured
// and EXPLAINed: its pages are read along the (due_at, id) index of migration 046, never sorted,
// at the first page and deep in the list; its counts are one statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/platform/deps.ts';
import { countQueue, listRequests } from '../../src/rights/requests.ts';
import { BACKENDS, type Backend, FIXED_NOW, testDeps } from '../support/backends.ts';
import { seedRequests } from '../support/rights-queue-seed.ts';

const COUNT = 50_000;

type Plan = { 'Node Type': string; 'Index Name'?: string; Plans?: Plan[] };
const nodes = (p: Plan): Plan[] => [p, ...(p.Plans ?? []).flatMap(nodes)];

describe.each(BACKENDS)('the requests queue over 50,000 requests on %s', (backend: Backend) => {
  let deps: Deps & { dispose(): Promise<void> };
  const statements: { sql: string; params: unknown[] }[] = [];
  let spied: Deps;
  beforeAll(async () => {
    deps = await testDeps(backend, { policy: 'policies/energy-services.yaml' });
    await seedRequests(deps.db, deps.policy, COUNT, FIXED_NOW);
    // The queue's own SQL, as it runs, is what gets explained.
    const db = new Proxy(deps.db, {
      get(target, prop, receiver) {
        if (prop === 'query')
          return (sql: string, params: unknown[] = [], opts?: unknown) => {
            statements.push({ sql, params });
            return (target.query as (...a: unknown[]) => unknown).call(target, sql, params, opts);
          };
        return Reflect.get(target, prop, receiver);
      },
    });
    spied = { ...deps, db };
  }, 120_000);
  afterAll(() => deps.dispose());

  const explain = async (s: { sql: string; params: unknown[] }) => {
    const r = await deps.db.query<{ 'QUERY PLAN': [{ Plan: Plan }] | string }>(
      `EXPLAIN (FORMAT JSON) ${s.sql}`,
      s.params,
    );
    const raw = r.rows[0]?.['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: Plan }];
    return nodes(plan[0].Plan);
  };

  it('the first page and a page deep in the list are read along the index, never sorted', async () => {
    statements.length = 0;
    const first = await listRequests(spied, { urgency: 'open', limit: 50 });
    expect(first.items).toHaveLength(50);
    let page = first;
    for (let i = 0; i < 20 && page.next; i++)
      page = await listRequests(spied, { urgency: 'open', limit: 50, after: page.next });
    for (const s of [statements[0], statements.at(-1)]) {
      const plan = await explain(s as { sql: string; params: unknown[] });
      expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
      expect(plan.some((n) => n['Index Name'] === 'rights_requests_open_idx')).toBe(true);
    }
  });

  it('a filtered group (overdue letters) is read along the index too, and the counts are one statement that agrees', async () => {
    statements.length = 0;
    const page = await listRequests(spied, { urgency: 'overdue', channel: 'letter', limit: 50 });
    const plan = await explain(statements[0] as { sql: string; params: unknown[] });
    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
    expect(page.items.every((r) => r.urgency === 'overdue' && r.channel === 'letter')).toBe(true);
    statements.length = 0;
    const counts = await countQueue(spied, {});
    expect(statements).toHaveLength(1);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(COUNT);
  });
});
