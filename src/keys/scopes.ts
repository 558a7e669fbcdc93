// What a key may be limited to (DESIGN §3: "API keys bound to a role and optional scopes"), in
// one place. A route names the scope that opens it (`scope` in its declaration); a key with
// scopes may call only the routes whose scope it holds. `recipient:<id>` opens no route: it says
// which of the policy's processors a processor key acts for (EN-8, BK-15). A scope no route
// reads would make a key that fails at every call, or one that seems limited and is not: such a
// key is refused when it is made. Pure.
import type { Policy } from '../policy/schema.ts';
import type { Role } from './model.ts';

/** Each route scope and the roles whose keys may hold it (scopes.test.ts holds it to the routes). */
export const ROUTE_SCOPES = {
  /**
   * EN-8, BK-15: a processor's download of the outbound batches the policy names it for (the
   * channel's `batch.recipient`), and no other. Other roles of the route need no scope.
   */
  batches: ['processor'],
  /** Recording events and privacy signals: a customer's tracking session, an importer. */
  events: ['customer', 'processor', 'admin'],
  /**
   * Issue 16: a controller's system pushing lifecycle facts (contract end, last contact,
   * holdings) and nothing else: an admin or DPO key limited to this scope reads no person.
   */
  facts: ['admin', 'dpo'],
  /** A processor's feed of pseudonymised interest features. */
  features: ['processor'],
} as const satisfies Record<string, readonly Role[]>;
export type RouteScope = keyof typeof ROUTE_SCOPES;

/** The scopes a session key is given (POST /v1/subjects/:id/sessions): the tracker's. */
export const SESSION_SCOPES = ['events'] as const satisfies readonly RouteScope[];

const RECIPIENT = 'recipient:';

/** Route scopes that read what the policy grants one processor: they need its `recipient:<id>`. */
const FOR_A_PROCESSOR: readonly RouteScope[] = ['features', 'batches'];

/** The processor a key acts for: the id its `recipient:<id>` scope names, if any. */
export function recipientOf(scopes: readonly string[]): string | undefined {
  return scopes.find((s) => s.startsWith(RECIPIENT))?.slice(RECIPIENT.length);
}

/** The processors a `recipient:<id>` scope may name. */
const processorIds = (policy: Policy) =>
  policy.recipients.filter((r) => r.kind === 'processor').map((r) => r.id);

/** Every scope a key of `role` may hold under `policy`, spelled out for an error message. */
export function scopeForms(policy: Policy, role: Role): string[] {
  const routes = Object.entries(ROUTE_SCOPES)
    .filter(([, roles]) => (roles as readonly Role[]).includes(role))
    .map(([scope]) => scope);
  const recipients = role === 'processor' ? processorIds(policy).map((id) => `${RECIPIENT}${id}`) : [];
  return [...routes, ...recipients];
}

/**
 * Why a key of `role` cannot hold `scopes` under `policy`, or null when it can. `index` is the
 * position of the scope at fault, when one is.
 */
export function scopeProblem(
  policy: Policy,
  role: Role,
  scopes: readonly string[],
): { index?: number; message: string } | null {
  const forms = scopeForms(policy, role);
  const aKey = `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} key`;
  const valid = forms.length ? `valid for ${aKey}: ${forms.join(', ')}` : `${aKey} takes no scope`;
  const index = scopes.findIndex((s) => !forms.includes(s));
  if (index >= 0) {
    const scope = scopes[index] as string;
    const what =
      role === 'processor' && scope.startsWith(RECIPIENT)
        ? `"${scope}" names no processor of policy ${policy.policy.id}`
        : `"${scope}" is not a scope ${aKey} can hold`;
    return { index, message: `${what} (${valid})` };
  }
  const recipients = scopes.filter((s) => s.startsWith(RECIPIENT));
  if (recipients.length > 1)
    return { message: `a key acts for one processor, not ${recipients.join(' and ')} (${valid})` };
  if (recipients.length === scopes.length && recipients.length > 0)
    return {
      message: `"${recipients[0]}" opens no route by itself: add the scopes the key may use (${valid})`,
    };
  const forProcessor = FOR_A_PROCESSOR.find((s) => scopes.includes(s));
  if (forProcessor && recipients.length === 0)
    return {
      message: `"${forProcessor}" needs the processor the key acts for: add recipient:<id> (${valid})`,
    };
  return null;
}
