// Checks a real answer against the OpenAPI document: its status is declared (or falls under
// `default`), its media type is one the status declares, its body fits the declared schema, and
// the headers the document calls required are there. testApp runs this on every answer of every
// test, and the contract test on every answer it gets through the typed client, so the document
// cannot say one thing while the server does another.

import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { useStrictDates } from '../../src/platform/http/formats.ts';
import type { OpenApiDocument } from '../../src/platform/http/openapi.ts';

type Json = Record<string, unknown>;
export type Answer = {
  method: string;
  /** The route template as the document spells it (`/v1/subjects/{id}`), or undefined if none matched. */
  path: string | undefined;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string | Buffer;
};

const JSON_TYPES = /^application\/(?:[a-z.+-]*\+)?json$/;

export function answerChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  useStrictDates(ajv as never);
  ajv.addFormat('pem', true);
  const compiled = new Map<object, ValidateFunction>();

  const deref = <T>(node: T, seen = 0): T => {
    if (seen > 50) throw new Error('openapi-check: $ref too deep');
    if (Array.isArray(node)) return node.map((n) => deref(n, seen + 1)) as T;
    if (node && typeof node === 'object') {
      const ref = (node as { $ref?: string }).$ref;
      if (typeof ref === 'string' && ref.startsWith('#/')) {
        const target = ref
          .slice(2)
          .split('/')
          .reduce<unknown>((n, k) => (n as Json)?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], document);
        return deref(target as T, seen + 1);
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, seen + 1)])) as T;
    }
    return node;
  };
  // Resolved once, so each schema is one object and is compiled once, however often it answers.
  const doc = deref(document);
  const validatorOf = (schema: Json) => {
    let v = compiled.get(schema);
    if (!v) {
      v = ajv.compile(schema);
      compiled.set(schema, v);
    }
    return v;
  };

  /** What is wrong with this answer, as sentences; empty when it matches the document. */
  return function check(a: Answer): string[] {
    const where = `${a.method} ${a.path ?? '(no route)'} -> ${a.status}`;
    const declared = a.path === undefined ? undefined : (doc.paths[a.path]?.[a.method.toLowerCase()] as Json);
    let response: Json | undefined;
    if (!declared) {
      // No operation: the router's own answers, which the document declares once as components.
      const name = a.status === 405 ? 'MethodNotAllowed' : a.status === 429 ? 'TooManyRequests' : 'NotFound';
      response = ((doc.components as Json).responses as Json)[name] as Json;
    } else {
      const responses = declared.responses as Json;
      response = (responses[String(a.status)] ?? responses.default) as Json | undefined;
      if (!response) return [`${where}: status not declared`];
      if (!responses[String(a.status)] && a.status < 400) return [`${where}: a success not declared`];
    }
    const problems: string[] = [];
    for (const [name, h] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
      if (h.required && a.headers[name.toLowerCase()] === undefined)
        problems.push(`${where}: required header ${name} missing`);
    }
    const content = response.content as Record<string, { schema: Json }> | undefined;
    const empty = a.body.length === 0;
    if (!content) {
      if (!empty) problems.push(`${where}: a body where the document declares none`);
      return problems;
    }
    if (empty && a.method !== 'HEAD') return [...problems, `${where}: no body, the document declares one`];
    if (a.method === 'HEAD') return problems;
    const media = String(a.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase() as string;
    const entry = content[media];
    if (!entry)
      return [...problems, `${where}: media type "${media}" not declared (${Object.keys(content)})`];
    if (JSON_TYPES.test(media)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(a.body.toString());
      } catch {
        return [...problems, `${where}: ${media} body is not JSON`];
      }
      const validate = validatorOf(entry.schema);
      if (!validate(parsed)) {
        problems.push(
          `${where}: body does not match: ${ajv.errorsText(validate.errors, { separator: '; ', dataVar: 'body' })}`,
        );
      }
    } else if (media === 'application/zip') {
      if (Buffer.from(a.body).subarray(0, 2).toString('latin1') !== 'PK')
        problems.push(`${where}: not a zip`);
    }
    return problems;
  };
}
