-- Behaviour is judged at the time it happened (issue 11, item 3), the lifecycle included: a
-- purpose for customers does not cover what a prospect or a former customer did. customer_since
-- is the day the relationship began as the controller states it; customer_from is the instant
-- from which the current relationship covers behaviour: set when a prospect or a former customer
-- becomes a customer (now, or the start of the day they state), so a returning customer's gap
-- and a prospect's last minutes before the contract are not covered.
ALTER TABLE subjects ADD COLUMN customer_from timestamptz;
UPDATE subjects SET customer_from = customer_since::timestamp AT TIME ZONE 'UTC' WHERE customer_since IS NOT NULL;
