// This instance's origin as the caller reached it (behind a trusted proxy, as the proxy says).
import type { FastifyRequest } from 'fastify';

/**
 * `https://host[:port]`, or undefined when the Host header is not a host (a client may send
 * anything there: it must not become a URL).
 */
export function requestOrigin(req: FastifyRequest): string | undefined {
  if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/.test(req.host)) return undefined;
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return undefined;
  }
}
