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
});
