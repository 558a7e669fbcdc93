import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { communicationsReport } from '../report.ts';

const Split = T.Object({ none: T.Number(), once: T.Number(), twiceOrMore: T.Number() });

export const communicationsReportRoute = route({
  method: 'GET',
  url: '/v1/reports/communications',
  summary:
    'A month of commercial communications: 0/1/2+ per person, overrides, suppressions, target met or missed (BK-7)',
  tags: ['communications'],
  roles: ['marketer', 'dpo', 'admin'],
  schema: {
    querystring: T.Object(
      { window: T.String({ pattern: '^[0-9]{4}(-[0-9]{2})?$', description: 'e.g. 2026-06' }) },
      { additionalProperties: false },
    ),
    response: {
      200: T.Object({
        window: T.String(),
        subjects: T.Integer(),
        contacted: Split,
        share: Split,
        overrides: T.Integer(),
        suppressions: T.Record(T.String(), T.Integer()),
        cap: T.Object({ max: T.Integer(), mode: T.String(), subjectsOver: T.Integer(), met: T.Boolean() }),
      }),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  async handler({ query }, { deps }) {
    return { status: 200, body: await communicationsReport(deps, query.window) };
  },
});
