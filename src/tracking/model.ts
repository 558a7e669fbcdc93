// What the tracking gate can decide without the database: the policy's list of tracked kinds
// and topics (BK-2), identification (BK-1), and the age limit (BK-3). Pure.
import type { ReasonCode } from '../decide/reasons.ts';
import { addDuration } from '../policy/duration.ts';
import type { Policy } from '../policy/schema.ts';

export type IncomingEvent = {
  /** The client's own id for the event: a retry with the same id is stored once. */
  id?: string;
  subjectId?: string;
  kind: string;
  topic: string;
  occurredAt: string;
  props?: Record<string, string | number | boolean>;
};

export type CleanEvent = {
  subjectId: string;
  clientId?: string | null;
  kind: string;
  topic: string;
  occurredAt: Date;
  props: Record<string, unknown> | null;
};

/** Reasons an event is dropped; the database adds the consent, objection and restriction ones. */
/**
 * Why an event was not stored: the tracking gate's own checks, a duplicate, or any refusal of
 * decide() and its SQL mirror (so a rule added there is never missing here).
 */
export type DropReason =
  | 'tracking.not-identified'
  | 'tracking.kind-not-tracked'
  | 'tracking.topic-not-tracked'
  | 'tracking.future'
  | 'duplicate'
  | ReasonCode;

// Clocks differ; an event stamped a little ahead is the visitor's clock, not a forgery.
/** How far ahead of the server's clock a device's clock may be: behaviour later than this has not happened. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export type Sorted = { keep: CleanEvent[]; dropped: Partial<Record<DropReason, number>> };

/** Applies the static part of the gate; what is kept still has to pass the database gate. */
export function sortEvents(policy: Policy, events: readonly IncomingEvent[], now: Date): Sorted {
  const tracking = policy.tracking;
  const dropped: Partial<Record<DropReason, number>> = {};
  const drop = (r: DropReason) => {
    dropped[r] = (dropped[r] ?? 0) + 1;
  };
  if (!tracking) {
    for (const _ of events) drop('tracking.kind-not-tracked');
    return { keep: [], dropped };
  }
  const kinds = new Map(tracking.eventKinds.map((k) => [k.id, k.topics ? new Set(k.topics) : null]));
  const oldest = addDuration(now, tracking.retention, -1).getTime();
  const keep: CleanEvent[] = [];
  for (const e of events) {
    const at = Date.parse(e.occurredAt);
    // BK-1: anonymous behaviour is not recorded at all.
    if (!e.subjectId) drop('tracking.not-identified');
    // BK-2: anything outside the configured list is not kept.
    else if (!kinds.has(e.kind)) drop('tracking.kind-not-tracked');
    else if (kinds.get(e.kind) && !kinds.get(e.kind)?.has(e.topic)) drop('tracking.topic-not-tracked');
    else if (at > now.getTime() + FUTURE_TOLERANCE_MS) drop('tracking.future');
    // BK-3: older than the retention limit is never written.
    else if (at <= oldest) drop('retention.expired');
    else
      keep.push({
        subjectId: e.subjectId,
        clientId: e.id ?? null,
        kind: e.kind,
        topic: e.topic,
        occurredAt: new Date(at),
        props: e.props ?? null,
      });
  }
  return { keep, dropped };
}
