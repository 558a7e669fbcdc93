// What an objection or a restriction change answers: the limits in force after it, and when it
// was recorded. One shape for both routes, as the privacy page reads them alike.
import type { Deps } from '../../platform/deps.ts';
import { ProblemSchema, protectedErrors } from '../../platform/http/schemas.ts';
import { subjectState } from '../consent.ts';
import { LimitsView } from '../schemas.ts';

/** 200: LimitsView; 404 no such person; 409 the change needs the contract impact confirmed; 422 bad purpose. */
export const LIMITS_CHANGE_RESPONSES = {
  200: LimitsView,
  ...protectedErrors,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

/** The person's objections and restrictions now, and `recordedAt` (null: it changed nothing). */
export async function limitsAfter(deps: Pick<Deps, 'db'>, subjectId: string, recordedAt: Date | null) {
  const s = await subjectState(deps, subjectId);
  return {
    status: 200 as const,
    body: {
      changed: recordedAt !== null,
      recordedAt: recordedAt?.toISOString() ?? null,
      objections: s.objections,
      restrictions: s.restrictionsDetail,
    },
  };
}
