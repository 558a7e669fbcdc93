// Every legal hold in force, for the DPO (EN-10, issue 15): one list across people, paged by
// cursor; a released hold leaves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { type TestApp, testApp } from '../../../test/support/http.ts';

type Held = { id: number; subjectId: string; category: string | null; reason: string; placedBy: string };

describe.each(BACKENDS)('the legal holds in force on %s', (backend) => {
  let t: TestApp;
  let other: string;
  beforeAll(async () => {
    t = await testApp(backend);
    other = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/subjects',
        headers: t.as('dpo'),
        payload: { lifecycle: 'prospect' },
      })
    ).json().id;
  });
  afterAll(() => t.dispose());

  const place = (subject: string, payload: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${subject}/legal-holds`,
      headers: t.as('dpo'),
      payload,
    });

  it('lists every hold in force of every person, oldest first, page by page; a released hold leaves the list', async () => {
    const first = (
      await place(t.customerId, { reason: 'Litigation 2026/1', category: 'identification' })
    ).json();
    await place(other, { reason: 'Tax audit' });
    await place(t.customerId, { reason: 'Police request' });
    const walk = async () => {
      const seen: Held[] = [];
      let next: string | null = null;
      do {
        const res = await t.app.inject({
          method: 'GET',
          url: `/v1/legal-holds?limit=2${next ? `&after=${next}` : ''}`,
          headers: t.as('admin'),
        });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: Held[]; next: string | null };
        seen.push(...page.items);
        next = page.next;
      } while (next);
      return seen;
    };
    const all = await walk();
    expect(all.map((h) => [h.subjectId, h.reason, h.category])).toEqual([
      [t.customerId, 'Litigation 2026/1', 'identification'],
      [other, 'Tax audit', null],
      [t.customerId, 'Police request', null],
    ]);
    expect(all.every((h) => h.placedBy.startsWith('key:'))).toBe(true);
    await t.app.inject({
      method: 'DELETE',
      url: `/v1/subjects/${t.customerId}/legal-holds/${first.id}`,
      headers: t.as('dpo'),
    });
    expect((await walk()).map((h) => h.reason)).toEqual(['Tax audit', 'Police request']);
  });
});
