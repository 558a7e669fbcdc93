// The published JSON Schema (policies/garde-policy.schema.json, generated from schema.ts by
// `npm run schema`; a test keeps it current), read once: the loader validates against it and the
// language lint finds the policy's translated texts through it, so no CLI command has to load
// the schema library.
import { readFileSync } from 'node:fs';

export type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  [key: string]: unknown;
};

let cached: JsonSchema | undefined;

export function publishedSchema(): JsonSchema {
  cached ??= JSON.parse(
    readFileSync(new URL('../../policies/garde-policy.schema.json', import.meta.url), 'utf8'),
  ) as JsonSchema;
  return cached;
}
