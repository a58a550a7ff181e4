-- An entry's matches in both directions (matching_entries points from the newer entry to the
-- earlier one), highest first, with the other entry as far as row-level security lets the
-- caller see it: a hidden entry, folder, property or company simply comes back NULL.
SELECT
    m.id,
    m.match_percentage,
    CASE WHEN m.entry_id = :entry_id THEN m.matching_entry_id ELSE m.entry_id END AS other_entry_id,
    other.id IS NOT NULL AS visible,
    other.short_id,
    (
        SELECT a.full_name FROM applicants AS a
        WHERE a.entry_id = other.id
        ORDER BY a.inserted_at, a.id
        LIMIT 1
    ) AS applicant_name,
    properties.name AS property_name,
    companies.name AS company_name,
    other.review_status,
    folders.dynamic_ruling,
    d.decision,
    d.note,
    d.updated_at
FROM matching_entries AS m
LEFT JOIN entries AS other
    ON other.id = CASE WHEN m.entry_id = :entry_id THEN m.matching_entry_id ELSE m.entry_id END
LEFT JOIN folders ON folders.id = other.folder_id
LEFT JOIN properties ON properties.id = folders.property_id
LEFT JOIN companies ON companies.id = properties.company_id
LEFT JOIN match_decisions AS d ON d.matching_entry_id = m.id
WHERE m.entry_id = :entry_id OR m.matching_entry_id = :entry_id
ORDER BY m.match_percentage DESC, m.id
