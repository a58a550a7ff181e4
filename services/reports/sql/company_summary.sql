-- Company summary, one row per company: entries, completed reviews, approvals, rejections,
-- entries with a fraudulent or edited document, average minutes from submission to ruling.
SELECT
    coalesce(c.name, '(no company)') AS "Company",
    count(*) AS "Entries",
    count(*) FILTER (WHERE s.review_status = 'COMPLETED') AS "Reviews completed",
    count(*) FILTER (WHERE s.result = 'APPROVED') AS "Approved",
    count(*) FILTER (WHERE s.result = 'REJECTED') AS "Rejected",
    count(fraud.entry_id) AS "Entries with fraud",
    round((avg(extract(EPOCH FROM s.reviewed_at - s.submitted_at) / 60)
        FILTER (WHERE s.review_status = 'COMPLETED' AND s.reviewed_at IS NOT NULL))::numeric, 1) AS "Avg review minutes"
FROM rd_report_entries(%(report_id)s, false) AS s
LEFT JOIN companies AS c ON c.id = s.company_id
LEFT JOIN (SELECT DISTINCT entry_id FROM proof WHERE result IN ('FRAUD', 'EDITED')) AS fraud
    ON fraud.entry_id = s.entry_id
GROUP BY s.company_id, c.name
ORDER BY "Entries" DESC, "Company"
