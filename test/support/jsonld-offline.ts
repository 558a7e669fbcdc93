// A JSON-LD document read as another system would read it: expanded and turned into RDF offline
// (every URL refused and remembered) and in safe mode, so a key the processor cannot map fails
// instead of being dropped. Shared by the consent receipt's and the DPV notice's tests.
import type { JsonLdDocument, Options } from 'jsonld';
import jsonld from 'jsonld';

export type Term = { termType: string; value: string; datatype?: { value: string }; language?: string };
export type Quad = { subject: Term; predicate: Term; object: Term };

/** Expands a compact IRI ('dpv:hasPurpose') over the string prefixes of `context`. */
export function compactIris(context: Readonly<Record<string, unknown>>): (compact: string) => string {
  const prefixes = new Map(
    Object.entries(context).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as const] : [])),
  );
  return (compact) => {
    const i = compact.indexOf(':');
    const prefix = prefixes.get(compact.slice(0, i));
    return prefix ? prefix + compact.slice(i + 1) : compact;
  };
}

/** A reader that never fetches: `fetched` lists every URL it was asked for (each one refused). */
export function offlineReader(what: string) {
  const fetched: string[] = [];
  const documentLoader = async (url: string): Promise<never> => {
    fetched.push(url);
    throw new Error(`${what} must expand without fetching ${url}`);
  };
  return {
    fetched,
    expand: (doc: object) =>
      jsonld.expand(doc as JsonLdDocument, { safe: true, documentLoader } as Options.Expand),
    toRdf: async (doc: object) =>
      (await jsonld.toRDF(doc as JsonLdDocument, { safe: true, documentLoader } as Options.ToRdf)) as Quad[],
  };
}

/** Every key a JSON-LD document uses, however deep; keywords and language maps (`languageMaps`) apart. */
export function keysOf(
  value: unknown,
  languageMaps: readonly string[],
  out = new Set<string>(),
): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, languageMaps, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('@')) continue;
      out.add(k);
      if (!languageMaps.includes(k)) keysOf(v, languageMaps, out);
    }
  return out;
}
