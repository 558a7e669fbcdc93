import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';

// The Global Privacy Control well-known resource (GPC specification, section 3.4): tells user
// agents whether this site honours the signal, derived from the policy (consent.gpc).
export const gpcDocumentRoute = route({
  method: 'GET',
  url: '/.well-known/gpc.json',
  operationId: 'getGpcDocument',
  summary: 'Whether this service honours Global Privacy Control, and since when (GPC well-known resource)',
  tags: ['consent'],
  roles: 'public',
  schema: {
    response: {
      200: T.Object({
        gpc: T.Boolean({ description: 'true when some purpose honours the signal (withdraw or object)' }),
        lastUpdate: T.String({ format: 'date', description: 'The policy version the answer follows' }),
      }),
    },
  },
  async handler(_input, { deps }) {
    const gpc = deps.policy.purposes.some(
      (p) => p.consent?.gpc === 'withdraw' || p.consent?.gpc === 'object',
    );
    return {
      status: 200,
      body: { gpc, lastUpdate: deps.policy.policy.effectiveFrom },
      headers: { 'cache-control': 'public, max-age=3600' },
    };
  },
});
