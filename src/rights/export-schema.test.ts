import { describe, expect, it } from 'vitest';
import { EXPORT_SCHEMA_JSON, SCHEMA_ID, SCHEMA_VERSION } from './export-schema.ts';

describe('the portability schema', () => {
  // A consumer caches the schema by its $id: a published version never changes. When the
  // catalogue changes what an export holds, raise SCHEMA_VERSION and publish the new file.
  it('is the published docs/schemas/portability-<version>.json, whose $id names that version', async () => {
    expect(SCHEMA_ID).toBe(`https://garde.dev/schemas/portability-${SCHEMA_VERSION}.json`);
    await expect(EXPORT_SCHEMA_JSON).toMatchFileSnapshot(
      `../../docs/schemas/portability-${SCHEMA_VERSION}.json`,
    );
  });
});
