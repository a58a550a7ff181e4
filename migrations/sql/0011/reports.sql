-- Analytics reports (spec 000, section 6; issue 10): request, scope, output and live progress.
--
-- Output: a report yields three files. document_blob_id (revision 0001) holds the PDF; csv_blob_id
-- and xlsx_blob_id are added here, and the chart's figures (label/value pairs) go to chart so a
-- workstation can draw them without parsing a file. Every policy that made a report's blob as
-- private as its report row now looks at all three columns.
--
-- Request: staff administrators and company administrators call rd_request_report; it writes the
-- row for the caller and enqueues the generation job in one transaction (staff have no INSERT on
-- oban_jobs since revision 0006). Staff lose their direct INSERT on analytics_reports: a row
-- without its job would wait forever, and reviewers have no business asking for reports. A company administrator's report covers their company only: the
-- scope is the requester's users.company_id, applied by rd_report_entries when the job runs, so a
-- reference to another company's entry simply contributes nothing.
--
-- Days: an entry's day is its reviewing team's day (team.timezone of entries.reviewer_id's team);
-- an entry nobody reviewed yet counts in the requester's team's timezone, else UTC.

ALTER TABLE analytics_reports
    ADD COLUMN csv_blob_id uuid REFERENCES document_blobs (id),
    ADD COLUMN xlsx_blob_id uuid REFERENCES document_blobs (id),
    ADD COLUMN chart jsonb;
CREATE INDEX ix_analytics_reports_csv_blob_id ON analytics_reports (csv_blob_id);
CREATE INDEX ix_analytics_reports_xlsx_blob_id ON analytics_reports (xlsx_blob_id);
GRANT UPDATE (csv_blob_id, xlsx_blob_id, chart) ON analytics_reports TO rd_worker;

CREATE OR REPLACE FUNCTION rd_report_blob_ids()
RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(array_agg(blob_id), '{}')
    FROM analytics_reports, LATERAL (VALUES (document_blob_id), (csv_blob_id), (xlsx_blob_id)) AS b (blob_id)
    WHERE blob_id IS NOT NULL
$$;

DROP POLICY staff_read ON document_blobs;
CREATE POLICY staff_read ON document_blobs FOR SELECT TO rd_staff
    USING (
        (SELECT rd_is_staff())
        AND (
            id <> ALL ((SELECT rd_report_blob_ids())::uuid[])
            OR id IN (SELECT unnest(ARRAY[document_blob_id, csv_blob_id, xlsx_blob_id]) FROM analytics_reports)
        )
    );

DROP POLICY company_read ON document_blobs;
CREATE POLICY company_read ON document_blobs FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (
        'db://document_blobs/' || id::text IN (SELECT file FROM proof UNION ALL SELECT thumb FROM proof)
        OR id IN (SELECT unnest(ARRAY[document_blob_id, csv_blob_id, xlsx_blob_id]) FROM analytics_reports)
    );

CREATE FUNCTION rd_insert_report(
    p_type text, p_references uuid[], p_all_references boolean, p_from date, p_to date, p_user_id uuid
)
RETURNS uuid LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- The one insert behind rd_request_report and the weekly summary (owner only): the row and its job.
DECLARE
    v_id uuid;
BEGIN
    INSERT INTO analytics_reports (id, type, "references", all_references, "from", "to", user_id, status)
    VALUES (gen_random_uuid(), p_type, p_references, p_all_references, p_from, p_to, p_user_id, 'pending')
    RETURNING id INTO v_id;
    PERFORM rd_enqueue_job(
        'desk_reports', 'services.jobs.report_generation.ReportGenerationWorker',
        jsonb_build_object('report_id', v_id), 3
    );
    RETURN v_id;
END
$$;
REVOKE ALL ON FUNCTION rd_insert_report(text, uuid[], boolean, date, date, uuid) FROM PUBLIC;

CREATE FUNCTION rd_request_report(p_type text, p_references uuid[], p_all_references boolean, p_from date, p_to date)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- One report for the caller: the analytics_reports row and its generation job, or a refusal.
DECLARE
    v_id uuid;
BEGIN
    IF rd_current_user_id() IS NULL
       OR NOT (rd_acting_as_staff_admin() OR rd_current_group() IS NOT DISTINCT FROM 'rd_company_admin') THEN
        RAISE EXCEPTION 'Only administrators can request reports.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_type IS NULL OR p_type NOT IN (
        'entry_performance', 'property_performance', 'reviewer_performance', 'company_summary', 'fraud_analysis'
    ) THEN
        RAISE EXCEPTION 'Not a report type: %.', p_type USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_from IS NOT NULL AND p_to IS NOT NULL AND p_from > p_to THEN
        RAISE EXCEPTION 'A report''s range must start (%) on or before its end (%).', p_from, p_to
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN rd_insert_report(
        p_type, coalesce(p_references, '{}'), coalesce(p_all_references, false), p_from, p_to, rd_current_user_id()
    );
END
$$;
REVOKE ALL ON FUNCTION rd_request_report(text, uuid[], boolean, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_request_report(text, uuid[], boolean, date, date) TO rd_admin, rd_company_admin;
REVOKE INSERT ON analytics_reports FROM rd_staff;

CREATE FUNCTION rd_enqueue_weekly_company_summary()
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- The weekly company summary oban's cron asks for (worker nodes only): last Monday-to-Sunday week,
-- all references, requested by nobody (so for every company), as a row the admins read.
DECLARE
    v_monday date := date_trunc('week', (now() AT TIME ZONE 'UTC'))::date - 7;
BEGIN
    IF NOT pg_has_role(session_user, 'rd_worker', 'MEMBER') THEN
        RAISE EXCEPTION 'Only worker nodes schedule the weekly summary.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN rd_insert_report('company_summary', '{}', true, v_monday, v_monday + 6, NULL);
END
$$;
REVOKE ALL ON FUNCTION rd_enqueue_weekly_company_summary() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_enqueue_weekly_company_summary() TO rd_worker;

CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON analytics_reports
    FOR EACH ROW EXECUTE FUNCTION rd_notify_change('report');
