// Issue 15, the DPO's requests (EN-11, EN-12): the queue by deadline with its urgency groups,
// filters, counts and keyset pages; intake of a letter; verification that keeps no document
// number; a pause that moves the deadline by the time paused; the extension's notice; and the
// answer to an access or portability request delivered to the person, recorded and audited.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { fulfilEverywhere } from '../../../test/support/tasks.ts';
import { createKey } from '../../keys/store.ts';
import { createSubject } from '../../subjects/subjects.ts';

const DAY = 86_400_000;
const at = (ms: number) => new Date(FIXED_NOW.getTime() + ms);

describe.each(BACKENDS)('the DPO’s requests on %s (energy services)', (backend) => {
  let t: TestApp;
  let sid: string;
  let otherId: string;
  let ownKey: Record<string, string>;
  const identity = { givenName: 'Amélie', familyName: 'Dubois', birthDate: '1985-04-12', language: 'fr' };
  beforeAll(async () => {
    t = await testApp(backend, { policy: 'policies/energy-services.yaml' });
    const s = await createSubject(
      t.deps,
      { lifecycle: 'customer', customerSince: '2020-01-01', identity },
      'test',
    );
    sid = s.id;
    ownKey = {
      authorization: `Bearer ${(await createKey(t.deps.db, { role: 'customer', subjectId: sid }, 'test')).key}`,
    };
    otherId = (await createSubject(t.deps, { lifecycle: 'prospect' }, 'test')).id;
  });
  afterAll(() => t.dispose());

  const post = (url: string, payload: object = {}, headers: Record<string, string> = t.as('dpo')) =>
    t.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Record<string, string> = t.as('dpo')) =>
    t.app.inject({ method: 'GET', url, headers });
  const letter = async (receivedAt: Date, subjectId = sid, kind = 'access', channel = 'letter') => {
    const res = await post(`/v1/subjects/${subjectId}/rights-requests`, {
      kind,
      channel,
      receivedAt: receivedAt.toISOString(),
      ...(kind === 'objection' ? { details: { objection: 'direct-marketing' } } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; dueAt: string; status: string };
  };
  /** Audit entries, chained or still pending (src/audit/store.ts). */
  const audited = async (action: string, subjectId: string) =>
    (
      await t.deps.db.query(
        `SELECT 1 FROM (SELECT action, subject_id FROM audit_pending UNION ALL SELECT action, subject_id FROM audit_log) a
         WHERE action = $1 AND subject_id = $2`,
        [action, subjectId],
      )
    ).rowCount;
  const verify = (id: string, extra: object = {}) =>
    post(`/v1/rights-requests/${id}/verification`, {
      documentType: 'id-card',
      givenName: identity.givenName,
      familyName: identity.familyName,
      birthDate: identity.birthDate,
      ...extra,
    });

  it('a letter recorded by staff a week after it arrived is due one month after receipt, and its history says when it came', async () => {
    const r = await letter(at(-7 * DAY));
    expect(r.dueAt).toBe(new Date('2026-07-08T10:00:00.000Z').toISOString());
    const got = (await get(`/v1/rights-requests/${r.id}`)).json();
    expect(got.history[0]).toMatchObject({ status: 'received', note: expect.stringContaining('by letter') });
    expect(got.history[0].note).toContain(at(-7 * DAY).toISOString());
  });

  it('verification keeps the document kind and the fields compared, never a document number (EN-12)', async () => {
    const r = await letter(at(-DAY));
    const res = await verify(r.id, {
      documentNumber: 'B-771-0042-93',
      nationalRegisterNumber: '85.04.12-123.45',
      expiresOn: '2030-01-01',
    });
    expect(res.json()).toMatchObject({
      status: 'verified',
      verification: {
        method: 'id-document',
        documentType: 'id-card',
        compared: { givenName: true, familyName: true, birthDate: true, documentValid: true },
        redacted: ['documentNumber', 'nationalRegisterNumber'],
      },
    });
    for (const sql of [
      'SELECT verification::text AS v FROM rights_requests',
      'SELECT coalesce(note, $1) AS v FROM rights_request_events',
      'SELECT row_to_json(a)::text AS v FROM audit_pending a',
      'SELECT row_to_json(a)::text AS v FROM audit_log a',
    ]) {
      const rows = (await t.deps.db.query<{ v: string }>(sql, sql.includes('$1') ? [''] : [])).rows;
      expect(rows.map((x) => x.v).join('\n')).not.toMatch(/771-0042|123\.45/);
    }
  });

  it('a pause stops the clock: on resume the deadline moves by exactly the time paused, with history and audit', async () => {
    const r = await letter(at(-2 * DAY));
    const paused = await post(`/v1/rights-requests/${r.id}/pause`, {
      reason: 'identity-proof',
      note: 'copy of ID asked by post',
    });
    expect(paused.statusCode, paused.body).toBe(200);
    // The person is asked in their own language (French), from Garde's words or the policy's.
    expect(paused.headers['content-language']).toBe('fr');
    expect(paused.json()).toMatchObject({
      status: 'paused',
      urgency: 'paused',
      pauseReason: 'identity-proof',
    });
    expect(paused.json().notice).toContain('pièce d’identité');
    expectProblem(
      await post(`/v1/rights-requests/${r.id}/pause`, { reason: 'clarification' }),
      409,
      'REQUEST_STATE',
    );
    expectProblem(
      await post(`/v1/rights-requests/${r.id}/extension`, { reason: 'archives to retrieve' }),
      409,
      'REQUEST_STATE',
    );
    t.deps.now = () => at(10 * DAY);
    try {
      const resumed = await post(`/v1/rights-requests/${r.id}/resumption`);
      expect(resumed.json()).toMatchObject({
        status: 'received',
        pausedAt: null,
        pauseReason: null,
        dueAt: new Date(new Date(r.dueAt).getTime() + 10 * DAY).toISOString(),
      });
      expectProblem(await post(`/v1/rights-requests/${r.id}/resumption`), 409, 'REQUEST_STATE');
      const got = (await get(`/v1/rights-requests/${r.id}`)).json();
      expect(got.history.map((h: { status: string }) => h.status)).toEqual([
        'received',
        'paused',
        'received',
      ]);
      expect(got.history[1].note).toBe('identity-proof: copy of ID asked by post');
      expect(await audited('rights.pause', sid)).toBeGreaterThanOrEqual(1);
      expect(await audited('rights.resume', sid)).toBeGreaterThanOrEqual(1);
    } finally {
      t.deps.now = () => FIXED_NOW;
    }
  });

  it('a request paused for the identity proof resumes when the proof is verified, its deadline moved', async () => {
    const r = await letter(at(-DAY));
    await post(`/v1/rights-requests/${r.id}/pause`, { reason: 'identity-proof' });
    t.deps.now = () => at(3 * DAY);
    try {
      const v = await verify(r.id);
      expect(v.json()).toMatchObject({
        status: 'verified',
        pausedAt: null,
        dueAt: new Date(new Date(r.dueAt).getTime() + 3 * DAY).toISOString(),
      });
    } finally {
      t.deps.now = () => FIXED_NOW;
    }
  });

  it('a request paused for clarification stays paused when the identity is verified, its clock still stopped', async () => {
    const r = await letter(at(-DAY));
    await post(`/v1/rights-requests/${r.id}/pause`, { reason: 'clarification' });
    const v = await verify(r.id);
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ status: 'paused', pauseReason: 'clarification', dueAt: r.dueAt });
    expect(v.json().pausedAt).not.toBeNull();
    const resumed = await post(`/v1/rights-requests/${r.id}/resumption`);
    expect(resumed.json()).toMatchObject({ status: 'verified', pausedAt: null });
  });

  it('an overdue request cannot be paused (a late answer stays late), and a paused one can be rejected', async () => {
    const late = await letter(at(-40 * DAY));
    expectProblem(
      await post(`/v1/rights-requests/${late.id}/pause`, { reason: 'clarification' }),
      409,
      'REQUEST_STATE',
    );
    const r = await letter(at(-DAY));
    await post(`/v1/rights-requests/${r.id}/pause`, { reason: 'clarification' });
    const rejected = await post(`/v1/rights-requests/${r.id}/rejection`, {
      reason: 'the person never answered',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', pausedAt: null, urgency: 'closed' });
  });

  it('the one extension answers the notice to send, in the person’s language, with the new date and the reason (Art. 12(3))', async () => {
    const r = await letter(at(-DAY));
    const ext = await post(`/v1/rights-requests/${r.id}/extension`, { reason: 'des archives à consulter' });
    expect(ext.headers['content-language']).toBe('fr');
    const due = new Date(ext.json().dueAt).toISOString().slice(0, 10);
    expect(ext.json().notice).toContain(due);
    expect(ext.json().notice).toContain('des archives à consulter');
    expect(ext.json().notice).toContain('Nous répondrons');
  });

  describe('the queue', () => {
    let ids: string[];
    beforeAll(async () => {
      // A separate person, so the other tests' requests do not change these counts' meaning.
      const q = (await createSubject(t.deps, { lifecycle: 'customer', customerSince: '2021-01-01' }, 't')).id;
      ids = [];
      for (const [days, kind, channel] of [
        [-40, 'access', 'letter'],
        [-35, 'erasure', 'email'],
        [-26, 'objection', 'letter'],
        [-5, 'access', 'email'],
        [0, 'portability', 'letter'],
      ] as const)
        ids.push((await letter(at(days * DAY), q, kind, channel)).id);
    });

    it('is sorted by deadline, and every request shown is in the group it was asked for', async () => {
      const all = (await get('/v1/rights-requests?limit=1000')).json();
      const dues = all.items.map((r: { dueAt: string }) => r.dueAt);
      expect(dues).toEqual([...dues].sort());
      for (const group of ['overdue', 'due-soon', 'on-time', 'paused', 'closed'])
        for (const r of (await get(`/v1/rights-requests?urgency=${group}&limit=1000`)).json().items)
          expect(r.urgency).toBe(group);
      const overdue = (await get('/v1/rights-requests?urgency=overdue&limit=1000')).json().items;
      expect(overdue.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([ids[0], ids[1]]));
      const soon = (await get('/v1/rights-requests?urgency=due-soon&limit=1000')).json().items;
      expect(soon.map((r: { id: string }) => r.id)).toContain(ids[2]);
    });

    it('filters by status, right, channel of receipt and date received, in SQL', async () => {
      const from = at(-36 * DAY).toISOString();
      const before = at(-4 * DAY).toISOString();
      const res = await get(
        `/v1/rights-requests?kind=access&channel=email&receivedFrom=${from}&receivedBefore=${before}&status=received`,
      );
      expect(res.json().items.map((r: { id: string }) => r.id)).toEqual([ids[3]]);
      const letters = (await get('/v1/rights-requests?channel=letter&limit=1000')).json().items;
      expect(letters.every((r: { channel: string }) => r.channel === 'letter')).toBe(true);
      expectProblem(await get('/v1/rights-requests?status=lost'), 400, 'REQUEST_INVALID');
    });

    it('counts each urgency group in one answer, agreeing with the groups’ lists', async () => {
      const counts = (await get('/v1/rights-requests/counts')).json();
      for (const group of ['overdue', 'due-soon', 'on-time', 'paused', 'closed']) {
        const items = (await get(`/v1/rights-requests?urgency=${group}&limit=1000`)).json().items;
        expect(counts[group], group).toBe(items.length);
      }
      const byKind = (await get('/v1/rights-requests/counts?kind=erasure')).json();
      expect(byKind.overdue).toBeGreaterThanOrEqual(1);
      expect(byKind['on-time'] + byKind['due-soon'] + byKind.overdue + byKind.paused).toBe(
        (await get('/v1/rights-requests?kind=erasure&limit=1000')).json().items.length,
      );
    });

    it('pages by keyset: every open request once, in order', async () => {
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const q: string = next ? `&after=${encodeURIComponent(next)}` : '';
        const page: { items: { id: string }[]; next: string | null } = (
          await get(`/v1/rights-requests?limit=2${q}`)
        ).json();
        seen.push(...page.items.map((r) => r.id));
        next = page.next;
      } while (next);
      const whole = (await get('/v1/rights-requests?limit=1000'))
        .json()
        .items.map((r: { id: string }) => r.id);
      expect(seen).toEqual(whole);
    });
  });

  describe('delivery of the answer', () => {
    it('a fulfilled access request is downloaded by the person on their privacy page, recorded by its digest and audited', async () => {
      const r = await letter(at(-DAY));
      await verify(r.id);
      const done = await fulfilEverywhere(t, r.id);
      expect(done.statusCode, done.body).toBe(200);
      const until = new Date(FIXED_NOW.getTime() + 30 * DAY).toISOString();
      expect(done.json().outcome.delivery).toEqual({ until, formats: ['html', 'json'] });
      const file = await get(`/v1/subjects/${sid}/rights-requests/${r.id}/delivery?format=html`, ownKey);
      expect(file.statusCode, file.body).toBe(200);
      expect(file.headers['content-type']).toContain('text/html');
      expect(file.headers['content-disposition']).toBe('attachment; filename="access-report.html"');
      expect(file.body).toContain('Dubois');
      const sha = createHash('sha256').update(file.rawPayload).digest('hex');
      const got = (await get(`/v1/rights-requests/${r.id}`)).json();
      expect(got.deliveries).toEqual([
        expect.objectContaining({
          format: 'html',
          sha256: sha,
          bytes: file.rawPayload.byteLength,
          via: 'privacy-page',
        }),
      ]);
      expect(await audited('rights.deliver.access', sid)).toBe(1);
    });

    it('staff download the file to send by post; a portability answer is a zip and nothing else', async () => {
      const r = await letter(at(-DAY), sid, 'portability');
      await verify(r.id);
      await fulfilEverywhere(t, r.id);
      const zip = await get(`/v1/rights-requests/${r.id}/delivery`);
      expect(zip.statusCode, zip.body).toBe(200);
      expect(zip.headers['content-type']).toBe('application/zip');
      expect(zip.rawPayload.subarray(0, 2).toString()).toBe('PK');
      expectProblem(await get(`/v1/rights-requests/${r.id}/delivery?format=html`), 422, 'DELIVERY_FORMAT');
      const got = (await get(`/v1/rights-requests/${r.id}`)).json();
      expect(got.deliveries).toEqual([expect.objectContaining({ format: 'zip', via: 'staff' })]);
    });

    it('no delivery before fulfilment, none of another person’s request, none after the delivery window', async () => {
      const r = await letter(at(-DAY));
      expectProblem(await get(`/v1/rights-requests/${r.id}/delivery`), 409, 'REQUEST_STATE');
      await verify(r.id);
      await fulfilEverywhere(t, r.id);
      const otherKey = {
        authorization: `Bearer ${(await createKey(t.deps.db, { role: 'customer', subjectId: otherId }, 'test')).key}`,
      };
      expectProblem(
        await get(`/v1/subjects/${otherId}/rights-requests/${r.id}/delivery`, otherKey),
        404,
        'REQUEST_NOT_FOUND',
      );
      // Another person's id answers as if it did not exist (subjectScoped routes).
      expectProblem(
        await get(`/v1/subjects/${sid}/rights-requests/${r.id}/delivery`, otherKey),
        404,
        'SUBJECT_NOT_FOUND',
      );
      t.deps.now = () => at(31 * DAY);
      try {
        expectProblem(
          await get(`/v1/subjects/${sid}/rights-requests/${r.id}/delivery`, ownKey),
          410,
          'DELIVERY_EXPIRED',
        );
        expectProblem(await get(`/v1/rights-requests/${r.id}/delivery`), 410, 'DELIVERY_EXPIRED');
      } finally {
        t.deps.now = () => FIXED_NOW;
      }
    });
  });
});
