// Issue 15, BK-13: the agent finds the customer in front of them by customer number, e-mail or
// name, whatever the accents, the case or the order of the names; duplicates are flagged; the
// erased are never found; pages follow a keyset; each search is audited without its words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { recordRestriction } from '../../consent/store.ts';
import { ERASURE_RESTRICTION } from '../../rights/erasure-store.ts';
import { nameSearchKey } from '../search.ts';
import { createSubject, readStoredNames, updateSubject } from '../subjects.ts';

type Hit = {
  id: string;
  customerNumber: string | null;
  displayName: string | null;
  matchedBy: string;
  possibleDuplicates: { id: string; reason: string }[];
};

describe.each(BACKENDS)('the agent’s customer search on %s', (backend) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const person = async (
    key: string,
    identity: Record<string, string>,
    externalRef: string | null = null,
  ): Promise<void> => {
    ids[key] = (await createSubject(t.deps, { lifecycle: 'customer', externalRef, identity }, 'test')).id;
  };

  beforeAll(async () => {
    t = await testApp(backend);
    await person(
      'elise',
      {
        givenName: 'Élise',
        familyName: 'Van den Broeck',
        birthDate: '1980-02-03',
        email: 'Elise.VDB@Example.be',
      },
      'C-100200',
    );
    // The same person entered twice, the names swapped and without accents.
    await person('eliseAgain', { givenName: 'Broeck', familyName: 'Elise Van Den', birthDate: '1980-02-03' });
    await person('muller', { givenName: 'Jürgen', familyName: 'Müller', birthDate: '1975-06-01' }, 'C-2');
    await person('elisabeth', { givenName: 'Elisabeth', familyName: 'Broecke', birthDate: '1990-01-01' });
    await person('erased', { givenName: 'Élise', familyName: 'Broeckx', birthDate: '1970-01-01' }, 'C-999');
    await t.deps.db.transaction((tx) =>
      recordRestriction(tx, {
        subjectId: ids.erased as string,
        purpose: '',
        reason: ERASURE_RESTRICTION,
        impose: true,
        actor: 'test',
        source: 'api',
        recordedAt: new Date(),
      }),
    );
    for (let n = 0; n < 7; n++) await person(`peeters${n}`, { givenName: `Jan${n}`, familyName: 'Peeters' });
  }, 60_000);
  afterAll(() => t.dispose());

  const search = async (q: string, extra = '') => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/subject-search?q=${encodeURIComponent(q)}${extra}`,
      headers: t.as('agent'),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Hit[]; next: string | null };
  };

  it('finds a customer by their customer number, exactly', async () => {
    const { items } = await search('C-100200');
    expect(items[0]).toMatchObject({
      id: ids.elise,
      customerNumber: 'C-100200',
      matchedBy: 'customer-number',
    });
    expect((await search('C-1002')).items.map((h) => h.id)).not.toContain(ids.elise);
  });

  it('finds a customer by e-mail whatever its case, and only by the whole address', async () => {
    const { items } = await search('  elise.vdb@EXAMPLE.be ');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: ids.elise, matchedBy: 'email' });
    expect((await search('elise.vdb@example')).items.map((h) => h.matchedBy)).not.toContain('email');
  });

  it('finds a name whatever the accents, the case, the order of the names or a part of one', async () => {
    for (const q of ['elise van den broeck', 'BROECK Élise', 'van den broeck', 'élise broe']) {
      expect(
        (await search(q)).items.map((h) => h.id),
        q,
      ).toContain(ids.elise);
    }
    expect((await search('MUELLER')).items.map((h) => h.id)).toContain(ids.muller);
    expect((await search('jurgen muller')).items[0]?.id).toBe(ids.muller);
  });

  it('finds a name written in Cyrillic, Greek or Chinese by the Latin spellings people give it', async () => {
    await person('ivanov', { givenName: 'Дмитрий', familyName: 'Иванов' });
    await person('papadopoulos', { givenName: 'Γιώργος', familyName: 'Παπαδόπουλος' });
    await person('wang', { givenName: '秀英', familyName: '王' });
    const cases: [string, string][] = [
      ['ivanov', 'ivanov'],
      ['dmitrij', 'ivanov'], // Dutch and German newspapers
      ['Dmitry Ivanov', 'ivanov'], // English
      ['DMITRII IVANOV', 'ivanov'], // the passport
      ['Иванов', 'ivanov'], // as written
      ['papadopoulos', 'papadopoulos'], // the passport (ELOT 743)
      ['giorgos', 'papadopoulos'],
      ['wang xiuying', 'wang'], // any-ascii's reading
    ];
    for (const [q, key] of cases) expect((await search(q)).items[0]?.id, q).toBe(ids[key]);
  });

  it('finds a compound name typed as one word, and one word typed as a compound', async () => {
    await person('vandenbroeck', { givenName: 'Marc', familyName: 'Vandenbroeck' });
    await person('desmet', { givenName: 'Ann', familyName: 'De Smet' });
    const found = async (q: string) => (await search(q)).items.map((h) => h.id);
    // Typed as one word: a whole word of the name, ranked with the exact spellings.
    expect(
      (await search('vandenbroeck')).items
        .slice(0, 2)
        .map((h) => h.id)
        .sort(),
    ).toEqual([ids.elise, ids.vandenbroeck].sort());
    expect(await found('elise vandenbroeck')).toContain(ids.elise);
    expect(await found('desmet')).toEqual([ids.desmet]);
    // Typed as a compound: each word a part of the one-word name.
    expect(await found('van den broeck')).toContain(ids.vandenbroeck);
    expect(await found('marc van den broeck')).toEqual([ids.vandenbroeck]);
  });

  it('finds Müller as muller or mueller, and Mueller as Müller', async () => {
    await person('mueller', { givenName: 'Karin', familyName: 'Mueller' });
    for (const q of ['muller', 'mueller', 'jürgen müller'])
      expect(await search(q).then((r) => r.items.map((h) => h.id)), q).toContain(ids.muller);
    expect(await search('Karin Müller').then((r) => r.items.map((h) => h.id))).toEqual([ids.mueller]);
  });

  it('a rectified name is found by its new spellings and no longer by the old ones', async () => {
    await person('renamed', { givenName: 'Ольга', familyName: 'Смирнова' });
    expect((await search('smirnova')).items.map((h) => h.id)).toEqual([ids.renamed]);
    await updateSubject(t.deps, ids.renamed as string, { identity: { familyName: 'Кузнецова' } }, 'test');
    expect((await search('smirnova')).items).toEqual([]);
    expect((await search('olga kuznetsova')).items.map((h) => h.id)).toEqual([ids.renamed]);
    // A writer that changes a name without its readings clears them rather than leave the old name findable.
    await t.deps.db.query("UPDATE identities SET family_name = 'Попова' WHERE subject_id = $1", [
      ids.renamed,
    ]);
    expect((await search('kuznetsova')).items).toEqual([]);
    expect((await search('Попова')).items.map((h) => h.id)).toEqual([ids.renamed]);
  });

  it('names stored before their readings existed are read at start-up, in batches, and then found', async () => {
    const before = await createSubject(t.deps, { lifecycle: 'customer' }, 'test');
    await t.deps.db.query(
      "INSERT INTO identities (subject_id, given_name, family_name) VALUES ($1, 'Юлия', 'Соколова')",
      [before.id],
    );
    for (let n = 0; n < 4; n++) {
      const s = await createSubject(t.deps, { lifecycle: 'customer' }, 'test');
      await t.deps.db.query("INSERT INTO identities (subject_id, family_name) VALUES ($1, 'Sokolov')", [
        s.id,
      ]);
    }
    expect((await search('yulia sokolova')).items).toEqual([]);
    // Two rows a statement: five of them (and any other test left unread) in three or more.
    expect(await readStoredNames(t.deps.db, 2)).toBeGreaterThanOrEqual(5);
    const left = await t.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM identities WHERE name_readings IS NULL AND name_key IS NOT NULL',
    );
    expect(left.rows[0]?.n).toBe(0);
    expect((await search('yuliya sokolova')).items.map((h) => h.id)).toEqual([before.id]);
    const stored = await t.deps.db.query<{ name_readings: string }>(
      'SELECT name_readings FROM identities WHERE subject_id = $1',
      [before.id],
    );
    expect(stored.rows[0]?.name_readings).toBe(nameSearchKey('Юлия', 'Соколова'));
    // Read once: a second start writes nothing.
    expect(await readStoredNames(t.deps.db, 2)).toBe(0);
  });

  it('reads an expanded umlaut back only in a word typed in capitals, and only as a whole word: Baert finds no Bart', async () => {
    await person('bart', { givenName: 'Bart', familyName: 'Claes' });
    await person('thomas', { givenName: 'Thomas', familyName: 'Wouters' });
    await person('baert', { givenName: 'Anna', familyName: 'Baert' });
    expect((await search('Baert')).items.map((h) => h.id)).toEqual([ids.baert]);
    expect((await search('Maes')).items.map((h) => h.id)).not.toContain(ids.thomas);
    expect((await search('MAES')).items.map((h) => h.id)).not.toContain(ids.thomas);
    expect((await search('MUELLER JUERGEN')).items[0]?.id).toBe(ids.muller);
  });

  it('ranks whole words before starts of words before parts of words', async () => {
    const order = (await search('broeck')).items.map((h) => h.id);
    // "Van den Broeck" (a whole word) before "Broecke" (the start of one).
    expect(order.indexOf(ids.elise as string)).toBeLessThan(order.indexOf(ids.elisabeth as string));
    expect(order.indexOf(ids.eliseAgain as string)).toBeLessThan(order.indexOf(ids.elisabeth as string));
    const parts = (await search('roeck')).items.map((h) => h.id);
    expect(parts).toEqual(expect.arrayContaining([ids.elise, ids.elisabeth]));
  });

  it('flags the possible duplicates of a person: the same name and birth date under another subject', async () => {
    const { items } = await search('C-100200');
    expect(items[0]?.possibleDuplicates).toEqual([
      { id: ids.eliseAgain, reason: 'same-name-and-birth-date' },
    ]);
    const other = (await search('broeck')).items.find((h) => h.id === ids.elisabeth);
    expect(other?.possibleDuplicates).toEqual([]);
  });

  it('never finds an erased person, by number, name or as a duplicate', async () => {
    expect((await search('C-999')).items).toEqual([]);
    const byName = await search('broeckx');
    expect(byName.items).toEqual([]);
    for (const h of (await search('elise')).items) {
      expect(h.id).not.toBe(ids.erased);
      expect(h.possibleDuplicates.map((d) => d.id)).not.toContain(ids.erased);
    }
  });

  it('answers only ids, customer numbers and names: no e-mail, birth date, events, interests or scores', async () => {
    const { items } = await search('C-100200');
    expect(Object.keys(items[0] ?? {}).sort()).toEqual([
      'customerNumber',
      'displayName',
      'id',
      'matchedBy',
      'possibleDuplicates',
    ]);
    expect(JSON.stringify(items)).not.toMatch(/example\.be|1980|score|interest/i);
  });

  it('pages with a keyset cursor: every match once, in order', async () => {
    const seen: string[] = [];
    let after = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await search('peeters', `&limit=3${after}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((h) => h.id));
      if (!page.next) break;
      after = `&after=${page.next}`;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('caps the page size and refuses a query too short to mean anything', async () => {
    const big = await t.app.inject({
      method: 'GET',
      url: '/v1/subject-search?q=peeters&limit=51',
      headers: t.as('agent'),
    });
    expect(big.statusCode).toBe(400);
    const short = await t.app.inject({
      method: 'GET',
      url: '/v1/subject-search?q=a',
      headers: t.as('agent'),
    });
    expect(short.statusCode).toBe(400);
    // Words too short for the index narrow nothing alone: no scan, no answer.
    expect((await search('ja')).items).toEqual([]);
  });

  it('audits each search under the agent with a keyed digest, never the words searched', async () => {
    await search('Van den Broeck');
    const r = await t.deps.db.query<{ actor: string; change_digest: string; subject_id: string | null }>(
      `SELECT actor, change_digest, subject_id FROM audit_pending WHERE action = 'subject.search'
       UNION ALL SELECT actor, change_digest, subject_id FROM audit_log WHERE action = 'subject.search'`,
    );
    expect(r.rows.length).toBeGreaterThan(0);
    const agent = await t.deps.db.query<{ id: string }>("SELECT id FROM api_keys WHERE role = 'agent'");
    expect(new Set(r.rows.map((x) => x.actor))).toEqual(new Set([`key:${agent.rows[0]?.id}`]));
    expect(JSON.stringify(r.rows)).not.toMatch(/broeck|peeters|example/i);
    expect(r.rows.every((x) => x.subject_id === null)).toBe(true);
  });

  it('a marketer may not search for persons', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/subject-search?q=peeters',
      headers: t.as('marketer'),
    });
    expectProblem(res, 403, 'ROLE_FORBIDDEN');
  });
});
