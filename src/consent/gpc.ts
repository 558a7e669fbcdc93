// Sec-GPC: 1 on a request from an identified customer is honoured before the request runs.
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../keys/model.ts';
import type { Deps } from '../platform/deps.ts';
import { honourGpc } from './consent.ts';

export async function gpcHook(req: FastifyRequest, principal: Principal, deps: Deps): Promise<void> {
  if (req.headers['sec-gpc'] !== '1' || principal.role !== 'customer' || !principal.subjectId) return;
  const ua = req.headers['user-agent'];
  await honourGpc(deps, principal.subjectId, {
    actor: `key:${principal.keyId}`,
    role: principal.role,
    userAgent: typeof ua === 'string' ? ua : undefined,
    ip: req.ip,
  });
}
