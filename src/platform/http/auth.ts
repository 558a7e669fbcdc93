// Least privilege: every protected route names its roles; anything else is refused before the
// body is even parsed.
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '../../keys/model.ts';
import { GardeError } from '../errors.ts';

export function bearerKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

export async function authorize(
  req: FastifyRequest,
  roles: readonly Role[],
  lookup: (key: string) => Promise<Principal | null>,
): Promise<Principal> {
  const key = bearerKey(req);
  if (!key) throw new GardeError('AUTH_MISSING', 'Send the key as "Authorization: Bearer <key>"');
  const principal = await lookup(key);
  if (!principal) throw new GardeError('AUTH_INVALID');
  if (!roles.includes(principal.role)) {
    throw new GardeError('ROLE_FORBIDDEN', `Role "${principal.role}" may not use this route`);
  }
  return principal;
}
