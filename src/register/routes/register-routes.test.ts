// What the policy publishes over HTTP: the Art. 30 register for the DPO, in each format with its
// media type and file name, and the machine-readable notice for anyone. Neither reads the
// database (the policy in force is all they say), so one backend serves.
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/support/http.ts';
import { CONTROLLER_COLUMNS } from '../register.ts';

describe('the register and the machine-readable notice over HTTP', () => {
  let energy: TestApp;
  beforeAll(async () => {
    energy = await testApp('pglite', { policy: 'policies/energy-services.yaml' });
  });
  afterAll(() => energy.dispose());

  it('gives the DPO the register as JSON in the asked language, the Art. 30(2) table included (EN-2)', async () => {
    const res = await energy.app.inject({
      method: 'GET',
      url: '/v1/register?language=nl',
      headers: energy.as('dpo'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('nl');
    const body = res.json();
    expect(body.controller.rows.map((r: { id: string }) => r.id)).toEqual(
      energy.deps.policy.purposes.map((p) => p.id),
    );
    expect(body.controller.columns.map((c: { id: string }) => c.id)).toEqual([...CONTROLLER_COLUMNS]);
    expect(body.controller.rows[0].cells.dpo).toBe('niet vermeld');
    expect(body.processor.title).toBe('Als verwerker (art. 30, lid 2)');
  });

  it('gives it as a page, a spreadsheet or a workbook, each with its media type and file name', async () => {
    const get = (format: string) =>
      energy.app.inject({
        method: 'GET',
        url: `/v1/register?format=${format}&language=fr`,
        headers: energy.as('admin'),
      });
    const { id, version } = energy.deps.policy.policy;
    const name = `register-${id}-${version}-fr`;
    const html = await get('html');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toBe(`inline; filename="${name}.html"`);
    expect(html.body).toContain('<html lang="fr">');
    const csv = await get('csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="${name}.csv"`);
    expect(csv.body).toContain('Finalité du traitement');
    const xlsx = await get('xlsx');
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="${name}.xlsx"`);
    const sheets = await readXlsxFile(xlsx.rawPayload);
    expect(sheets.map((s) => s.sheet)).toEqual(['Art. 30(1)', 'Art. 30(2)']);
    expect(sheets[0]?.data.length).toBe(energy.deps.policy.purposes.length + 1);
  });

  it('gives the Art. 30(2) table as a CSV of its own with table=processor, a row per partner (F24)', async () => {
    const res = await energy.app.inject({
      method: 'GET',
      url: '/v1/register?format=csv&table=processor&language=EN',
      headers: energy.as('dpo'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('en');
    const { id, version } = energy.deps.policy.policy;
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="register-${id}-${version}-en-processor.csv"`,
    );
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1 + (energy.deps.policy.partnerControllers ?? []).length);
    expect(lines[0]).toMatch(/^Controller on whose behalf the processor acts,/);
    // The default CSV stays the Art. 30(1) table.
    const controller = await energy.app.inject({
      method: 'GET',
      url: '/v1/register?format=csv&table=controller&language=en',
      headers: energy.as('dpo'),
    });
    expect(controller.body).toMatch(/^\uFEFF?Purpose of the processing,/);
  });

  it('refuses a table with a format that holds every table, as a problem', async () => {
    const res = await energy.app.inject({
      method: 'GET',
      url: '/v1/register?format=html&table=processor',
      headers: energy.as('dpo'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REQUEST_INVALID');
  });

  it('refuses an unknown format as a problem naming the parameter', async () => {
    const res = await energy.app.inject({
      method: 'GET',
      url: '/v1/register?format=pdf',
      headers: energy.as('dpo'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('publishes the notice as JSON-LD to anyone, with no key', async () => {
    const res = await energy.app.inject({ method: 'GET', url: '/notice.jsonld' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const body = res.json();
    expect(body['@type']).toBe('dpv:PrivacyNotice');
    expect(body['dct:hasVersion']).toBe(energy.deps.policy.policy.version);
    expect(body['dpv:hasProcess']).toHaveLength(energy.deps.policy.purposes.length);
  });

  it('lets a page on any origin read the JSON-LD notice (CORS *, Cross-Origin-Resource-Policy cross-origin), ignoring parameters it does not know (F24, E19)', async () => {
    const res = await energy.app.inject({
      method: 'GET',
      url: '/notice.jsonld?utm_source=mail&fbclid=x',
      headers: { origin: 'https://tools.example', accept: 'application/ld+json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('keeps every other route same-origin: the notice page and the register carry no CORS header', async () => {
    const page = await energy.app.inject({
      method: 'GET',
      url: '/notice',
      headers: { origin: 'https://tools.example' },
    });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
    const register = await energy.app.inject({
      method: 'GET',
      url: '/v1/register',
      headers: { ...energy.as('dpo'), origin: 'https://tools.example' },
    });
    expect(register.headers['access-control-allow-origin']).toBeUndefined();
    expect(register.headers['cross-origin-resource-policy']).toBe('same-origin');
  });
});

describe('the register of a policy that processes for no partner, over HTTP', () => {
  let bank: TestApp;
  beforeAll(async () => {
    bank = await testApp('pglite', { policy: 'policies/retail-bank.yaml' });
  });
  afterAll(() => bank.dispose());

  it('answers 404 FEATURE_NOT_DECLARED for the Art. 30(2) CSV, naming partnerControllers (F24)', async () => {
    const res = await bank.app.inject({
      method: 'GET',
      url: '/v1/register?format=csv&table=processor',
      headers: bank.as('dpo'),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('FEATURE_NOT_DECLARED');
    expect(res.json().detail).toContain('partnerControllers');
  });
});
