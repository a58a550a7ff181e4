-- Reviewer performance, one row per reviewer over the reviews they completed (by review day in
-- their team's timezone): count, average minutes from assignment to ruling, share approved, and
-- the quality score: of the reviewer's rulings that QA later re-reviewed, the share QA upheld.
--
-- The reviewer's ruling on an entry is their latest INITIAL or ESCALATION review of it completed
-- before the entry's latest completed QA review; QA upheld it when both reached the same result.
-- "QA-checked" is the count the score is based on; with none the score is empty, not 0 or 100.
-- QA reviews are a small sample, so they are read first and joined to the report's entries.
WITH latest_qa AS (
    SELECT DISTINCT ON (fs.entry_id) fs.entry_id, qa.result, qa.completed_date
    FROM public.fraud_reviews AS qa
    JOIN public.fraud_submissions AS fs ON fs.id = qa.fraud_submission_id
    WHERE qa.review_type = 'QA' AND qa.status = 'COMPLETED'
    ORDER BY fs.entry_id, qa.completed_date DESC
),
qa_verdicts AS (
    SELECT q.entry_id, ruling.result = q.result AS upheld
    FROM latest_qa AS q
    JOIN public.entries AS e ON e.id = q.entry_id
    CROSS JOIN LATERAL (
        SELECT r.result
        FROM public.fraud_submissions AS fs
        JOIN public.fraud_reviews AS r ON r.fraud_submission_id = fs.id
        WHERE fs.entry_id = q.entry_id
          AND r.reviewer_id = e.reviewer_id
          AND r.review_type IN ('INITIAL', 'ESCALATION')
          AND r.status = 'COMPLETED'
          AND r.completed_date <= q.completed_date
        ORDER BY r.completed_date DESC
        LIMIT 1
    ) AS ruling
)
SELECT
    coalesce(nullif(concat_ws(' ', u.first_name, u.last_name), ''), u.email, '(unknown)') AS "Reviewer",
    count(*) AS "Reviews completed",
    round((avg(extract(EPOCH FROM s.reviewed_at - s.assigned_at) / 60)
        FILTER (WHERE s.assigned_at IS NOT NULL))::numeric, 1) AS "Avg review minutes",
    round(100.0 * count(*) FILTER (WHERE s.result = 'APPROVED') / count(*), 1) AS "Approved %%",
    count(v.entry_id) AS "QA-checked",
    round(100.0 * count(*) FILTER (WHERE v.upheld) / nullif(count(v.entry_id), 0), 1) AS "Quality score %%"
FROM rd_report_entries(%(report_id)s, true) AS s
LEFT JOIN qa_verdicts AS v ON v.entry_id = s.entry_id
LEFT JOIN public.users AS u ON u.id = s.reviewer_id
WHERE s.review_status = 'COMPLETED' AND s.reviewer_id IS NOT NULL
GROUP BY s.reviewer_id, u.first_name, u.last_name, u.email
ORDER BY "Reviews completed" DESC, "Reviewer"
