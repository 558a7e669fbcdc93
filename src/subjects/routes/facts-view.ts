// What the facts routes answer, from recordFacts's outcomes.
import { type FieldError, GardeError } from '../../platform/errors.ts';
import type { FactOutcome } from '../facts.ts';

export function factsView(o: FactOutcome | undefined): { subject: string; changed: string[] } {
  if (o?.status === 'changed') return { subject: o.subjectId, changed: o.fields };
  if (o?.status === 'unchanged') return { subject: o.subjectId, changed: [] };
  // recordFacts refuses the call (allOrNothing) before any other outcome reaches a route.
  throw new Error('a refused item reached the answer');
}

/**
 * The refusal of one person's facts, addressed by id: an unknown person is 404, as on every
 * subject route, and a refused fact is named by its place in the body (`/contractEndedOn`).
 */
export function oneSubjectError(err: unknown): never {
  if (!(err instanceof GardeError) || err.code !== 'FACTS_INVALID') throw err;
  const errors = (err.extra?.errors ?? []) as FieldError[];
  if (errors[0]?.path === '/items/0/person') throw new GardeError('SUBJECT_NOT_FOUND');
  const own = errors.map((e) => ({ ...e, path: e.path.replace(/^\/items\/0/, '') || '/' }));
  const first = own[0] as FieldError;
  throw new GardeError('FACTS_INVALID', `${first.path}: ${first.message}`, { errors: own });
}
