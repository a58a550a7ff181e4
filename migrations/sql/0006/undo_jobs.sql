-- Undoes jobs.sql.
DROP FUNCTION rd_enqueue_session_cleanup();
DROP FUNCTION rd_enqueue_ruling_notification(uuid, uuid[]);
DROP FUNCTION rd_enqueue_job(text, text, jsonb, integer);
GRANT INSERT ON oban_jobs TO rd_staff;
DROP FUNCTION rd_job_signal_is_vouched(bigint, jsonb);
DROP FUNCTION rd_send_job_signal(jsonb);
