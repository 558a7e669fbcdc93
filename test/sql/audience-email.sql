SELECT subject_id, CASE WHEN reason IS NULL AND mailbox IS NOT NULL
  AND row_number() OVER (PARTITION BY mailbox ORDER BY reason IS NULL DESC, subject_id) > 1
  THEN 'mailbox.shared' ELSE reason END AS reason
FROM (
SELECT s.id AS subject_id, lower(si.email) AS mailbox, CASE
  WHEN s.id IS NULL THEN 'subject.unknown'
  WHEN s.controller <> 'self' THEN 'controller.partner'
  WHEN jr.subject_id IS NOT NULL THEN 'restriction.active'
  WHEN s.lifecycle NOT IN ('customer') THEN 'lifecycle.not-allowed'
  WHEN c.state IS NULL THEN 'consent.missing'
  WHEN c.state <> 'given' THEN 'consent.' || c.state
  WHEN jo_direct_marketing.subject_id IS NOT NULL THEN 'objection.marketing'
  WHEN jc.state IS DISTINCT FROM 'given' THEN 'channel.requires_consent'
  WHEN jo_any.subject_id IS NOT NULL THEN 'objection.marketing'
  WHEN COALESCE(mu.used, u.used) >= $7::int THEN 'cap.reached'
END AS reason
FROM subjects s
CROSS JOIN (SELECT $1::timestamptz::timestamptz AS at) jnow
LEFT JOIN (SELECT subject_id FROM restrictions WHERE purpose IN ('', $2::text) GROUP BY subject_id) jr ON jr.subject_id = s.id
LEFT JOIN consents c ON c.subject_id = s.id AND c.purpose = $2::text AND c.channel = ''
LEFT JOIN (SELECT subject_id FROM objections WHERE kind = 'direct-marketing' AND purpose IN ('', $2::text) GROUP BY subject_id) jo_direct_marketing ON jo_direct_marketing.subject_id = s.id
LEFT JOIN (SELECT subject_id, (array_agg(state ORDER BY channel DESC))[1] AS state, (array_agg(given_since ORDER BY channel DESC))[1] AS given_since
             FROM consents cr WHERE purpose = 'commercial-email' AND channel IN ('', 'email') GROUP BY subject_id) jc ON jc.subject_id = s.id
LEFT JOIN (SELECT subject_id FROM objections WHERE kind = 'direct-marketing' AND purpose = '' GROUP BY subject_id) jo_any ON jo_any.subject_id = s.id
LEFT JOIN cap_usage u ON $8::boolean AND u.subject_id = s.id AND u.window_key = $6::text
LEFT JOIN identities si ON si.subject_id = s.id
LEFT JOIN (SELECT lower(i.email) AS mailbox, sum(cu.used)::int AS used FROM cap_usage cu JOIN identities i ON i.subject_id = cu.subject_id
           WHERE $8::boolean AND cu.window_key = $6::text AND i.email IS NOT NULL GROUP BY 1) mu ON mu.mailbox = lower(si.email)
WHERE ($3::text[] IS NULL OR s.lifecycle = ANY($3))
  AND ($4::text[] IS NULL OR EXISTS (SELECT 1 FROM holdings h WHERE h.subject_id = s.id AND h.product_code = ANY($4)))
  AND ($5::text[] IS NULL OR EXISTS (SELECT 1 FROM theme_links t WHERE t.subject_id = s.id AND t.theme = ANY($5)))
  ) j
