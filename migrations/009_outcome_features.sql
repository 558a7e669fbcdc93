-- Issue 7 follow-up: an offer outcome keeps the model features as they were when the offer was
-- made (derived values only: scores, holdings, age band, region; never a birth date or an
-- address), so training learns from what the model could have known, not from what came after.
ALTER TABLE offer_outcomes ADD COLUMN features jsonb;
