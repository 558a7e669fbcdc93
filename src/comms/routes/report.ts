import { Type as T } from 'typebox';
import { invalidInput } from '../../platform/http/input-guard.ts';
import { route } from '../../platform/http/route.ts';
import { Period, ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { isWindowKey, UNCAPPED_WINDOW } from '../model.ts';
import { communicationsReport } from '../report.ts';

const Split = T.Object({ none: T.Number(), once: T.Number(), twiceOrMore: T.Number() });

export const communicationsReportRoute = route({
  method: 'GET',
  url: '/v1/reports/communications',
  operationId: 'getCommunicationsReport',
  feature: 'communications',
  summary:
    'A month of commercial communications: 0/1/2+ per person, overrides, suppressions, target met or missed',
  tags: ['communications'],
  roles: ['marketer', 'dpo', 'admin'],
  schema: {
    querystring: T.Object({ window: Period }, { additionalProperties: false }),
    response: {
      200: T.Object({
        window: T.String(),
        subjects: T.Integer(),
        contacted: Split,
        share: Split,
        overrides: T.Integer(),
        suppressions: T.Record(T.String(), T.Integer()),
        cap: T.Union(
          [
            T.Object({
              max: T.Integer(),
              mode: T.String(),
              rollingWindow: T.Optional(
                T.String({
                  description:
                    'A rolling cap window (P30D): subjectsOver counts who, on a message of the month, had more than max in the window ending then.',
                }),
              ),
              subjectsOver: T.Integer(),
              met: T.Boolean(),
            }),
            T.Null(),
          ],
          { description: 'null: the policy states no cap; the counts are of commercial messages.' },
        ),
      }),
      ...protectedErrors,
      404: ProblemSchema,
    },
  },
  async handler({ query }, { deps }) {
    const cap = deps.policy.communications?.cap;
    const counting = cap ?? UNCAPPED_WINDOW;
    // A year asked of a monthly cap (or the reverse) matches no window: say so, not "all zero".
    if (deps.policy.communications && !isWindowKey(counting, query.window)) {
      const shape = counting.window === 'calendar-year' ? 'a year, e.g. 2026' : 'a month, e.g. 2026-06';
      const by = !cap
        ? 'states no cap: messages are counted by calendar month'
        : cap.window === 'rolling'
          ? `counts its cap over a rolling ${cap.rollingWindow}, reported by calendar month`
          : `counts its cap by ${cap.window}`;
      throw invalidInput([
        { in: 'querystring', path: '/window', message: `this policy ${by}: use ${shape}` },
      ]);
    }
    return { status: 200, body: await communicationsReport(deps, query.window) };
  },
});
