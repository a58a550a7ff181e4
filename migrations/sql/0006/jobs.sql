-- Job control and job creation go through the database's own checks.
--
-- Signals: PostgreSQL has no privilege on NOTIFY, so any role (the gatekeeper included) can
-- send oban's pause/resume/stop/scale/pkill signals on the "public.oban_signal" channel. A
-- signal now counts only when rd_send_job_signal sent it: it validates the signal, records it
-- in the audit log (table_name 'job_signals'; who sent what, when) and notifies with the log
-- row's id. Worker nodes (services.jobs.signals) act on a notification only after
-- rd_job_signal_is_vouched finds that row with the very same payload, sent moments ago by a
-- staff admin, a worker node or the deployment owner; anything else is logged and dropped.
--
-- Jobs: staff no longer INSERT into oban_jobs (they could name any of our workers with any
-- arguments, e.g. a forged invitation e-mail). Each job a workstation may create has a named
-- function that fixes its worker, queue and options and validates its arguments. Worker nodes
-- and the owner keep inserting directly (cron, follow-up jobs).

CREATE FUNCTION rd_send_job_signal(p_signal jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT (rd_acting_as_staff_admin() OR pg_has_role(session_user, 'rd_worker', 'MEMBER')) THEN
        RAISE EXCEPTION 'Only staff administrators and worker nodes control jobs.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF jsonb_typeof(p_signal) IS DISTINCT FROM 'object'
       OR p_signal ->> 'action' IS NULL
       OR p_signal ->> 'action' NOT IN ('pause', 'resume', 'pkill', 'start', 'stop', 'scale')
       OR (p_signal ->> 'action' = 'pkill' AND jsonb_typeof(p_signal -> 'job_id') IS DISTINCT FROM 'number')
       OR p_signal ? 'signal_id' THEN
        RAISE EXCEPTION 'Not a job signal: %.', p_signal USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO audit_log (db_role, user_id, action, table_name, new_values, reason, transaction_id)
    VALUES (
        session_user::text, rd_current_user_id(), 'INSERT', 'job_signals', p_signal,
        nullif(current_setting('rd.audit_reason', true), ''), pg_current_xact_id()::text::bigint
    )
    RETURNING id INTO v_id;
    PERFORM pg_notify('public.oban_signal', (p_signal || jsonb_build_object('signal_id', v_id))::text);
    RETURN v_id;
END
$$;
REVOKE ALL ON FUNCTION rd_send_job_signal(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_send_job_signal(jsonb) TO rd_admin, rd_worker;

CREATE FUNCTION rd_job_signal_is_vouched(p_signal_id bigint, p_signal jsonb)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT EXISTS (
        SELECT FROM audit_log
        WHERE id = p_signal_id AND table_name = 'job_signals' AND new_values = p_signal
          AND occurred_at > (now() AT TIME ZONE 'utc') - interval '5 minutes'
    )
$$;
REVOKE ALL ON FUNCTION rd_job_signal_is_vouched(bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_job_signal_is_vouched(bigint, jsonb) TO rd_worker;

REVOKE INSERT ON oban_jobs FROM rd_staff;

CREATE FUNCTION rd_enqueue_job(p_queue text, p_worker text, p_args jsonb, p_max_attempts integer)
RETURNS bigint LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
    -- The one insert behind the named enqueue functions (owner only); staged at once, like oban.
    WITH job AS (
        INSERT INTO oban_jobs (queue, worker, args, max_attempts)
        VALUES (p_queue, p_worker, p_args, p_max_attempts)
        RETURNING id
    )
    SELECT job.id FROM job, LATERAL (SELECT pg_notify('public.oban_insert', json_build_object('queue', p_queue)::text)) AS n
$$;
REVOKE ALL ON FUNCTION rd_enqueue_job(text, text, jsonb, integer) FROM PUBLIC;

CREATE FUNCTION rd_enqueue_ruling_notification(p_entry_id uuid, p_reupload_proof_ids uuid[] DEFAULT '{}')
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Announce a completed ruling: only by whoever may rule on the entry, only once it is completed.
-- What it announces (the fraud ruling, the entry's result) is read here, not taken from the caller;
-- the caller only names which of the entry's INSUFFICIENT documents the applicant must upload again.
DECLARE
    v_result text;
    v_ruling text;
BEGIN
    IF NOT coalesce(rd_may_rule_on_entry(p_entry_id, NULL), false) THEN
        RAISE EXCEPTION 'Only the reviewer of entry % or QA can announce its ruling.', p_entry_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT e.result,
           (SELECT t.code FROM fraud_submissions AS s
            JOIN fraud_reviews AS r ON r.fraud_submission_id = s.id
            JOIN fraud_result_types AS t ON t.id = r.result
            WHERE s.entry_id = e.id AND r.status = 'COMPLETED'
            ORDER BY r.completed_date DESC NULLS LAST, r.id DESC LIMIT 1)
      INTO v_result, v_ruling
      FROM entries AS e WHERE e.id = p_entry_id AND e.review_status = 'COMPLETED';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Entry % has no completed ruling to announce.', p_entry_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (
        SELECT FROM unnest(coalesce(p_reupload_proof_ids, '{}')) AS asked(id)
        WHERE NOT EXISTS (
            SELECT FROM proof WHERE proof.id = asked.id AND proof.entry_id = p_entry_id AND proof.result = 'INSUFFICIENT'
        )
    ) THEN
        RAISE EXCEPTION 'Only insufficient documents of entry % can be asked for again.', p_entry_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN rd_enqueue_job(
        'desk_notifications', 'services.jobs.ruling_notification.RulingNotificationWorker',
        jsonb_build_object(
            'entry_id', p_entry_id, 'ruling', v_ruling, 'result', v_result,
            'reupload_proof_ids', to_jsonb(coalesce(p_reupload_proof_ids, '{}'))
        ),
        10
    );
END
$$;
REVOKE ALL ON FUNCTION rd_enqueue_ruling_notification(uuid, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_enqueue_ruling_notification(uuid, uuid[]) TO rd_staff;

CREATE FUNCTION rd_enqueue_session_cleanup()
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Run the hourly clean-up of expired applicant sessions now: a staff administrator's call.
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can start the session clean-up.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN rd_enqueue_job('desk_maintenance', 'services.jobs.session_cleanup.SessionCleanupWorker', '{}', 3);
END
$$;
REVOKE ALL ON FUNCTION rd_enqueue_session_cleanup() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_enqueue_session_cleanup() TO rd_admin;
