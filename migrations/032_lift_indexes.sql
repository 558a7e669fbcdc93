-- Behaviour judged when it happened (issue 11): the ingest gate asks, per event, whether an
-- objection or restriction that applied was lifted since. These partial indexes answer it with
-- one small index probe (the ledgers' subject index alone cost 5 ms per 1,000-event batch).
CREATE INDEX objection_events_lifted_idx ON objection_events (subject_id, recorded_at) WHERE action = 'lifted';
CREATE INDEX restriction_events_lifted_idx ON restriction_events (subject_id, recorded_at) WHERE action = 'lifted';
