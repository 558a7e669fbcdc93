-- Behaviour judged by the lifecycle it happened in (issue 11, item 3). A purpose names the
-- lifecycles it covers; what happened before the person last entered them from outside is not
-- covered. Entering customer from prospect is customer_from (034); these are the two other ways
-- in: a former customer's return, and a customer's departure (for a purpose of former customers).
ALTER TABLE subjects ADD COLUMN returned_at timestamptz, ADD COLUMN left_at timestamptz;
-- Departures before this column: from the end of the day the contract ended.
UPDATE subjects SET left_at = (contract_ended_on + 1)::timestamp AT TIME ZONE 'UTC'
WHERE lifecycle = 'former' AND contract_ended_on IS NOT NULL;
