-- Fraud analysis, one row per document type over the ruled documents of the covered entries:
-- how many were ruled fraudulent or edited (detection rate), and how many the automated
-- suggestion flagged that a reviewer then ruled clean (false positive rate among flagged).
SELECT
    pr.type::text AS "Document type",
    count(*) AS "Documents ruled",
    count(*) FILTER (WHERE pr.result IN ('FRAUD', 'EDITED')) AS "Fraud or edited",
    round(100.0 * count(*) FILTER (WHERE pr.result IN ('FRAUD', 'EDITED')) / count(*), 1) AS "Fraud detection rate %%",
    count(*) FILTER (WHERE pr.suggested_ruling IN ('FRAUD', 'EDITED')) AS "Flagged automatically",
    round(100.0 * count(*) FILTER (WHERE pr.suggested_ruling IN ('FRAUD', 'EDITED') AND pr.result = 'CLEAN')
        / nullif(count(*) FILTER (WHERE pr.suggested_ruling IN ('FRAUD', 'EDITED')), 0), 1) AS "False positive rate %%"
FROM rd_report_entries(%(report_id)s, false) AS s
JOIN proof AS pr ON pr.entry_id = s.entry_id
WHERE pr.result <> 'PENDING'
GROUP BY pr.type
ORDER BY "Document type"
