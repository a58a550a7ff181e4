-- One job with everything the detail pane shows (staff admins may read args, errors and meta).
SELECT id, queue, worker, state::text, attempt, max_attempts, inserted_at, scheduled_at, attempted_at,
       CASE WHEN args ->> 'entry_id' ~ '^[0-9a-fA-F-]{36}$' THEN (args ->> 'entry_id')::uuid END AS entry_id,
       args, meta, tags, errors, completed_at, cancelled_at, discarded_at
FROM oban_jobs
WHERE id = :job_id
