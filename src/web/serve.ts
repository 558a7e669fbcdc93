// Serves Garde's built web apps: the privacy page (web/dist) under /privacy/ and the staff console
// (web/console/dist) under /console/. Hashed assets cached for good, index.html revalidated, every
// answer with the strict CSP (headers.ts). A path under an app's prefix that is not a file is the
// app's own route (client routing): index.html answers it; a missing file under its assets/ is a
// 404 problem, never the page.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { GardeError } from '../platform/errors.ts';
import { IMMUTABLE, privacyCsp, privacyHeaders, REVALIDATE } from './headers.ts';

export const PRIVACY_PREFIX = '/privacy/';
export const CONSOLE_PREFIX = '/console/';
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

/** One built web app: where it is served, where its build is, and what to call it in errors. */
type WebApp = { prefix: string; dist: string; name: string };

function registerWebApp(app: FastifyInstance, { prefix, dist, name }: WebApp): void {
  const files = readWebBuild(dist);
  const send = (reply: FastifyReply, file: File) => {
    // frame-ancestors says who may frame the page (headers.ts); helmet's X-Frame-Options (set on
    // the raw response) would contradict it once a host's origin is allowed.
    reply.raw.removeHeader('x-frame-options');
    return reply
      .headers({ ...privacyHeaders(), 'content-type': file.type, 'cache-control': file.cache })
      .send(file.body);
  };

  app.get(prefix.slice(0, -1), async (_req, reply) => reply.redirect(prefix, 308));
  app.get<{ Params: { '*': string } }>(`${prefix}*`, async (req, reply) => {
    const index = files.get('index.html');
    if (!index)
      throw new GardeError(
        'NOT_FOUND',
        `The ${name} is not built: \`npm start\` or \`garde serve\` builds it`,
      );
    const path = req.params['*'];
    const file = files.get(path);
    if (file) return send(reply, file);
    if (path.startsWith(ASSETS) || extname(path) !== '')
      throw new GardeError('NOT_FOUND', `No such file of the ${name}`);
    return send(reply, index);
  });
}

/** The privacy page (its CSP and framing: src/privacy/framing.ts). */
export function registerPrivacyPage(app: FastifyInstance, dist: string): void {
  registerWebApp(app, { prefix: PRIVACY_PREFIX, dist, name: 'privacy page' });
}

/**
 * The staff console (issue 15): the privacy page's CSP, and no frame anywhere (staff screens are
 * never embedded: clickjacking), on every answer under /console/, errors included.
 */
export function registerConsole(app: FastifyInstance, dist: string): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith(CONSOLE_PREFIX)) return payload;
    reply.header('content-security-policy', privacyCsp(["'none'"]));
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });
  registerWebApp(app, { prefix: CONSOLE_PREFIX, dist, name: 'console' });
}
