-- The job tables (oban_jobs and oban's own). Staff enqueue (INSERT) and see the job list
-- without args/errors/meta: an invitation e-mail job carries the one-time code to the
-- worker that sends it. Staff admins read, cancel, retry and delete jobs, changing only what
-- oban's cancel and retry change, never a job's worker, queue or arguments. Worker nodes
-- own the rows. No row-level security here: the client's Elixir nodes share these tables.
GRANT SELECT (
    "id", "state", "queue", "worker", "attempt", "max_attempts", "priority", "tags", "inserted_at", "scheduled_at",
    "attempted_at", "completed_at", "discarded_at", "cancelled_at"
), INSERT ON oban_jobs TO rd_staff;
GRANT SELECT, UPDATE ("state", "max_attempts", "scheduled_at", "completed_at", "cancelled_at", "discarded_at", "meta"),
    DELETE ON oban_jobs TO rd_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON oban_jobs, oban_peers, oban_leaders, oban_producers TO rd_worker;

REVOKE EXECUTE ON FUNCTION oban_count_estimate(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION oban_count_estimate(text, text) TO rd_worker, rd_admin;

-- Worker nodes import the module a job names, so staff may enqueue only our Python workers
-- (services.jobs.*) on our queues (desk_*, see services.jobs.queues). Nodes outside our groups
-- (the client's Elixir ones) are not affected, nor is the owner.
CREATE FUNCTION rd_refuse_foreign_job()
RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- Fires only for a job outside our workers and queues (the trigger's WHEN): worker
-- nodes import the module a job names, so staff must not name arbitrary ones.
BEGIN
    IF pg_has_role(session_user, 'rd_staff', 'MEMBER')
       AND NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.users'::regclass), 'MEMBER')
    THEN
        RAISE EXCEPTION 'Workstations enqueue only Ruling Desk jobs, not % on queue %.', NEW.worker, NEW.queue
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION rd_refuse_foreign_job() FROM PUBLIC;

CREATE TRIGGER staff_enqueue_only_our_jobs BEFORE INSERT ON oban_jobs
    FOR EACH ROW WHEN (NOT (NEW.worker LIKE 'services.jobs.%' AND NEW.queue LIKE 'desk\_%'))
    EXECUTE FUNCTION rd_refuse_foreign_job();
