-- BK-7, rolling cap window: counted messages are counted on the ledger since the window's start,
-- per person (communications_subject_idx serves that) and, for a campaign's audience, for
-- everyone at once: this index reads only the counted messages of the window.
CREATE INDEX communications_counted_idx ON communications (sent_at, subject_id) WHERE counted;
