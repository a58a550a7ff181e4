REVOKE UPDATE (attempts, last_attempt_at, response_status, last_error, sent_at) ON deliveries FROM rd_worker;
ALTER TABLE deliveries
    DROP COLUMN last_error,
    DROP COLUMN response_status,
    DROP COLUMN last_attempt_at,
    DROP COLUMN attempts;
DROP FUNCTION rd_remove_webhook_endpoint(uuid);
DROP FUNCTION rd_set_webhook_endpoint(uuid, text, boolean);
DROP FUNCTION rd_require_webhook_admin();
DROP TABLE webhook_endpoints;
