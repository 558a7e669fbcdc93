// The bodies Garde reads: JSON, and JSON lines for bulk feeds. Both are UTF-8 (RFC 8259): bytes
// that are not would otherwise be turned silently into U+FFFD and stored as such.
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { GardeError } from '../errors.ts';

const rawBodies = new WeakMap<object, Buffer>();

/** The JSON body of a request as it arrived, byte for byte; undefined without one. */
export const rawBodyOf = (request: object): Buffer | undefined => rawBodies.get(request);

export function registerBodyParsers(app: FastifyInstance): void {
  // JSON only; a capability that takes another format registers its own parser.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    if (!isUtf8(body as Buffer)) return done(new GardeError('BODY_INVALID_ENCODING'), undefined);
    // A signed callback is verified over the bytes as sent (Standard Webhooks), not a re-serialisation.
    rawBodies.set(req, body as Buffer);
    json(req, (body as Buffer).toString('utf8'), done);
  });
  // JSON lines (one event per line), parsed into an array and validated like JSON.
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'buffer' }, (_req, body, done) => {
    if (!isUtf8(body as Buffer)) return done(new GardeError('BODY_INVALID_ENCODING'), undefined);
    const lines = (body as Buffer).toString('utf8').split('\n');
    const parsed: unknown[] = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        parsed.push(JSON.parse(line));
      } catch {
        return done(new GardeError('BODY_INVALID_JSON', `line ${i + 1} is not valid JSON`), undefined);
      }
    }
    done(null, parsed);
  });
}
