-- One try of a webhook delivery: counted, timed, with the answer's status and the error if any;
-- sent_at marks the try that delivered.
UPDATE deliveries SET
    attempts = attempts + 1,
    last_attempt_at = timezone('UTC', now()),
    response_status = %(status)s,
    last_error = %(error)s,
    sent_at = CASE WHEN %(error)s::text IS NULL THEN timezone('UTC', now()) END
WHERE id = %(delivery_id)s
