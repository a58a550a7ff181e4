-- Pages of other proofs within :max_distance bits of one page's difference hash, closest first,
-- with the entry, first applicant and property they were submitted with. Row-level security
-- decides which fingerprints, proofs, entries and names the caller may see: a company-side
-- caller's candidates are only pages of proofs it can already read.
-- The four band lookups (null for a blank band) are index scans OR-ed together; bits are
-- counted only on those candidates (a same-page match shares at least one band).
SELECT
    candidate.proof_id,
    candidate.page,
    candidate.distance,
    proof.entry_id,
    entries.short_id,
    (
        SELECT applicants.full_name FROM applicants
        WHERE applicants.entry_id = proof.entry_id
        ORDER BY applicants.inserted_at, applicants.id
        LIMIT 1
    ) AS applicant_name,
    properties.name AS property_name
FROM (
    SELECT f.proof_id, f.page, bit_count(f.dhash # CAST(:dhash AS bit(256))) AS distance
    FROM proof_page_fingerprints AS f
    WHERE (f.band_0 = :band_0 OR f.band_1 = :band_1 OR f.band_2 = :band_2 OR f.band_3 = :band_3)
      AND f.proof_id <> :exclude_proof_id
      AND bit_count(f.dhash # CAST(:dhash AS bit(256))) <= :max_distance
    ORDER BY distance, f.proof_id, f.page
    LIMIT :limit
) AS candidate
JOIN proof ON proof.id = candidate.proof_id
JOIN entries ON entries.id = proof.entry_id
LEFT JOIN folders ON folders.id = entries.folder_id
LEFT JOIN properties ON properties.id = folders.property_id
ORDER BY candidate.distance, candidate.proof_id, candidate.page
