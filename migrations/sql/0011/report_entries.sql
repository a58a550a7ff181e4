-- Revision 0011's scope of a report, in a file of its own so that revision 0017, which replaces it, can
-- put it back on its way down without a copy (hence OR REPLACE).
CREATE OR REPLACE FUNCTION rd_report_entries(p_report_id uuid, p_by_review_day boolean)
RETURNS TABLE (
    entry_id uuid, day date, property_id uuid, company_id uuid, reviewer_id uuid,
    review_status text, result text, submitted_at timestamp, assigned_at timestamp, reviewed_at timestamp
)
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- The entries one report covers, each with its day: by submission, or (reviewer reports) by
    -- review. References name entries, properties or reviewers (uuids do not collide); none, or
    -- all_references, means everything in scope. A NULL end of the range leaves that side open.
    WITH request AS (
        SELECT r."from" AS from_day, r."to" AS to_day, r.all_references OR cardinality(r."references") IS NOT DISTINCT FROM 0 AS everything,
               coalesce(r."references", '{}') AS refs, u.company_id AS scope_company_id,
               coalesce(t.timezone, 'UTC') AS requester_timezone
        FROM analytics_reports AS r
        LEFT JOIN users AS u ON u.id = r.user_id
        LEFT JOIN team AS t ON t.id = u.team_id
        WHERE r.id = p_report_id
    ),
    dated AS (
        SELECT e.id, f.property_id, f.company_id, e.reviewer_id, e.review_status, e.result,
               coalesce(e.submission_time, e.inserted_at) AS submitted_at, e.review_assigned_date, e.review_date,
               (CASE WHEN p_by_review_day THEN e.review_date ELSE coalesce(e.submission_time, e.inserted_at) END
                   AT TIME ZONE 'UTC' AT TIME ZONE coalesce(rt.timezone, q.requester_timezone))::date AS day,
               q.from_day, q.to_day
        FROM request AS q
        CROSS JOIN entries AS e
        LEFT JOIN folders AS f ON f.id = e.folder_id
        LEFT JOIN users AS ru ON ru.id = e.reviewer_id
        LEFT JOIN team AS rt ON rt.id = ru.team_id
        WHERE (q.scope_company_id IS NULL OR f.company_id = q.scope_company_id)
          AND (q.everything OR e.id = ANY (q.refs) OR f.property_id = ANY (q.refs) OR e.reviewer_id = ANY (q.refs))
    )
    SELECT id, day, property_id, company_id, reviewer_id, review_status, result, submitted_at, review_assigned_date, review_date
    FROM dated
    WHERE day IS NOT NULL
      AND (from_day IS NULL OR day >= from_day)
      AND (to_day IS NULL OR day <= to_day)
$$;
REVOKE ALL ON FUNCTION rd_report_entries(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_report_entries(uuid, boolean) TO rd_worker;
