-- Entry performance, one row per day (the entry's team's day): submissions, reviews completed,
-- approvals, approval rate among completed reviews, average minutes from submission to ruling.
SELECT
    day AS "Day",
    count(*) AS "Entries submitted",
    count(*) FILTER (WHERE review_status = 'COMPLETED') AS "Reviews completed",
    count(*) FILTER (WHERE result = 'APPROVED') AS "Approved",
    round(100.0 * count(*) FILTER (WHERE result = 'APPROVED')
        / nullif(count(*) FILTER (WHERE review_status = 'COMPLETED'), 0), 1) AS "Approval rate %%",
    round((avg(extract(EPOCH FROM reviewed_at - submitted_at) / 60)
        FILTER (WHERE review_status = 'COMPLETED' AND reviewed_at IS NOT NULL))::numeric, 1) AS "Avg review minutes"
FROM rd_report_entries(%(report_id)s, false)
GROUP BY day
ORDER BY day
