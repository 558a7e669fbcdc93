// Values a schema lets through but JavaScript or PostgreSQL cannot hold: text with NUL (PostgreSQL
// text and jsonb refuse U+0000) or a lone UTF-16 surrogate (not Unicode: jsonb refuses its
// escape, text would store a replacement character), and numbers that are not finite (Ajv
// coerces `?limit=Infinity` or `1e309` to Infinity and then skips the maximum; JSON.parse reads
// 1e309 as Infinity). One walk over every part of every request names each offending value by
// its JSON pointer (`/3/props/x` is the fourth event of a batch), field names included.
import type { FastifyRequest } from 'fastify';
import { type FieldError, fieldErrors, GardeError } from '../errors.ts';

export type InputProblem = FieldError;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (s.search(LONE_SURROGATE) >= 0) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

/** Text PostgreSQL can hold as it is: what a decoded cursor's text must be too. */
export const isStorableText = (s: string): boolean => textProblem(s) === undefined;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** RFC 6901 pointer step; a bad character of a field name is shown as an escape, not echoed. */
function step(path: string, key: string): string {
  const safe = key
    .replaceAll('~', '~0')
    .replaceAll('/', '~1')
    .replaceAll('\u0000', escaped)
    .replace(LONE_SURROGATE, escaped);
  return `${path}/${safe}`;
}

export function unstorableValues(value: unknown, part: string, path = ''): InputProblem[] {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? [{ in: part, path: path || '/', message }] : [];
  }
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? []
      : [{ in: part, path: path || '/', message: 'must be a finite number' }];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableValues(v, part, `${path}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const at = step(path, k);
    const keyProblem = textProblem(k);
    const own = keyProblem ? [{ in: part, path: at, message: `the field name ${keyProblem}` }] : [];
    return [...own, ...unstorableValues(v, part, at)];
  });
}

/**
 * preValidation: the body as parsed, before validation coerces a value into another type (an
 * Infinity where text is allowed would become the text "Infinity").
 */
export async function refuseUnstorableBody(req: FastifyRequest): Promise<void> {
  const errors = unstorableValues(req.body, 'body');
  if (errors.length > 0) throw invalidInput(errors);
}

/** preHandler: the URL and headers once coerced (`?limit=1e309` is a number only then). */
export async function refuseUnstorableRequest(req: FastifyRequest): Promise<void> {
  // The query parser turns a bad escape (%ff) into replacement characters without a word.
  const at = req.url.indexOf('?');
  if (at >= 0 && !isDecodable(req.url.slice(at + 1)))
    throw new GardeError('URL_INVALID', 'The query string holds a percent-escape that is not valid UTF-8');
  const errors = [
    ...unstorableValues(req.params, 'params'),
    ...unstorableValues(req.query, 'querystring'),
    ...unstorableValues(req.headers, 'headers'),
  ];
  if (errors.length > 0) throw invalidInput(errors);
}

function isDecodable(query: string): boolean {
  try {
    decodeURIComponent(query);
    return true;
  } catch {
    return false;
  }
}

/** The 400 for input a route refuses, shaped like a schema error: each field named. */
export const invalidInput = (errors: InputProblem[]): GardeError => fieldErrors('REQUEST_INVALID', errors);
