import { POLICY_FORMAT_VERSION, PolicySchema } from './schema.ts';

/** The published JSON Schema text: editors validate policy files with it while they type. */
export function policyJsonSchema(): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...JSON.parse(JSON.stringify(PolicySchema)),
  };
  schema.description = `Garde policy file, format version ${POLICY_FORMAT_VERSION}.`;
  return `${JSON.stringify(schema, null, 2)}\n`;
}
