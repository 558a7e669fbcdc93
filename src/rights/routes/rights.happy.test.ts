import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { richSubject } from '../../../test/support/rich-subject.ts';
import { fulfilEverywhere } from '../../../test/support/tasks.ts';
import { createSubject, updateSubject } from '../../subjects/subjects.ts';
import { SCHEMA_ID } from '../export-schema.ts';
import { fulfilRequest } from '../fulfil.ts';

describe.each(BACKENDS)('rights requests on %s (energy services)', (backend) => {
  let t: TestApp;
  let sid: string;
  let customerKey: string;
  beforeAll(async () => {
    t = await testApp(backend, { policy: 'policies/energy-services.yaml' });
    // Every table an export can hold, those this policy does not classify included.
    const s = await richSubject(t.deps, { lifecycle: 'customer', events: 50, everywhere: true });
    sid = s.id;
    customerKey = s.customerKey;
  });
  afterAll(() => t.dispose());

  const post = (url: string, payload: object, headers: Record<string, string> = t.as('dpo')) =>
    t.app.inject({ method: 'POST', url, headers, payload });

  it('a letter is received, verified against the ID document, extended once, then answered', async () => {
    const created = await post(`/v1/subjects/${sid}/rights-requests`, {
      kind: 'access',
      channel: 'letter',
      receivedAt: '2026-05-31T08:00:00Z',
    });
    expect(created.statusCode).toBe(201);
    const r = created.json();
    expect(r).toMatchObject({ status: 'received', dueAt: '2026-06-30T08:00:00.000Z', urgency: 'on-time' });

    const early = await post(`/v1/rights-requests/${r.id}/fulfilment`, {});
    expectProblem(early, 409, 'REQUEST_STATE');

    const wrong = await post(`/v1/rights-requests/${r.id}/verification`, {
      documentType: 'id-card',
      givenName: 'Zoe',
      familyName: 'Someone Else',
      birthDate: '1980-02-29',
    });
    expect(wrong.json()).toMatchObject({ status: 'received', verification: { outcome: 'failed' } });

    const family = (
      await t.deps.db.query<{ f: string }>('SELECT family_name AS f FROM identities WHERE subject_id = $1', [
        sid,
      ])
    ).rows[0]?.f;
    const ok = await post(`/v1/rights-requests/${r.id}/verification`, {
      documentType: 'id-card',
      givenName: 'ZOE',
      familyName: family,
      birthDate: '1980-02-29',
      documentNumber: '592-0000000-11',
      nationalRegisterNumber: '80.02.29-000.00',
    });
    expect(ok.json()).toMatchObject({
      status: 'verified',
      verification: { outcome: 'verified', redacted: ['documentNumber', 'nationalRegisterNumber'] },
    });
    const stored = await t.deps.db.query('SELECT 1 FROM rights_requests WHERE verification::text LIKE $1', [
      '%592-0000000%',
    ]);
    expect(stored.rows).toHaveLength(0);

    const ext = await post(`/v1/rights-requests/${r.id}/extension`, {
      reason: 'archives must be retrieved from storage',
    });
    expect(ext.json()).toMatchObject({
      dueAt: '2026-08-30T08:00:00.000Z',
      extensionReason: 'archives must be retrieved from storage',
      notice: expect.stringContaining('2026-08-30'),
    });
    expectProblem(
      await post(`/v1/rights-requests/${r.id}/extension`, { reason: 'again' }),
      409,
      'REQUEST_STATE',
    );

    const done = await fulfilEverywhere(t, r.id);
    expect(done.json()).toMatchObject({ status: 'completed', closedAt: FIXED_NOW.toISOString() });
    const history = await t.app.inject({
      method: 'GET',
      url: `/v1/rights-requests/${r.id}`,
      headers: t.as('dpo'),
    });
    expect(history.json().history.map((h: { status: string }) => h.status)).toEqual([
      'received',
      'received',
      'verified',
      'verified',
      'completed',
    ]);
    // BK-13: the agent who handled the letter sees what was answered, not how much is held.
    const dpoView = history.json().outcome.categories as { id: string; records: number }[];
    expect(dpoView.every((c) => c.records > 0)).toBe(true);
    const agentView = (
      await t.app.inject({ method: 'GET', url: `/v1/rights-requests/${r.id}`, headers: t.as('agent') })
    ).json().outcome.categories;
    expect(agentView).toEqual(dpoView.map((c) => ({ id: c.id })));
    // Every route that returns the request shapes it the same way: the subject's list too.
    const listed = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${sid}/rights-requests?limit=1000`,
        headers: t.as('agent'),
      })
    ).json().items as { id: string; outcome: { categories?: unknown[] } | null }[];
    expect(listed.find((v) => v.id === r.id)?.outcome?.categories).toEqual(
      dpoView.map((c) => ({ id: c.id })),
    );
    // The person sees that the company recorded their letter, not which member of staff's key.
    const theirs = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${sid}/rights-requests?limit=1000`,
        headers: { authorization: `Bearer ${customerKey}` },
      })
    ).json().items as { id: string; createdBy: string }[];
    expect(theirs.find((v) => v.id === r.id)?.createdBy).toBe('controller');
    expect(history.json().createdBy).toMatch(/^key:/);
  });

  it('the DPO sees overdue and due-soon requests', async () => {
    const old = await post(`/v1/subjects/${sid}/rights-requests`, {
      kind: 'rectification',
      channel: 'email',
      receivedAt: '2026-05-01T08:00:00Z',
    });
    const overdue = await t.app.inject({
      method: 'GET',
      url: '/v1/rights-requests?urgency=overdue',
      headers: t.as('dpo'),
    });
    expect(overdue.json().items.map((x: { id: string }) => x.id)).toContain(old.json().id);
    expect(overdue.json().items.every((x: { urgency: string }) => x.urgency === 'overdue')).toBe(true);
    const soon = await t.app.inject({
      method: 'GET',
      url: '/v1/rights-requests?urgency=due-soon',
      headers: t.as('dpo'),
    });
    expect(soon.json().items.every((x: { urgency: string }) => x.urgency === 'due-soon')).toBe(true);
    expectProblem(
      await post(`/v1/rights-requests/${old.json().id}/extension`, { reason: 'too late' }),
      409,
      'REQUEST_STATE',
    );
  });

  it('the access report lists data by category with purposes, recipients, retention, profiling and the authority', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/access-report`,
      headers: { authorization: `Bearer ${customerKey}`, 'accept-language': 'en-GB, fr;q=0.5' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('en');
    const report = res.json();
    const ids = report.categories.map((c: { id: string }) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['identification', 'contract-billing', 'technical', 'unclassified']),
    );
    const billing = report.categories.find((c: { id: string }) => c.id === 'contract-billing');
    expect(billing.retention).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'billing-10y', legalObligation: true })]),
    );
    expect(billing.recipients.map((r: { id: string }) => r.id)).toContain('debt-collectors');
    expect(billing.purposes.map((p: { legalBasis: string }) => p.legalBasis)).toContain('contract');
    // Behaviour this policy does not describe is still shown to the person, as unclassified.
    const unclassified = report.categories.find((c: { id: string }) => c.id === 'unclassified');
    expect(unclassified.data.events).toHaveLength(50);
    expect(unclassified.description).toMatch(/does not describe/);
    expect(report.rights.complaint.authority).toEqual(expect.any(String));
    // EN-4: a source's description is whole, commas included.
    expect(billing.sources).toContain('Offices, forms and contracts');

    const html = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/access-report?format=html&language=en`,
      headers: t.as('dpo'),
    });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<h1>Your personal data held by');
    expect(html.body).toContain('<li>Offices, forms and contracts</li>');
    expect(html.body).toContain(report.rights.complaint.authority.replaceAll("'", '&#39;'));
  });

  it('the HTML report escapes every value it shows', async () => {
    const s = await richSubject(t.deps, { lifecycle: 'prospect' });
    await t.deps.db.query(
      "UPDATE identities SET given_name = '<script>alert(1)</script>', city = '\"><img src=x onerror=alert(2)>' WHERE subject_id = $1",
      [s.id],
    );
    const html = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${s.id}/access-report?format=html`,
      headers: t.as('dpo'),
    });
    expect(html.body).not.toContain('<script>alert');
    expect(html.body).not.toContain('<img src=x');
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('portability: JSON and CSV per store in a zip, with a manifest whose hashes match and a schema', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/export`,
      headers: { authorization: `Bearer ${customerKey}` },
    });
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array));
    expect(manifest).toMatchObject({ format: 'garde-portability/2', subjectId: sid });
    const names = manifest.files.map((f: { file: string }) => f.file);
    expect(names).toEqual(
      expect.arrayContaining([
        'identities.json',
        'identities.csv',
        'events.json',
        'events.csv',
        'consent_events.json',
      ]),
    );
    expect(names).not.toContain('communications.json');
    const { createHash } = await import('node:crypto');
    for (const f of manifest.files)
      expect(
        createHash('sha256')
          .update(files[f.file] as Uint8Array)
          .digest('hex'),
      ).toBe(f.sha256);
    expect(JSON.parse(strFromU8(files['events.json'] as Uint8Array))).toHaveLength(50);
    expect(strFromU8(files['events.csv'] as Uint8Array).split('\r\n')[0]).toBe('eventKind,topic,occurredAt');
    const schema = JSON.parse(strFromU8(files['schema.json'] as Uint8Array));
    expect(schema.$defs.events.items.required).toEqual(['eventKind', 'topic', 'occurredAt']);
  });

  describe('the export’s files are for machines', () => {
    let tricky: string;
    beforeAll(async () => {
      const s = await createSubject(
        t.deps,
        {
          lifecycle: 'prospect',
          lastContactAt: '2026-05-01T00:00:00Z',
          identity: {
            givenName: '=HYPERLINK("http://evil.example","x")',
            familyName: '',
            phone: '+32 470 12 34 56',
            email: '-zoe@example.test',
            language: 'nl',
          },
        },
        'test',
      );
      tricky = s.id;
    });

    const exportOf = async (id: string, query = '') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${id}/export${query}`,
        headers: t.as('dpo'),
      });
      expect(res.statusCode, res.body).toBe(200);
      return unzipSync(new Uint8Array(res.rawPayload));
    };
    // Buffer keeps a byte-order mark that TextDecoder (strFromU8) would drop.
    const text = (files: Record<string, Uint8Array>, name: string) =>
      Buffer.from(files[name] as Uint8Array).toString('utf8');

    it('a portability CSV keeps exact values: it reads the same as the JSON (a phone "+32 ..." stays so)', async () => {
      const files = await exportOf(tricky);
      const [json] = JSON.parse(text(files, 'identities.json')) as Record<string, unknown>[];
      const [header = [], row = []] = parseCsv(text(files, 'identities.csv'), {
        cast: (v, ctx) => (v === '' && !ctx.quoting ? null : v),
      }) as (string | null)[][];
      // CSV has only text: a boolean or a number is its JSON spelling.
      const asText = Object.fromEntries(
        Object.entries(json ?? {}).map(([k, v]) => [k, v === null ? null : String(v)]),
      );
      expect(Object.fromEntries(header.map((h, i) => [h, row[i]]))).toEqual(asText);
      expect(json).toMatchObject({
        phone: '+32 470 12 34 56',
        givenName: '=HYPERLINK("http://evil.example","x")',
        familyName: '',
        email: '-zoe@example.test',
      });
    });

    it('offers a UTF-8 byte-order mark on the CSV files for spreadsheets (?bom=true), never on JSON', async () => {
      const plain = await exportOf(tricky);
      const bom = await exportOf(tricky, '?bom=true');
      expect(text(plain, 'identities.csv').startsWith('\uFEFF')).toBe(false);
      expect(text(bom, 'identities.csv').startsWith('\uFEFFgivenName,')).toBe(true);
      expect(text(bom, 'identities.json').startsWith('[')).toBe(true);
      expectProblem(
        await t.app.inject({
          method: 'GET',
          url: `/v1/subjects/${tricky}/export?bom=maybe`,
          headers: t.as('dpo'),
        }),
        400,
        'REQUEST_INVALID',
      );
    });

    it('schema.json is a JSON Schema whose root validates the export, and refuses a tampered one', async () => {
      const files = await exportOf(sid);
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      addFormats.default(ajv);
      const schema = JSON.parse(text(files, 'schema.json'));
      const validate = ajv.compile(schema);
      const tables = Object.keys(files).filter(
        (f) => f.endsWith('.json') && !['manifest.json', 'schema.json'].includes(f),
      );
      const data = Object.fromEntries(tables.map((f) => [f.slice(0, -5), JSON.parse(text(files, f))]));
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      // Each file also validates alone against its definition.
      for (const table of Object.keys(data))
        expect(ajv.validate(`${schema.$id}#/$defs/${table}`, data[table])).toBe(true);
      const tampered = (change: (d: Record<string, Record<string, unknown>[]>) => void) => {
        const copy = structuredClone(data) as Record<string, Record<string, unknown>[]>;
        change(copy);
        return validate(copy);
      };
      const first = (d: Record<string, Record<string, unknown>[]>, table: string) => d[table]?.[0] ?? {};
      expect(tampered((d) => Object.assign(first(d, 'events'), { occurredAt: 'yesterday' }))).toBe(false);
      expect(tampered((d) => Object.assign(first(d, 'contracts'), { price: '15.00 EUR' }))).toBe(false);
      expect(tampered((d) => Object.assign(first(d, 'identities'), { nationalNumber: '80.02.29' }))).toBe(
        false,
      );
      expect(tampered((d) => delete first(d, 'events').topic)).toBe(false);
      expect(tampered((d) => Object.assign(d, { extra: [] }))).toBe(false);
      expect(tampered((d) => delete d.events)).toBe(false);
      expect(tampered((d) => d.events?.push('not a row' as never))).toBe(false);
    });

    type Tables = Record<string, Record<string, unknown>[]>;
    const tablesOf = (files: Record<string, Uint8Array>): Tables =>
      Object.fromEntries(
        Object.keys(files)
          .filter((f) => f.endsWith('.json') && !['manifest.json', 'schema.json'].includes(f))
          .map((f) => [f.slice(0, -5), JSON.parse(text(files, f))]),
      );
    const ID_CARD = '592-7654321-04';
    // A customer with a value in every field of every table the export holds.
    const fullSubject = async () => {
      const s = await richSubject(t.deps, { lifecycle: 'customer', events: 3, everywhere: true });
      const identity = { street: 'Rue de Fer 1', postalCode: '5000', country: 'BE', language: 'fr' };
      await updateSubject(t.deps, s.id, { identity: { ...identity, idCardNumber: ID_CARD } }, 'test');
      const q = (sql: string) => t.deps.db.query(sql, [s.id]);
      await q("UPDATE identities SET last_ip = '203.0.113.9' WHERE subject_id = $1");
      await q("UPDATE contracts SET ended_on = '2026-12-31' WHERE subject_id = $1");
      await q('UPDATE billing_records SET paid_on = invoice_date + 10 WHERE subject_id = $1');
      await q(
        `UPDATE interests SET signals = '[{"kind":"page-view","count":3,"lastAt":"2026-06-01","weight":0.4}]' WHERE subject_id = $1`,
      );
      return s.id;
    };

    it('every export carries the same schema.json, and each export validates against the other’s (Ajv 2020)', async () => {
      const full = await exportOf(await fullSubject());
      const sparse = await exportOf(tricky);
      expect(Buffer.compare(full['schema.json'] as Uint8Array, sparse['schema.json'] as Uint8Array)).toBe(0);
      const fullData = tablesOf(full);
      const sparseData = tablesOf(sparse);
      // One export fills every field of every table; the other has nulls and mostly empty tables.
      for (const [table, rows] of Object.entries(fullData)) {
        expect(rows.length, table).toBeGreaterThan(0);
        for (const row of rows)
          for (const [field, value] of Object.entries(row)) expect(value, `${table}.${field}`).not.toBeNull();
      }
      expect(Object.keys(sparseData).sort()).toEqual(Object.keys(fullData).sort());
      expect(Object.values(sparseData).filter((rows) => rows.length === 0).length).toBeGreaterThan(5);
      expect(sparseData.identities?.[0]).toMatchObject({
        birthDate: null,
        postalAddress: null,
        hasIdCardNumber: false,
        ipAddress: null,
      });
      const manifest = JSON.parse(text(sparse, 'manifest.json'));
      expect(manifest.files).toContainEqual(expect.objectContaining({ file: 'contracts.json', rows: 0 }));
      expect(text(sparse, 'contracts.csv')).toBe('contract,productCode,startedOn,endedOn,price\r\n');
      for (const [schemaFrom, data] of [
        [full, sparseData],
        [sparse, fullData],
      ] as const) {
        const ajv = new Ajv2020({ allErrors: true, strict: true });
        addFormats.default(ajv);
        const validate = ajv.compile(JSON.parse(text(schemaFrom, 'schema.json')));
        expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
        for (const table of Object.keys(data))
          expect(ajv.validate(`${SCHEMA_ID}#/$defs/${table}`, data[table]), table).toBe(true);
      }
    });

    it('a machine file never carries a stand-in for a value: an ID-card number held is hasIdCardNumber, true or false', async () => {
      const id = await fullSubject();
      const files = await exportOf(id);
      const [json] = tablesOf(files).identities ?? [];
      expect(json).toMatchObject({ hasIdCardNumber: true });
      expect(json).not.toHaveProperty('idCardNumber');
      const [header = [], row = []] = parseCsv(text(files, 'identities.csv')) as string[][];
      expect(row[header.indexOf('hasIdCardNumber')]).toBe('true');
      expect(tablesOf(await exportOf(tricky)).identities?.[0]).toMatchObject({ hasIdCardNumber: false });
      const report = await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${id}/access-report`,
        headers: t.as('dpo'),
      });
      const identification = report.json().categories.find((c: { data: Tables }) => c.data.identities)
        ?.data.identities;
      expect(identification).toEqual([expect.objectContaining({ hasIdCardNumber: true })]);
      // The page a person reads says it in their words.
      const page = await t.app.inject({
        method: 'GET',
        url: `/v1/subjects/${id}/access-report?format=html&language=fr`,
        headers: t.as('dpo'),
      });
      expect(page.body).toMatch(/<th>hasIdCardNumber<\/th>/);
      expect(page.body).toContain('<td>oui</td>');
      expect(page.body).toContain('&quot;kind&quot;:&quot;page-view&quot;');
      expect(page.body).not.toContain('[object Object]');
      for (const body of [
        ...Object.values(files).map((f) => Buffer.from(f).toString()),
        report.body,
        page.body,
      ]) {
        expect(body).not.toContain('(encrypted)');
        expect(body).not.toContain(ID_CARD);
      }
    });

    it('holds only the formats the policy names (rights.portabilityFormats)', async () => {
      const rights = t.deps.policy.rights;
      const before = rights.portabilityFormats;
      rights.portabilityFormats = ['json'];
      try {
        const files = await exportOf(tricky);
        const names = Object.keys(files);
        expect(names.filter((n) => n.endsWith('.csv'))).toEqual([]);
        expect(names).toContain('identities.json');
        // The schema is one document whatever the formats: it describes the rows, in either file.
        expect(text(files, 'schema.json')).toBe(text(await exportOf(sid), 'schema.json'));
      } finally {
        rights.portabilityFormats = before;
      }
    });
  });

  it('a customer asks through the portal (verified by the login), and reaches only their own requests', async () => {
    const customer = { authorization: `Bearer ${customerKey}` };
    const res = await post(
      `/v1/subjects/${sid}/rights-requests`,
      { kind: 'withdraw-consent', details: { purpose: 'marketing-email-prospects' } },
      customer,
    );
    expect(res.json()).toMatchObject({
      status: 'verified',
      channel: 'portal',
      verification: { method: 'portal-login' },
    });
    const mine = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sid}/rights-requests`,
      headers: customer,
    });
    expect(mine.json().items.length).toBeGreaterThan(0);
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/v1/rights-requests/${res.json().id}`, headers: customer }),
      403,
      'ROLE_FORBIDDEN',
    );
    const done = await fulfilEverywhere(t, res.json().id);
    expect(done.json()).toMatchObject({
      status: 'completed',
      outcome: { withdrawn: 'marketing-email-prospects' },
    });
    const consent = await t.deps.db.query<{ state: string }>(
      "SELECT state FROM consents WHERE subject_id = $1 AND purpose = 'marketing-email-prospects'",
      [sid],
    );
    expect(consent.rows[0]?.state).toBe('withdrawn');
  });

  it('an objection to all legitimate-interest processing tells a customer the contract may not continue (EN-13)', async () => {
    const r = await post(`/v1/subjects/${sid}/rights-requests`, {
      kind: 'objection',
      channel: 'portal',
      details: { objection: 'legitimate-interest' },
    });
    const done = await fulfilEverywhere(
      t,
      r.json().id,
      {},
      {
        ...t.as('dpo'),
        'accept-language': 'en',
      },
    );
    expect(done.json()).toMatchObject({
      status: 'completed',
      contractImpact: expect.stringContaining('contract'),
    });
  });

  it('a customer asking for erasure on their own is told it ends the contract, in their language, and nothing is recorded until they confirm (EN-13)', async () => {
    const customer = { authorization: `Bearer ${customerKey}` };
    const url = `/v1/subjects/${sid}/rights-requests?language=fr`;
    const count = async () =>
      (
        await t.deps.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM rights_requests WHERE subject_id = $1 AND kind = 'erasure'",
          [sid],
        )
      ).rows[0]?.n ?? 0;
    const before = await count();
    const unconfirmed = expectProblem(
      await post(url, { kind: 'erasure' }, customer),
      409,
      'CONTRACT_IMPACT_UNCONFIRMED',
    );
    expect(unconfirmed).toMatchObject({ language: 'fr', contractImpact: expect.stringContaining('contrat') });
    expect(await count()).toBe(before);
    // A purpose-wide restriction leaves the contract alone: nothing to confirm.
    const one = await post(
      url,
      { kind: 'restriction', details: { purpose: 'marketing-email-prospects' } },
      customer,
    );
    expect(one.statusCode).toBe(201);
    const confirmed = await post(url, { kind: 'erasure', confirmContractImpact: true }, customer);
    expect(confirmed.json()).toMatchObject({ kind: 'erasure', status: 'verified', channel: 'portal' });
    expect(await count()).toBe((before ?? 0) + 1);
    // Closed again, so the tests after this one keep a customer with a contract.
    await post(`/v1/rights-requests/${confirmed.json().id}/rejection`, { reason: 'test: not carried out' });
    await post(`/v1/rights-requests/${one.json().id}/rejection`, { reason: 'test: not carried out' });
  });

  it('rectification applies the corrected identity', async () => {
    const r = await post(`/v1/subjects/${sid}/rights-requests`, { kind: 'rectification', channel: 'portal' });
    const done = await fulfilEverywhere(t, r.json().id, { identity: { city: 'Liège' } });
    expect(done.json()).toMatchObject({ outcome: { rectified: ['city'] } });
    const city = await t.deps.db.query<{ city: string }>(
      'SELECT city FROM identities WHERE subject_id = $1',
      [sid],
    );
    expect(city.rows[0]?.city).toBe('Liège');
  });

  it('data held for a partner controller is routed to it, not acted on (EN-2)', async () => {
    const p = await createSubject(
      t.deps,
      { lifecycle: 'customer', customerSince: '2024-01-01', controller: 'energy-supplier-partner' },
      'test',
    );
    const res = await post(`/v1/subjects/${p.id}/rights-requests`, { kind: 'erasure', channel: 'email' });
    expect(res.json()).toMatchObject({
      status: 'routed',
      routedTo: 'energy-supplier-partner',
      closedAt: expect.any(String),
    });
    expectProblem(await post(`/v1/rights-requests/${res.json().id}/fulfilment`, {}), 409, 'REQUEST_STATE');
    expect((await t.deps.db.query('SELECT 1 FROM subjects WHERE id = $1', [p.id])).rows.length).toBe(1);
  });

  it('two operators fulfilling one erasure at once: it is erased once, and the request completes once', async () => {
    const s = await richSubject(t.deps, { lifecycle: 'prospect' });
    const r = await post(`/v1/subjects/${s.id}/rights-requests`, { kind: 'erasure', channel: 'portal' });
    const erasures = async () =>
      (
        await t.deps.db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM audit_log WHERE action = 'erasure.execute')
                + (SELECT count(*) FROM audit_pending WHERE action = 'erasure.execute') AS n`,
        )
      ).rows[0]?.n ?? 0;
    const before = await erasures();
    const both = await Promise.all(
      [0, 1].map(() => post(`/v1/rights-requests/${r.json().id}/fulfilment`, { confirmContractEnd: true })),
    );
    // The second is told Garde's part is done (409), or, when it came after, runs what is left (200).
    expect(both.some((x) => x.statusCode === 200)).toBe(true);
    for (const x of both) expect([200, 409]).toContain(x.statusCode);
    expect(await erasures()).toBe(before + 1);
    expect((await fulfilEverywhere(t, r.json().id)).json().status).toBe('completed');
    const events = await t.deps.db.query(
      "SELECT 1 FROM rights_request_events WHERE request_id = $1 AND status = 'completed'",
      [r.json().id],
    );
    expect(events.rows).toHaveLength(1);
  });

  it("an erasure closes the person's other open requests, saying by which, so none stays open for nobody", async () => {
    const s = await richSubject(t.deps, { lifecycle: 'prospect' });
    const access = (
      await post(`/v1/subjects/${s.id}/rights-requests`, { kind: 'access', channel: 'letter' })
    ).json();
    expect(access.status).toBe('received');
    const erasure = (
      await post(`/v1/subjects/${s.id}/rights-requests`, { kind: 'erasure', channel: 'portal' })
    ).json();
    expect((await post(`/v1/rights-requests/${erasure.id}/fulfilment`, {})).statusCode).toBe(200);
    const after = await t.app.inject({
      method: 'GET',
      url: `/v1/rights-requests/${access.id}`,
      headers: t.as('dpo'),
    });
    expect(after.json()).toMatchObject({ status: 'completed', outcome: { closedByErasure: erasure.id } });
    expect(after.json().history.at(-1)).toMatchObject({
      status: 'completed',
      note: `closed by erasure ${erasure.id}`,
    });
    const open = await t.app.inject({
      method: 'GET',
      url: '/v1/rights-requests?limit=1000',
      headers: t.as('dpo'),
    });
    expect(open.statusCode).toBe(200);
    expect(open.json().items.map((x: { id: string }) => x.id)).not.toContain(access.id);
    // Whatever an operator then tries on it, the request's state answers, not the vanished person.
    const proof = { documentType: 'id-card', givenName: 'A', familyName: 'B', birthDate: '1980-01-01' };
    expectProblem(await post(`/v1/rights-requests/${access.id}/verification`, proof), 409, 'REQUEST_STATE');
    expectProblem(
      await post(`/v1/rights-requests/${access.id}/extension`, { reason: 'late' }),
      409,
      'REQUEST_STATE',
    );
    expectProblem(await post(`/v1/rights-requests/${access.id}/fulfilment`, {}), 409, 'REQUEST_STATE');
  });

  it('the operator who read the erasure before the other finished is told it is done, not that the person is unknown', async () => {
    // The interleaving the race above only sometimes hits: the second operator reads the request
    // while it is still verified, and reads the person after the first has erased them.
    const s = await richSubject(t.deps, { lifecycle: 'prospect' });
    const r = await post(`/v1/subjects/${s.id}/rights-requests`, { kind: 'erasure', channel: 'portal' });
    const id = r.json().id as string;
    let firstDone = (): void => {};
    const first = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    let held = false;
    const db = t.deps.db;
    const late = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver);
        return async (sql: string, params?: unknown[]) => {
          const out = await target.query(sql, params);
          if (!held && sql.includes('FROM rights_requests')) {
            held = true;
            await first;
          }
          return out;
        };
      },
    });
    const who = { actor: 'dpo-2', role: 'dpo' as const };
    const second = fulfilRequest({ ...t.deps, db: late }, id, { confirmContractEnd: true }, who).then(
      (v) => v,
      (e: unknown) => e,
    );
    const done = await post(`/v1/rights-requests/${id}/fulfilment`, { confirmContractEnd: true });
    expect(done.statusCode).toBe(200);
    firstDone();
    // Told where the request stands (Garde's part done, the service systems' task open), or that
    // it is not in a state to fulfil: never that the person is unknown.
    const answer = (await second) as { code?: string; steps?: { dataset: string; status: string }[] };
    if (answer.code !== undefined) expect(answer).toMatchObject({ code: 'REQUEST_STATE', status: 409 });
    else expect(answer.steps?.[0]).toMatchObject({ dataset: 'garde', status: 'done' });
  });

  it('bad input gets a clear problem', async () => {
    expectProblem(
      await post(`/v1/subjects/${sid}/rights-requests`, { kind: 'access', channel: 'pigeon' }),
      422,
      'RIGHTS_INVALID',
    );
    expectProblem(
      await post(`/v1/subjects/${sid}/rights-requests`, { kind: 'withdraw-consent', channel: 'email' }),
      422,
      'RIGHTS_INVALID',
    );
    expectProblem(
      await post(`/v1/subjects/${sid}/rights-requests`, {
        kind: 'access',
        channel: 'email',
        receivedAt: '2027-01-01T00:00:00Z',
      }),
      422,
      'RIGHTS_INVALID',
    );
    expectProblem(
      await post(`/v1/subjects/${sid}/rights-requests`, { kind: 'forget-me' }),
      400,
      'REQUEST_INVALID',
    );
    expectProblem(
      await post('/v1/rights-requests/00000000-0000-4000-8000-000000000000/rejection', { reason: 'nope' }),
      404,
      'REQUEST_NOT_FOUND',
    );
  });

  it('a legal hold keeps a category past erasure, then is released', async () => {
    const s = await richSubject(t.deps, { lifecycle: 'former', contractEndedOn: '2010-01-01' });
    const hold = await post(`/v1/subjects/${s.id}/legal-holds`, {
      category: 'technical',
      reason: 'warranty litigation',
      until: '2027-12-31',
    });
    expect(hold.statusCode).toBe(201);
    const r = await post(`/v1/subjects/${s.id}/rights-requests`, { kind: 'erasure', channel: 'portal' });
    const done = await fulfilEverywhere(t, r.json().id);
    expect(done.json().outcome.kept).toEqual(
      expect.arrayContaining([
        { category: 'technical', basis: 'legal-hold', reason: 'warranty litigation', until: '2027-12-31' },
      ]),
    );
    // Identification's 10 years after the contract ended in 2010 are over: it goes.
    expect(done.json().outcome.erased).toContain('identification');
    expect(
      (await t.deps.db.query('SELECT 1 FROM installations WHERE subject_id = $1', [s.id])).rowCount,
    ).toBe(1);
    expect((await t.deps.db.query('SELECT 1 FROM identities WHERE subject_id = $1', [s.id])).rowCount).toBe(
      0,
    );
    const holds = await t.app.inject({
      method: 'GET',
      url: `/v1/subjects/${s.id}/legal-holds`,
      headers: t.as('dpo'),
    });
    expect(holds.json().items).toHaveLength(1);
    const released = await t.app.inject({
      method: 'DELETE',
      url: `/v1/subjects/${s.id}/legal-holds/${hold.json().id}`,
      headers: t.as('dpo'),
    });
    expect(released.statusCode).toBe(204);
  });
});
