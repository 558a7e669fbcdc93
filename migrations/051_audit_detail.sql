-- The audit trail (EN-8, BK-15): an entry may name, readably, the non-personal ids its action
-- concerns (a campaign, a processor), besides its digest: detail, a flat object of strings. Only
-- an entry that has one covers it in its hash, so every entry chained before keeps its hash.
ALTER TABLE audit_pending ADD COLUMN detail jsonb;
ALTER TABLE audit_log ADD COLUMN detail jsonb;
