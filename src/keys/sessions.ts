// EN-17: how long a session may sit idle. Every session Garde opens asks here: the tracker's
// session keys today (POST /v1/subjects/:id/sessions), and any later kind (the preference
// center's cookie session, issue 14) must too, so the policy's promise holds for all of them.
import { addDuration } from '../policy/duration.ts';
import type { Policy } from '../policy/schema.ts';

/** Without `security.sessionIdleTimeout` in the policy. */
export const DEFAULT_SESSION_IDLE_TIMEOUT = 'PT30M';

/** Without `security.sessionAbsoluteTimeout`: a working day, however busy the session. */
export const DEFAULT_SESSION_ABSOLUTE_TIMEOUT = 'PT8H';

/** How long a session may last from its start, used or not (an ISO 8601 duration). */
export function sessionAbsoluteTimeout(policy: Policy): string {
  return policy.security?.sessionAbsoluteTimeout ?? DEFAULT_SESSION_ABSOLUTE_TIMEOUT;
}

/** The clock a session is judged by at `now`: when it would end idle, and its absolute limit. */
export function sessionClock(policy: Policy, now: Date): { now: Date; idleExpiry: Date; lifetime: string } {
  return { now, idleExpiry: idleExpiry(policy, now), lifetime: sessionAbsoluteTimeout(policy) };
}

/** The policy's idle timeout (an ISO 8601 duration), or the default. */
export function sessionIdleTimeout(policy: Policy): string {
  return policy.security?.sessionIdleTimeout ?? DEFAULT_SESSION_IDLE_TIMEOUT;
}

/** When a session used at `now` expires if nothing uses it again. */
export function idleExpiry(policy: Policy, now: Date): Date {
  return addDuration(now, sessionIdleTimeout(policy));
}
