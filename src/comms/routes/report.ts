import { Type as T } from 'typebox';
import { mayKnow } from '../../keys/need-to-know.ts';
import { GardeError } from '../../platform/errors.ts';
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
    'A month of commercial communications, all channels or one: 0/1/2+ per person, overrides (who, why), suppressions by reason, target met or missed',
  tags: ['communications'],
  roles: ['marketer', 'dpo', 'admin'],
  schema: {
    querystring: T.Object(
      {
        window: Period,
        channel: T.Optional(
          T.String({
            pattern: '^[a-z][a-z0-9-]*$',
            maxLength: 100,
            description:
              'Narrow the distribution, the overrides and the suppressions to one channel of the policy; the cap is across all channels, so `cap` is not narrowed.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    response: {
      200: T.Object({
        window: T.String(),
        channel: T.Union([T.String(), T.Null()]),
        subjects: T.Integer(),
        contacted: Split,
        share: Split,
        overrides: T.Integer(),
        overridesBy: T.Array(
          T.Object({ actor: T.String(), reason: T.Optional(T.String()), count: T.Integer() }),
          {
            description:
              'Target mode: who went over the cap on purpose and why, grouped. `reason` is free text typed by staff, often about the person: only the DPO and the admin get it (need-to-know); a marketer gets counts per actor.',
          },
        ),
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
              subjectsOverUnexplained: T.Integer({
                description: 'People over the cap in the window without a recorded override.',
              }),
              met: T.Boolean({
                description:
                  'The target is met when no person is over the cap without a recorded override (docs/api.md, communications report).',
              }),
            }),
            T.Null(),
          ],
          { description: 'null: the policy states no cap; the counts are of commercial messages.' },
        ),
      }),
      ...protectedErrors,
      400: ProblemSchema,
      404: ProblemSchema,
    },
  },
  async handler({ query }, { deps, principal }) {
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
    const channels = (deps.policy.communications?.channels ?? []).map((c) => c.id);
    if (query.channel !== undefined && !channels.includes(query.channel))
      throw new GardeError('CAMPAIGN_FILTER_INVALID', `the policy declares no channel "${query.channel}"`);
    const reasons = mayKnow(principal.role, 'identity');
    return { status: 200, body: await communicationsReport(deps, { ...query, reasons }) };
  },
});
