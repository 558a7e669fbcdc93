// A policy unlike the examples, made from one of them: tests that prove Garde assumes no example
// policy change a copy (add an interface, drop the cap) rather than keep a near-duplicate file.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

// biome-ignore lint/suspicious/noExplicitAny: a policy document being edited, checked when loaded.
export type PolicyDocument = Record<string, any>;

/** Writes `file` changed by `edit` to a fresh temporary folder; returns the new file's path. */
export async function policyVariant(file: string, edit: (doc: PolicyDocument) => void): Promise<string> {
  const doc = parse(await readFile(file, 'utf8')) as PolicyDocument;
  edit(doc);
  const dir = await mkdtemp(join(tmpdir(), 'garde-policy-'));
  const path = join(dir, 'policy.yaml');
  await writeFile(path, stringify(doc));
  return path;
}
