-- Job control from the settings pane, and jobs inserted inside the database waking the nodes.
--
-- Retry, cancel and delete: staff admins no longer UPDATE or DELETE oban_jobs directly. Each
-- action is a SECURITY DEFINER function that checks the caller is a staff admin, changes
-- exactly what oban's own retry_many_jobs / cancel_many_jobs / delete_many_jobs change, and
-- records who did what to which jobs in the audit log (table_name 'job_control'). Cancelling an
-- executing job also sends oban's pkill signal through rd_send_job_signal (audited, vouched).
-- Pausing and resuming a queue already go through rd_send_job_signal (revision 0006).
--
-- Waking: oban's Python and Elixir nodes LISTEN on "<prefix>.oban_insert" ("public.oban_insert"),
-- but rd_create_invitation (0003) notifies the bare "oban_insert", so its jobs waited for a poll.
-- One trigger on oban_jobs notifies the prefixed channel for every available job, whichever
-- function or client inserted it; notifications repeat per queue at most once per transaction.

REVOKE UPDATE, DELETE ON oban_jobs FROM rd_admin;

CREATE FUNCTION rd_notify_job_insert()
RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM pg_notify('public.oban_insert', json_build_object('queue', NEW.queue)::text);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION rd_notify_job_insert() FROM PUBLIC;
CREATE TRIGGER notify_insert AFTER INSERT ON oban_jobs FOR EACH ROW
    WHEN (NEW.state = 'available') EXECUTE FUNCTION rd_notify_job_insert();

CREATE FUNCTION rd_record_job_control(p_action text, p_job_ids bigint[], p_affected bigint[])
RETURNS void LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
    -- One audit row per control action: what was asked, and which jobs it changed (owner only).
    INSERT INTO audit_log (db_role, user_id, action, table_name, new_values, reason, transaction_id)
    VALUES (
        session_user::text, rd_current_user_id(), 'UPDATE', 'job_control',
        jsonb_build_object('action', p_action, 'job_ids', to_jsonb(p_job_ids), 'affected', to_jsonb(p_affected)),
        nullif(current_setting('rd.audit_reason', true), ''), pg_current_xact_id()::text::bigint
    )
$$;
REVOKE ALL ON FUNCTION rd_record_job_control(text, bigint[], bigint[]) FROM PUBLIC;

CREATE FUNCTION rd_require_job_admin()
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators control jobs.' USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION rd_require_job_admin() FROM PUBLIC;

CREATE FUNCTION rd_retry_jobs(p_job_ids bigint[])
RETURNS bigint[] LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Make finished, failed or waiting jobs available now (available and executing ones are left alone).
DECLARE
    v_affected bigint[];
BEGIN
    PERFORM rd_require_job_admin();
    WITH retried AS (
        UPDATE oban_jobs SET
            state = 'available', max_attempts = greatest(max_attempts, attempt + 1),
            scheduled_at = (now() AT TIME ZONE 'utc'), completed_at = NULL, cancelled_at = NULL, discarded_at = NULL,
            meta = jsonb_set(meta, '{uniq_bmp}', '[]'::jsonb)
        WHERE id = ANY (p_job_ids) AND state NOT IN ('available', 'executing')
        RETURNING id
    )
    SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO v_affected FROM retried;
    PERFORM rd_record_job_control('retry', p_job_ids, v_affected);
    RETURN v_affected;
END
$$;
REVOKE ALL ON FUNCTION rd_retry_jobs(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_retry_jobs(bigint[]) TO rd_admin;

CREATE FUNCTION rd_cancel_jobs(p_job_ids bigint[])
RETURNS bigint[] LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Cancel jobs that have not finished; an executing job is told to stop (pkill) and its node records it.
DECLARE
    v_affected bigint[];
    v_executing bigint;
BEGIN
    PERFORM rd_require_job_admin();
    WITH cancelled AS (
        UPDATE oban_jobs SET
            state = 'cancelled', cancelled_at = (now() AT TIME ZONE 'utc'),
            meta = meta || jsonb_build_object('cancel_attempted_at', now() AT TIME ZONE 'utc')
        WHERE id = ANY (p_job_ids) AND state IN ('available', 'scheduled', 'retryable', 'suspended')
        RETURNING id
    )
    SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO v_affected FROM cancelled;
    FOR v_executing IN SELECT id FROM oban_jobs WHERE id = ANY (p_job_ids) AND state = 'executing' ORDER BY id LOOP
        PERFORM rd_send_job_signal(jsonb_build_object('action', 'pkill', 'job_id', v_executing));
        v_affected := v_affected || v_executing;
    END LOOP;
    PERFORM rd_record_job_control('cancel', p_job_ids, v_affected);
    RETURN v_affected;
END
$$;
REVOKE ALL ON FUNCTION rd_cancel_jobs(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_cancel_jobs(bigint[]) TO rd_admin;

CREATE FUNCTION rd_delete_jobs(p_job_ids bigint[])
RETURNS bigint[] LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Delete jobs for good; an executing job is never deleted under its node.
DECLARE
    v_affected bigint[];
BEGIN
    PERFORM rd_require_job_admin();
    WITH deleted AS (
        DELETE FROM oban_jobs WHERE id = ANY (p_job_ids) AND state <> 'executing' RETURNING id
    )
    SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO v_affected FROM deleted;
    PERFORM rd_record_job_control('delete', p_job_ids, v_affected);
    RETURN v_affected;
END
$$;
REVOKE ALL ON FUNCTION rd_delete_jobs(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_delete_jobs(bigint[]) TO rd_admin;

-- The nodes panel reads who is running and who leads (oban's own tables; no secrets in them).
GRANT SELECT ON oban_peers, oban_leaders, oban_producers TO rd_admin;
