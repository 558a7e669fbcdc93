// Every action Garde writes to the audit trail (Art. 5(2), Art. 30): one list, so that the trail's
// readers (the console's audit screen, its filter) can name each one in words and a test can prove
// none is left as a bare code. `AuditRecord.action` takes only these: a new action is added here
// first, then given words in web/console/src/audit-action-words.ts (the type checker and
// test/console/audit-action-words.test.ts fail until it has them in FR, NL and EN).
import { CONSENT_STATES, type ConsentState } from '../decide/types.ts';
import { RIGHTS } from '../policy/schema.ts';
import { DELIVERED_KINDS, type RightKind } from '../rights/model.ts';

/** The statuses a request is created in (`rights.<status>`, see createRequest). */
const CREATED_STATUSES = ['received', 'verified', 'routed'] as const;

const FIXED = [
  'audit.read',
  'audit.export',
  'audit.verify',
  'campaign.send',
  'campaign.send-failed',
  'campaign.batch.disclose',
  'communication.send',
  'communication.override',
  'console-session.start',
  'console-session.end',
  'erasure.execute',
  'hold.place',
  'hold.release',
  'interest.delete',
  'key.create',
  'key.revoke',
  'model.train',
  'objection.raise',
  'objection.lift',
  'offer.outcome',
  'policy.changed',
  'privacy-link.create',
  'privacy-session.start',
  'privacy-session.end',
  'processor.read',
  'restriction.impose',
  'restriction.lift',
  'retention.start',
  'retention.run',
  'retention-event.report',
  'retention-event.withdraw',
  'rights.verify.verified',
  'rights.verify.failed',
  'rights.extend',
  'rights.reject',
  'rights.pause',
  'rights.resume',
  'rights.step.done',
  'rights.step.person',
  'seed.demo',
  'subject.create',
  'subject.facts',
  'subject.update',
  'subject.search',
  'subscription.subscribe',
  'subscription.unsubscribe',
  'theme.link',
  'theme.unlink',
] as const;

/** An action as the trail records it, e.g. `consent.given`, `rights.complete.erasure`. */
export type AuditAction =
  | (typeof FIXED)[number]
  | `consent.${ConsentState}`
  | `rights.${(typeof CREATED_STATUSES)[number]}`
  | `rights.complete.${RightKind}`
  | `rights.deliver.${(typeof DELIVERED_KINDS)[number]}`;

/** Every action Garde writes, in a stable order (families together). */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  ...FIXED,
  ...CONSENT_STATES.map((s) => `consent.${s}` as const),
  ...CREATED_STATUSES.map((s) => `rights.${s}` as const),
  ...RIGHTS.map((k) => `rights.complete.${k}` as const),
  ...DELIVERED_KINDS.map((k) => `rights.deliver.${k}` as const),
].sort();

/** Whether `action` is one Garde writes. */
export const isAuditAction = (action: string): action is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(action);
