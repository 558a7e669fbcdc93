-- Consent, objections, restrictions, subscriptions and themes (issue: consent ledger).
-- Ledgers are append-only; the current state is a projection written in the same transaction.
-- Ledgers carry no foreign key to subjects: the proof outlives an erasure in pseudonymised form.

CREATE FUNCTION garde_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;

-- BK-16, EN-9: consent given, refused or withdrawn, with its proof.
CREATE TABLE consent_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id     uuid NOT NULL,
  purpose        text NOT NULL,
  -- '' means every channel; a channel id when the purpose takes consent per channel.
  channel        text NOT NULL DEFAULT '',
  state          text NOT NULL CHECK (state IN ('given', 'refused', 'withdrawn')),
  actor          text NOT NULL,
  source         text NOT NULL CHECK (source IN ('portal', 'api', 'agent', 'letter', 'email', 'gpc')),
  notice_version text NOT NULL,
  recorded_at    timestamptz NOT NULL,
  user_agent     text,
  -- Truncated: /24 for IPv4, /48 for IPv6. Enough to show where a consent came from, not who.
  ip_prefix      text
);
CREATE INDEX consent_events_subject_idx ON consent_events (subject_id, id);

CREATE TABLE consents (
  subject_id uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  purpose    text NOT NULL,
  channel    text NOT NULL DEFAULT '',
  state      text NOT NULL CHECK (state IN ('given', 'refused', 'withdrawn')),
  event_id   bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (subject_id, purpose, channel)
);

-- EN-11: objections (Art. 21) to direct marketing, profiling or legitimate interest.
CREATE TABLE objection_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id  uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('direct-marketing', 'profiling', 'legitimate-interest')),
  -- '' means every purpose of that kind.
  purpose     text NOT NULL DEFAULT '',
  action      text NOT NULL CHECK (action IN ('raised', 'lifted')),
  actor       text NOT NULL,
  source      text NOT NULL CHECK (source IN ('portal', 'api', 'agent', 'letter', 'email', 'gpc')),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX objection_events_subject_idx ON objection_events (subject_id, id);

CREATE TABLE objections (
  subject_id uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  kind       text NOT NULL,
  purpose    text NOT NULL DEFAULT '',
  since      timestamptz NOT NULL,
  event_id   bigint NOT NULL,
  PRIMARY KEY (subject_id, kind, purpose)
);

-- EN-11: restriction of processing (Art. 18): the data may only be stored.
CREATE TABLE restriction_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id  uuid NOT NULL,
  purpose     text NOT NULL DEFAULT '',
  action      text NOT NULL CHECK (action IN ('imposed', 'lifted')),
  reason      text NOT NULL,
  actor       text NOT NULL,
  source      text NOT NULL CHECK (source IN ('portal', 'api', 'agent', 'letter', 'email', 'gpc')),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX restriction_events_subject_idx ON restriction_events (subject_id, id);

CREATE TABLE restrictions (
  subject_id uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  purpose    text NOT NULL DEFAULT '',
  reason     text NOT NULL,
  since      timestamptz NOT NULL,
  event_id   bigint NOT NULL,
  PRIMARY KEY (subject_id, purpose)
);

-- BK-8: subscriptions are their own ledger: subscribing is never marketing consent.
CREATE TABLE subscription_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id  uuid NOT NULL,
  topic       text NOT NULL,
  action      text NOT NULL CHECK (action IN ('subscribed', 'unsubscribed')),
  actor       text NOT NULL,
  source      text NOT NULL CHECK (source IN ('portal', 'api', 'agent', 'letter', 'email', 'gpc')),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX subscription_events_subject_idx ON subscription_events (subject_id, id);

CREATE TABLE subscriptions (
  subject_id uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  topic      text NOT NULL,
  since      timestamptz NOT NULL,
  event_id   bigint NOT NULL,
  PRIMARY KEY (subject_id, topic)
);

-- BK-6, BK-13: products or accounts the customer linked to a theme; no model involved.
CREATE TABLE theme_links (
  subject_id uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  theme      text NOT NULL,
  holding_id uuid NOT NULL REFERENCES holdings (id) ON DELETE CASCADE,
  linked_at  timestamptz NOT NULL,
  PRIMARY KEY (subject_id, theme, holding_id)
);

CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
  FOR EACH ROW EXECUTE FUNCTION garde_append_only();
CREATE TRIGGER objection_events_append_only BEFORE UPDATE OR DELETE ON objection_events
  FOR EACH ROW EXECUTE FUNCTION garde_append_only();
CREATE TRIGGER restriction_events_append_only BEFORE UPDATE OR DELETE ON restriction_events
  FOR EACH ROW EXECUTE FUNCTION garde_append_only();
CREATE TRIGGER subscription_events_append_only BEFORE UPDATE OR DELETE ON subscription_events
  FOR EACH ROW EXECUTE FUNCTION garde_append_only();
