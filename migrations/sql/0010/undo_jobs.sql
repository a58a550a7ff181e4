REVOKE SELECT ON oban_peers, oban_leaders, oban_producers FROM rd_admin;
DROP FUNCTION rd_delete_jobs(bigint[]);
DROP FUNCTION rd_cancel_jobs(bigint[]);
DROP FUNCTION rd_retry_jobs(bigint[]);
DROP FUNCTION rd_require_job_admin();
DROP FUNCTION rd_record_job_control(text, bigint[], bigint[]);
DROP TRIGGER notify_insert ON oban_jobs;
DROP FUNCTION rd_notify_job_insert();
GRANT UPDATE ("state", "max_attempts", "scheduled_at", "completed_at", "cancelled_at", "discarded_at", "meta"),
    DELETE ON oban_jobs TO rd_admin;
