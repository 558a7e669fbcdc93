// The DPO's audit trail through the API (issue 15): browse by person, actor, action and time,
// verify the chain, export it; the trail never holds a personal datum, and reading it is audited.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';

type Entry = { seq: number; at: string; actor: string; action: string; subjectId: string | null };
type Page = { items: Entry[]; next: string | null };

describe.each(BACKENDS)('the audit trail for the DPO on %s', (backend) => {
  let t: TestApp;
  let ana: string;
  let ben: string;
  const get = (url: string, role: 'dpo' | 'admin' = 'dpo') =>
    t.app.inject({ method: 'GET', url, headers: t.as(role) });

  beforeAll(async () => {
    t = await testApp(backend);
    const create = async (givenName: string, email: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/v1/subjects',
          headers: t.as('dpo'),
          payload: { lifecycle: 'customer', customerSince: '2020-01-01', identity: { givenName, email } },
        })
      ).json().id as string;
    ana = await create('Ana', 'ana@example.test');
    ben = await create('Ben', 'ben@example.test');
    for (const state of ['given', 'withdrawn', 'given'] as const)
      await t.app.inject({
        method: 'POST',
        url: `/v1/subjects/${ana}/consents`,
        headers: t.as('admin'),
        payload: { purpose: 'web-personalisation', state },
      });
    await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${ben}/consents`,
      headers: t.as('dpo'),
      payload: { purpose: 'web-personalisation', state: 'given' },
    });
  });
  afterAll(() => t.dispose());

  it("filters by person: the person's entries only, newest first, page by page, each once", async () => {
    const seen: Entry[] = [];
    let next: string | null = null;
    do {
      const res = await get(`/v1/audit?person=${ana}&limit=2${next ? `&after=${next}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as Page;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      next = page.next;
    } while (next);
    // Created, three consent records, and the readings of this walk itself (audit.read, chained as it goes).
    expect(seen.every((e) => e.subjectId === ana)).toBe(true);
    expect(seen.filter((e) => e.action.startsWith('consent.')).length).toBe(3);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('filters by actor, by action or action family, and by time, all together', async () => {
    const all = (await get(`/v1/audit?person=${ana}&action=consent.&limit=500`)).json() as Page;
    const admin = all.items[0]?.actor as string;
    expect(admin).toMatch(/^key:/);
    const byAdmin = (await get(`/v1/audit?actor=${encodeURIComponent(admin)}&limit=500`)).json() as Page;
    expect(byAdmin.items.length).toBeGreaterThanOrEqual(3);
    expect(byAdmin.items.every((e) => e.actor === admin)).toBe(true);
    const family = (await get('/v1/audit?action=consent.&limit=500')).json() as Page;
    expect(family.items.length).toBe(4);
    expect(family.items.every((e) => e.action.startsWith('consent.'))).toBe(true);
    const exact = family.items[0]?.action as string;
    const one = (await get(`/v1/audit?action=${exact}&person=${ben}`)).json() as Page;
    expect(one.items.map((e) => e.subjectId)).toEqual([ben]);
    const at = one.items[0]?.at as string;
    const inRange = (
      await get(`/v1/audit?action=consent.&from=${at}&to=${new Date(Date.parse(at) + 1).toISOString()}`)
    ).json() as Page;
    expect(inRange.items.some((e) => e.subjectId === ben)).toBe(true);
    expect(inRange.items.every((e) => e.at === at)).toBe(true);
    const before = (await get(`/v1/audit?action=consent.&to=${at}&limit=500`)).json() as Page;
    expect(before.items.every((e) => Date.parse(e.at) < Date.parse(at))).toBe(true);
  });

  it('reading, exporting and verifying the trail are recorded in it, under the reader, naming no datum', async () => {
    await get(`/v1/audit?person=${ben}`);
    await get('/v1/audit/verification');
    await get(`/v1/audit/export?person=${ben}`);
    const readings = (await get('/v1/audit?action=audit.&limit=500', 'admin')).json() as Page;
    const actions = readings.items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['audit.read', 'audit.verify', 'audit.export']));
    expect(readings.items.filter((e) => e.subjectId === ben).map((e) => e.action)).toEqual(
      expect.arrayContaining(['audit.read', 'audit.export']),
    );
  });

  it('holds ids and digests only: no name or e-mail of anyone appears in the trail or its export', async () => {
    const bodies = [
      (await get('/v1/audit?limit=500')).body,
      (await get('/v1/audit/export')).body,
      (await get('/v1/audit/export?format=ndjson')).body,
    ];
    for (const body of bodies)
      for (const datum of ['Ana', 'ana@example.test', 'Ben', 'ben@example.test'])
        expect(body).not.toContain(datum);
  });

  it('exports every matching entry oldest first, as CSV for a spreadsheet or NDJSON, as a file', async () => {
    const listed = (await get(`/v1/audit?person=${ana}&action=consent.&limit=500`)).json() as Page;
    const csv = await get(`/v1/audit/export?person=${ana}&action=consent.`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = parse(csv.body) as string[][];
    expect(header).toEqual([
      'seq',
      'at',
      'actor',
      'action',
      'subjectId',
      'changeDigest',
      'detail',
      'prevHash',
      'hash',
    ]);
    expect(rows.map((r) => Number(r[0]))).toEqual(listed.items.map((e) => e.seq).reverse());
    const nd = await get(`/v1/audit/export?person=${ana}&action=consent.&format=ndjson`);
    expect(nd.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = nd.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Entry);
    expect(lines.map((e) => e.seq)).toEqual(rows.map((r) => Number(r[0])));
    expect(lines[0]).toMatchObject({ subjectId: ana, action: expect.stringMatching(/^consent\./) });
  });

  it('an empty time range is 400 AUDIT_RANGE_INVALID; a cursor of another filter is 400 CURSOR_INVALID', async () => {
    expectProblem(
      await get('/v1/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z'),
      400,
      'AUDIT_RANGE_INVALID',
    );
    expectProblem(
      await get('/v1/audit/export?from=2026-01-02T00:00:00Z&to=2026-01-02T00:00:00Z'),
      400,
      'AUDIT_RANGE_INVALID',
    );
    const page = (await get(`/v1/audit?person=${ana}&limit=1`)).json() as Page;
    expect(page.next).not.toBeNull();
    expectProblem(await get(`/v1/audit?person=${ben}&limit=1&after=${page.next}`), 400, 'CURSOR_INVALID');
    expectProblem(await get('/v1/audit?action=Consent'), 400, 'REQUEST_INVALID');
  });

  it('verification says the chain is intact, then where it breaks once a stored entry is altered', async () => {
    const ok = (await get('/v1/audit/verification')).json();
    expect(ok).toMatchObject({ intact: true });
    expect(ok.entries).toBeGreaterThan(5);
    const target = (await get(`/v1/audit?person=${ben}&action=consent.`)).json() as Page;
    const seq = target.items[0]?.seq as number;
    // Someone with the database's owner rights goes around the append-only trigger.
    await t.deps.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx.query("UPDATE audit_log SET action = 'consent.forged' WHERE seq = $1", [seq]);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
    const broken = (await get('/v1/audit/verification')).json();
    expect(broken).toMatchObject({
      intact: false,
      entries: seq - 1,
      break: { seq, reason: 'hash-mismatch' },
    });
    expect(broken.break.at).toBe(target.items[0]?.at);
  });
});
