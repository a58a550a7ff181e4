-- Reviewer performance, one row per reviewer over the reviews they completed (by review day in
-- their team's timezone): count, average minutes from assignment to ruling, share approved.
SELECT
    coalesce(nullif(concat_ws(' ', u.first_name, u.last_name), ''), u.email, '(unknown)') AS "Reviewer",
    count(*) AS "Reviews completed",
    round((avg(extract(EPOCH FROM s.reviewed_at - s.assigned_at) / 60)
        FILTER (WHERE s.assigned_at IS NOT NULL))::numeric, 1) AS "Avg review minutes",
    round(100.0 * count(*) FILTER (WHERE s.result = 'APPROVED') / count(*), 1) AS "Approved %%"
FROM rd_report_entries(%(report_id)s, true) AS s
LEFT JOIN users AS u ON u.id = s.reviewer_id
WHERE s.review_status = 'COMPLETED' AND s.reviewer_id IS NOT NULL
GROUP BY s.reviewer_id, u.first_name, u.last_name, u.email
ORDER BY "Reviews completed" DESC, "Reviewer"
