-- Undo reports.sql: back to revision 0006's blob policies and the bare analytics_reports table.
DROP TRIGGER notify_change ON analytics_reports;
DROP FUNCTION rd_enqueue_weekly_company_summary();
DROP FUNCTION rd_report_entries(uuid, boolean);
DROP FUNCTION rd_request_report(text, uuid[], boolean, date, date);
DROP FUNCTION rd_insert_report(text, uuid[], boolean, date, date, uuid);
GRANT INSERT (type, "references", all_references, "from", "to", user_id) ON analytics_reports TO rd_staff;

DROP POLICY company_read ON document_blobs;
CREATE POLICY company_read ON document_blobs FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (
        'db://document_blobs/' || id::text IN (SELECT file FROM proof UNION ALL SELECT thumb FROM proof)
        OR id IN (SELECT document_blob_id FROM analytics_reports)
    );
DROP POLICY staff_read ON document_blobs;
CREATE POLICY staff_read ON document_blobs FOR SELECT TO rd_staff
    USING (
        (SELECT rd_is_staff())
        AND (
            id <> ALL ((SELECT rd_report_blob_ids())::uuid[])
            OR id IN (SELECT document_blob_id FROM analytics_reports)
        )
    );
CREATE OR REPLACE FUNCTION rd_report_blob_ids()
RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(array_agg(document_blob_id), '{}') FROM analytics_reports WHERE document_blob_id IS NOT NULL
$$;
ALTER TABLE analytics_reports DROP COLUMN chart, DROP COLUMN xlsx_blob_id, DROP COLUMN csv_blob_id;
