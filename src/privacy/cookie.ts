// The privacy page's session cookie (attributes: src/platform/http/session-cookie.ts).
import type { FastifyRequest } from 'fastify';
import { sessionCookieNamed } from '../platform/http/session-cookie.ts';
import { SESSION_COOKIE } from './store.ts';

export const PRIVACY_COOKIE = sessionCookieNamed(SESSION_COOKIE);

export function sessionCookie(req: FastifyRequest, token: string): string {
  return PRIVACY_COOKIE.set(req, token);
}
