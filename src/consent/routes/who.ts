import type { RouteContext } from '../../platform/http/route.ts';
import type { Who } from '../consent.ts';

/** The proof of who acted: the key, its role, the user agent and the caller's address (truncated later). */
export function whoOf(ctx: RouteContext): Who {
  const ua = ctx.request.headers['user-agent'];
  return {
    actor: ctx.actor,
    role: ctx.principal.role,
    userAgent: typeof ua === 'string' ? ua : undefined,
    ip: ctx.request.ip,
  };
}
