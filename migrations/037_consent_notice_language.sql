-- The language of the notice the person read when choosing (issue 12: the ISO/IEC TS 27560
-- receipt states it). Unknown (null) for choices recorded before, or by a source that showed none.
ALTER TABLE consent_events ADD COLUMN notice_language text;
