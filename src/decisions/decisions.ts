// Answers batches of questions with decide(): one set-based read of the subjects' states, then
// pure decisions. The answer carries the reason codes with their plain-words explanation.
import { subjectStates } from '../consent/consent.ts';
import { decide } from '../decide/decide.ts';
import { explain, type ReasonCode } from '../decide/reasons.ts';
import type { DecisionRequest } from '../decide/types.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { FUTURE_TOLERANCE_MS } from '../tracking/model.ts';
import { readerWords, type Words } from '../words/words.ts';

export type Question = DecisionRequest & { subjectId: string };
export type Answer = {
  subjectId: string;
  purpose: string;
  allow: boolean;
  reasons: { code: ReasonCode; text: string }[];
};

/** Each answer's reasons are in `words`' language: the reader's (Content-Language says which). */
export async function answerQuestions(
  d: Pick<Deps, 'db' | 'policy' | 'now'>,
  questions: readonly Question[],
  words: Words = readerWords(d.policy),
): Promise<Answer[]> {
  // Judging data at the time it came into being needs each person's history too.
  const history = questions.some((q) => q.occurredAt !== undefined);
  // Data that has not come into being yet is no question to judge: the ingest gate drops it
  // (tracking.future) and the decision point refuses the question, with the same tolerance.
  const latest = d.now().getTime() + FUTURE_TOLERANCE_MS;
  for (const [i, q] of questions.entries()) {
    if (q.occurredAt !== undefined && new Date(q.occurredAt).getTime() > latest)
      throw new GardeError(
        'REQUEST_INVALID',
        `body/questions/${i}/occurredAt: in the future (more than ${FUTURE_TOLERANCE_MS / 60_000} minutes ahead of the server's clock)`,
      );
  }
  const states = await subjectStates(d, [...new Set(questions.map((q) => q.subjectId))], { history });
  const now = d.now();
  return questions.map(({ subjectId, ...request }) => {
    const state = states.get(subjectId);
    const decision = state
      ? decide(d.policy, state, request, now)
      : { allow: false, reasons: ['subject.unknown' as const] };
    return {
      subjectId,
      purpose: request.purpose,
      allow: decision.allow,
      reasons: decision.reasons.map((code) => ({ code, text: explain(code, words) })),
    };
  });
}
