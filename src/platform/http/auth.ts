// Least privilege: every protected route names its roles; anything else is refused before the
// body is even parsed.
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '../../keys/model.ts';
import { GardeError } from '../errors.ts';

export function bearerKey(req: FastifyRequest): { key: string; inUrl: boolean } | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { key: auth.slice(7).trim(), inUrl: false };
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') return { key: header.trim(), inUrl: false };
  // sendBeacon cannot set headers: a short-lived, scoped session key may come in the URL.
  const query = (req.query as { access_token?: unknown } | undefined)?.access_token;
  return typeof query === 'string' ? { key: query, inUrl: true } : undefined;
}

export async function authorize(
  req: FastifyRequest,
  roles: readonly Role[],
  lookup: (key: string) => Promise<Principal | null>,
): Promise<Principal> {
  const found = bearerKey(req);
  if (!found) throw new GardeError('AUTH_MISSING', 'Send the key as "Authorization: Bearer <key>"');
  const principal = await lookup(found.key);
  if (!principal) throw new GardeError('AUTH_INVALID');
  // A long-lived key in a URL would end up in proxies' logs: only scoped session keys may.
  if (found.inUrl && principal.scopes.length === 0)
    throw new GardeError('AUTH_INVALID', 'Only a session key may be sent in the URL');
  if (!roles.includes(principal.role)) {
    throw new GardeError('ROLE_FORBIDDEN', `Role "${principal.role}" may not use this route`);
  }
  return principal;
}
