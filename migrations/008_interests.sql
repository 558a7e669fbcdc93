-- Issue 7: interests derived by an explainable model (BK-4), product propensities and offers
-- (BK-5), profiling controls, and the outcomes the propensity model learns from.

-- One row per subject and topic, rewritten by each scoring run. `signals` holds the top
-- contributions (kind, count, last time, weight), so every score carries its explanation.
CREATE TABLE interests (
  subject_id    uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  topic         text NOT NULL,
  score         real NOT NULL CHECK (score >= 0 AND score <= 1),
  signals       jsonb NOT NULL,
  scored_at     timestamptz NOT NULL,
  PRIMARY KEY (subject_id, topic)
);

-- A topic the subject deleted is never inferred again (until they allow it again).
CREATE TABLE interest_suppressions (
  subject_id uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  topic      text NOT NULL,
  since      timestamptz NOT NULL,
  PRIMARY KEY (subject_id, topic)
);

-- Whether an offer of a product was taken up: what the propensity model learns from.
CREATE TABLE offer_outcomes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id  uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  product     text NOT NULL,
  accepted    boolean NOT NULL,
  offered_at  timestamptz NOT NULL,
  recorded_by text NOT NULL
);
CREATE INDEX offer_outcomes_subject_idx ON offer_outcomes (subject_id);

-- Trained propensity models: weights per product, in the open, with their evaluation.
CREATE TABLE models (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  policy_id  text NOT NULL,
  trained_at timestamptz NOT NULL,
  features   jsonb NOT NULL,
  weights    jsonb NOT NULL,
  metrics    jsonb NOT NULL,
  trained_by text NOT NULL
);
