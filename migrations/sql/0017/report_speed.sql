-- Reports fast at 1,000,000 entries (issue 10): the planner sees through the entry scope.
--
-- Revision 0011's rd_report_entries carried `SET search_path`, and PostgreSQL never inlines a SQL
-- function with a SET clause: every report materialised the whole scope (a million rows) into a
-- tuplestore before aggregating it, serially, and re-joined the scope's folders and proofs after.
-- The same function, same signature and same rows, now has no SET clause: its body is SQL-standard
-- (BEGIN ATOMIC), bound to the objects it names when it is created, so no caller's search_path can
-- redirect it (and every name is schema-qualified besides). It is PARALLEL SAFE:
-- each report's query is planned as one statement, in one pass over entries.
--
-- The scope's folder tests (the requester's company, references to properties) are EXISTS probes
-- that run only when a report has such a scope, so a report that shows no folder column (entry,
-- reviewer and fraud reports of staff) never joins folders at all: the planner drops the join.
--
-- Who sees what is unchanged: the function stays SECURITY INVOKER and EXECUTE stays with rd_worker;
-- the scope (the requester's company, references, range, team days) is the same predicate as before.
--
-- Range scans: a day in any team's time zone lies within a day of its UTC date (offsets are at most
-- -12 h and +14 h), so besides the exact day test each row must also pass a plain timestamp range
-- one day wider on each side, which the indexes on the two timestamps answer: a one-week report
-- (the weekly company summary) reads a week of entries, not all of them.
--
-- Figures that ask "did this entry have a fraudulent or edited document" read a partial index of
-- exactly those proofs instead of every proof.

CREATE OR REPLACE FUNCTION rd_report_entries(p_report_id uuid, p_by_review_day boolean)
RETURNS TABLE (
    entry_id uuid, day date, property_id uuid, company_id uuid, reviewer_id uuid,
    review_status text, result text, submitted_at timestamp, assigned_at timestamp, reviewed_at timestamp
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    -- The entries one report covers, each with its day: by submission, or (reviewer reports) by
    -- review. References name entries, properties or reviewers (uuids do not collide); none, or
    -- all_references, means everything in scope. A NULL end of the range leaves that side open.
    SELECT e.id, at_day.day, f.property_id, f.company_id, e.reviewer_id, e.review_status, e.result,
           coalesce(e.submission_time, e.inserted_at), e.review_assigned_date, e.review_date
    FROM public.analytics_reports AS r
    LEFT JOIN public.users AS requester ON requester.id = r.user_id
    LEFT JOIN public.team AS requester_team ON requester_team.id = requester.team_id
    CROSS JOIN public.entries AS e
    LEFT JOIN public.folders AS f ON f.id = e.folder_id
    LEFT JOIN public.users AS reviewer ON reviewer.id = e.reviewer_id
    LEFT JOIN public.team AS reviewer_team ON reviewer_team.id = reviewer.team_id
    CROSS JOIN LATERAL (
        SELECT CASE WHEN p_by_review_day THEN e.review_date ELSE coalesce(e.submission_time, e.inserted_at) END
    ) AS at_time (utc)
    CROSS JOIN LATERAL (
        SELECT (at_time.utc AT TIME ZONE 'UTC'
            AT TIME ZONE coalesce(reviewer_team.timezone, requester_team.timezone, 'UTC'))::date
    ) AS at_day (day)
    WHERE r.id = p_report_id
      AND (requester.company_id IS NULL OR EXISTS (
          SELECT FROM public.folders AS scoped WHERE scoped.id = e.folder_id AND scoped.company_id = requester.company_id
      ))
      AND (
          r.all_references OR cardinality(r."references") IS NOT DISTINCT FROM 0
          OR e.id = ANY (r."references") OR e.reviewer_id = ANY (r."references")
          OR EXISTS (
              SELECT FROM public.folders AS named WHERE named.id = e.folder_id AND named.property_id = ANY (r."references")
          )
      )
      AND at_day.day IS NOT NULL
      AND (r."from" IS NULL OR (at_day.day >= r."from" AND at_time.utc >= r."from" - 1))
      AND (r."to" IS NULL OR (at_day.day <= r."to" AND at_time.utc < r."to" + 2));
END;

CREATE INDEX ix_entries_submitted_or_inserted ON entries (coalesce(submission_time, inserted_at));
CREATE INDEX ix_entries_review_date ON entries (review_date);
CREATE INDEX ix_proof_fraud_or_edited ON proof (entry_id) WHERE result IN ('FRAUD', 'EDITED');
