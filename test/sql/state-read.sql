SELECT 's' AS t, id, lifecycle AS a, controller AS b, contract_ended_on::text AS c,
            (extract(epoch FROM last_contact_at) * 1000)::bigint::text AS d,
            concat((extract(epoch FROM customer_from) * 1000)::bigint, ',', (extract(epoch FROM returned_at) * 1000)::bigint, ',', (extract(epoch FROM left_at) * 1000)::bigint) AS e
       FROM subjects WHERE id = ANY($1::uuid[])
     UNION ALL SELECT 'c', subject_id, purpose, channel, state, (extract(epoch FROM given_since) * 1000)::bigint::text,
            under_gpc::text || ',' || floor(extract(epoch FROM updated_at) * 1000)::bigint::text FROM consents WHERE subject_id = ANY($1::uuid[])
     UNION ALL SELECT 'o', subject_id, kind, purpose, NULL, NULL, NULL FROM objections WHERE subject_id = ANY($1::uuid[])
     UNION ALL SELECT 'r', subject_id, purpose, reason, (extract(epoch FROM since) * 1000)::bigint::text, NULL, NULL
       FROM restrictions WHERE subject_id = ANY($1::uuid[])
     UNION ALL SELECT 'u', subject_id, topic, NULL, NULL, NULL, NULL FROM subscriptions WHERE subject_id = ANY($1::uuid[])
     UNION ALL SELECT 'm', subject_id, NULL, NULL, (extract(epoch FROM max(sent_at)) * 1000)::bigint::text, NULL, NULL
       FROM communications WHERE subject_id = ANY($1::uuid[]) AND commercial GROUP BY subject_id
     UNION ALL SELECT 'e', subject_id, event, NULL, (extract(epoch FROM occurred_at) * 1000)::bigint::text, NULL, NULL
       FROM retention_events WHERE subject_id = ANY($1::uuid[])
