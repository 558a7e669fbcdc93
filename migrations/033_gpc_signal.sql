-- Global Privacy Control is honoured once (issue 11): the first request on which a person's
-- browser sends the signal withdraws what they had given (and objects, where the policy says
-- so); what they choose after that, by any channel, stands. The time of that first signal:
ALTER TABLE subjects ADD COLUMN gpc_signal_at timestamptz;
-- Before this column, each GPC withdrawal was a ledger entry of source 'gpc'.
UPDATE subjects s SET gpc_signal_at = g.at
FROM (SELECT subject_id, min(recorded_at) AS at FROM consent_events WHERE source = 'gpc' GROUP BY subject_id) g
WHERE g.subject_id = s.id;
