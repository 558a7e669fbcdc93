import { Type as T } from 'typebox';
import { withdrawIfGiven } from '../../consent/consent.ts';
import { honourGpc } from '../../consent/gpc.ts';
import { whoOf } from '../../consent/routes/who.ts';
import { GardeError } from '../../platform/errors.ts';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';

// BK-16, EN-11: what the visitor says on the page reaches the ledger, not only the tracker. A
// tracking session (scope "events") may report these because each can only reduce processing.
export const recordSignalRoute = route({
  method: 'POST',
  url: '/v1/tracking/signals',
  operationId: 'recordSignal',
  feature: 'tracking',
  summary:
    "The tracker reports the visitor's choice: Global Privacy Control in the browser (honoured as the policy says), or a withdrawal of tracking consent on the page",
  tags: ['tracking'],
  roles: ['customer'],
  scope: 'events',
  // The tracker SDK calls it from the controller's pages (GARDE_CORS_ORIGINS).
  crossOrigin: true,
  schema: {
    body: T.Object(
      {
        signal: T.Enum(['global-privacy-control', 'withdraw-consent'] as const, {
          description:
            'global-privacy-control: navigator.globalPrivacyControl is true; withdraw-consent: the visitor withdrew consent to tracking',
        }),
      },
      { additionalProperties: false },
    ),
    response: {
      200: T.Object({ recorded: T.Integer({ description: 'How many ledger records it made.' }) }),
      ...protectedErrors,
      404: ProblemSchema,
      422: ProblemSchema,
    },
  },
  async handler({ body }, ctx) {
    const subjectId = ctx.principal.subjectId;
    if (!subjectId) throw new GardeError('SUBJECT_NOT_FOUND');
    const who = whoOf(ctx);
    if (body.signal === 'global-privacy-control')
      return { status: 200, body: { recorded: await honourGpc(ctx.deps, subjectId, { ...who, gpc: true }) } };
    const purpose = ctx.deps.policy.tracking?.consentPurpose;
    if (!purpose) throw new GardeError('CONSENT_INVALID', 'The policy declares no tracking');
    return { status: 200, body: { recorded: await withdrawIfGiven(ctx.deps, subjectId, purpose, who) } };
  },
});
