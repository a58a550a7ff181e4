-- Property performance, one row per property: entry volume, entries with a fraudulent or edited
-- document and their share, and verification success (approved among completed reviews).
SELECT
    coalesce(p.name, '(no property)') AS "Property",
    count(*) AS "Entries",
    count(fraud.entry_id) AS "Entries with fraud",
    round(100.0 * count(fraud.entry_id) / count(*), 1) AS "Fraud rate %%",
    round(100.0 * count(*) FILTER (WHERE s.result = 'APPROVED')
        / nullif(count(*) FILTER (WHERE s.review_status = 'COMPLETED'), 0), 1) AS "Verification success %%"
FROM rd_report_entries(%(report_id)s, false) AS s
LEFT JOIN properties AS p ON p.id = s.property_id
LEFT JOIN (SELECT DISTINCT entry_id FROM proof WHERE result IN ('FRAUD', 'EDITED')) AS fraud
    ON fraud.entry_id = s.entry_id
GROUP BY s.property_id, p.name
ORDER BY "Entries" DESC, "Property"
