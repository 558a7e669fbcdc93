import type { RouteContext } from '../../platform/http/route.ts';
import type { Who } from '../consent.ts';
import { gpcSignal } from '../gpc.ts';

/**
 * The proof of who acted: the key, its role, the user agent, the caller's address (truncated
 * later) and, for the person themself, whether their browser sent Global Privacy Control.
 */
export function whoOf(ctx: RouteContext): Who {
  const ua = ctx.request.headers['user-agent'];
  return {
    actor: ctx.actor,
    role: ctx.principal.role,
    userAgent: typeof ua === 'string' ? ua : undefined,
    ip: ctx.request.ip,
    gpc: ctx.principal.role === 'customer' && gpcSignal(ctx.request.headers),
  };
}
