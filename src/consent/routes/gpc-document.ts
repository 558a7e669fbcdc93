import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { isYearMonth } from '../../policy/effective-date.ts';

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
        lastUpdate: T.Optional(
          T.String({
            format: 'date',
            description:
              'The day the policy version the answer follows took effect; absent when the policy states only a month (the GPC specification asks for a full date, and none is invented)',
          }),
        ),
      }),
    },
  },
  async handler(_input, { deps }) {
    const from = deps.policy.policy.effectiveFrom;
    const gpc = deps.policy.purposes.some(
      (p) => p.consent?.gpc === 'withdraw' || p.consent?.gpc === 'object',
    );
    return {
      status: 200,
      body: { gpc, ...(isYearMonth(from) ? {} : { lastUpdate: from }) },
      headers: { 'cache-control': 'public, max-age=3600' },
    };
  },
});
