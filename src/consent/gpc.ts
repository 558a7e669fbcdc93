// Sec-GPC: 1 on a request from an identified customer is honoured before the request runs.
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../keys/model.ts';
import type { Deps } from '../platform/deps.ts';
import { honourGpc } from './consent.ts';

/**
 * Whether the request carries the Global Privacy Control signal. Repeated headers arrive joined
 * ("0, 1") or as a list: any "1" counts, since a signal sent once is a signal sent.
 */
export function gpcSignal(headers: FastifyRequest['headers']): boolean {
  const raw = headers['sec-gpc'];
  const values = (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((v) => v.split(','));
  return values.some((v) => v.trim() === '1');
}

export async function gpcHook(req: FastifyRequest, principal: Principal, deps: Deps): Promise<void> {
  if (!gpcSignal(req.headers) || principal.role !== 'customer' || !principal.subjectId) return;
  const ua = req.headers['user-agent'];
  await honourGpc(deps, principal.subjectId, {
    actor: `key:${principal.keyId}`,
    role: principal.role,
    userAgent: typeof ua === 'string' ? ua : undefined,
    ip: req.ip,
    gpc: true,
  });
}
