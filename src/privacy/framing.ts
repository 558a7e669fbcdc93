// Who may frame the privacy page: only the host's origins listed in
// GARDE_PRIVACY_FRAME_ANCESTORS (CSP frame-ancestors); none without them (and X-Frame-Options:
// DENY for older browsers). Every answer under /privacy/ gets a strict policy of its own: no
// script or style from anywhere but Garde, no inline script, forms posting only to Garde.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../platform/config.ts';
import { privacyCsp } from '../web/headers.ts';
import { PRIVACY_PREFIX } from '../web/serve.ts';

/** The page's policy with the frame ancestors configured (none: `'none'`). */
export function privacyPageCsp(frameAncestors: readonly string[]): string {
  return privacyCsp(frameAncestors.length > 0 ? frameAncestors : ["'none'"]);
}

/** Sets the privacy page's CSP and framing headers on every answer under /privacy/. */
export function registerPrivacyFraming(app: FastifyInstance, config: Pick<Config, 'privacyFrameAncestors'>) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith(PRIVACY_PREFIX)) return payload;
    const ancestors = config.privacyFrameAncestors;
    reply.header('content-security-policy', privacyPageCsp(ancestors));
    reply.header('referrer-policy', 'no-referrer');
    // X-Frame-Options cannot name origins: DENY without any, absent when CSP names them.
    if (ancestors.length > 0) reply.removeHeader('x-frame-options');
    else reply.header('x-frame-options', 'DENY');
    return payload;
  });
}
