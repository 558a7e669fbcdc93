// The privacy page as Garde serves it: the page's CSP on every file, hashed assets cached for
// good and the page revalidated, client routes answered by the page, a missing asset a problem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/support/http.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

describe('the privacy page under /privacy/', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(async () => {
    await t?.dispose();
  });
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('serves index.html with the strict CSP, nosniff, no referrer and no-cache', async () => {
    const res = await get('/privacy/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']).split(/;\s*/);
    for (const directive of CSP) expect(csp).toContain(directive);
    expect(csp.join(';')).not.toMatch(/unsafe-inline|unsafe-eval|https:|data:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // No host origin configured: nobody may frame it, old browsers told so too.
    expect(res.headers['x-frame-options']).toBe('DENY');
    // Vite's output needs no inline script or style, and loads nothing from elsewhere.
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|https?:\/\//);
  });

  it('serves hashed assets as immutable for a year, with the same CSP', async () => {
    const index = (await get('/privacy/')).body;
    const assets = [...index.matchAll(/(?:src|href)="(\/privacy\/assets\/[^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const url of assets) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-type']).toMatch(/^(text\/javascript|text\/css)/);
    }
  });

  it('answers an unknown page path with index.html (client routing)', async () => {
    const res = await get('/privacy/requests/123');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect((await get('/privacy')).headers.location).toBe('/privacy/');
  });

  it('answers a missing asset with a 404 problem, not the page', async () => {
    const res = await get('/privacy/assets/missing.js');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('the staff console under /console/', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('pglite');
  });
  afterAll(async () => {
    await t?.dispose();
  });
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('serves its page and assets with the privacy page’s strict CSP, framed by nobody, errors included', async () => {
    const res = await get('/console/?view=dpo-overview');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']).split(/;\s*/);
    for (const directive of CSP) expect(csp).toContain(directive);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|https?:\/\//);
    const assets = [...res.body.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const url of assets) {
      const asset = await get(url);
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const missing = await get('/console/assets/missing.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await get('/console')).headers.location).toBe('/console/');
  });
});
