-- One keyset page of jobs, newest first: strictly older than :before_id, filtered on the server.
-- Reads oban_jobs' primary key range backwards; the filters are optional (NULL = any).
SELECT id, queue, worker, state::text, attempt, max_attempts, inserted_at, scheduled_at, attempted_at,
       CASE WHEN args ->> 'entry_id' ~ '^[0-9a-fA-F-]{36}$' THEN (args ->> 'entry_id')::uuid END AS entry_id
FROM oban_jobs
WHERE (CAST(:before_id AS bigint) IS NULL OR id < :before_id)
  AND (CAST(:queue AS text) IS NULL OR queue = :queue)
  AND (CAST(:state AS text) IS NULL OR state = CAST(:state AS oban_job_state))
  AND (CAST(:worker AS text) IS NULL OR worker ILIKE '%' || :worker || '%')
  AND (CAST(:entry_id AS text) IS NULL OR args ->> 'entry_id' = :entry_id)
ORDER BY id DESC
LIMIT :limit
