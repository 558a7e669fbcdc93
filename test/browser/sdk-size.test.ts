import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('tracker SDK', () => {
  it('is under 5 kB minified and gzipped', () => {
    const { code } = transformSync(readFileSync('sdk/garde-tracker.js', 'utf8'), {
      minify: true,
      format: 'esm',
    });
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(5 * 1024);
  });
});
