// Serves the built privacy page (web/dist) under /privacy/: hashed assets cached for good,
// index.html revalidated, every answer with the page's CSP (headers.ts). A path under /privacy/
// that is not a file is the page's own route (client routing): index.html answers it; a missing
// file under /privacy/assets/ is a 404 problem, never the page.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { GardeError } from '../platform/errors.ts';
import { IMMUTABLE, privacyHeaders, REVALIDATE } from './headers.ts';

export const PRIVACY_PREFIX = '/privacy/';
const ASSETS = 'assets/';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

type File = { body: Buffer; type: string; cache: string };

/** The built files by their path under /privacy/, read once (the build is small). */
export function readWebBuild(dist: string): Map<string, File> {
  const files = new Map<string, File>();
  if (!existsSync(join(dist, 'index.html'))) return files;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.startsWith('.')) {
        const at = relative(dist, path).split(sep).join('/');
        files.set(at, {
          body: readFileSync(path),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          cache: at.startsWith(ASSETS) ? IMMUTABLE : REVALIDATE,
        });
      }
    }
  };
  walk(dist);
  return files;
}

export function registerPrivacyPage(app: FastifyInstance, dist: string): void {
  const files = readWebBuild(dist);
  const send = (reply: FastifyReply, file: File) => {
    // frame-ancestors says who may frame the page (headers.ts); helmet's X-Frame-Options (set on
    // the raw response) would contradict it once a host's origin is allowed.
    reply.raw.removeHeader('x-frame-options');
    return reply
      .headers({ ...privacyHeaders(), 'content-type': file.type, 'cache-control': file.cache })
      .send(file.body);
  };

  app.get('/privacy', async (_req, reply) => reply.redirect(PRIVACY_PREFIX, 308));
  app.get<{ Params: { '*': string } }>(`${PRIVACY_PREFIX}*`, async (req, reply) => {
    const index = files.get('index.html');
    if (!index)
      throw new GardeError(
        'NOT_FOUND',
        'The privacy page is not built: `npm start` or `garde serve` builds it',
      );
    const path = req.params['*'];
    const file = files.get(path);
    if (file) return send(reply, file);
    if (path.startsWith(ASSETS) || extname(path) !== '')
      throw new GardeError('NOT_FOUND', 'No such file of the privacy page');
    return send(reply, index);
  });
}
