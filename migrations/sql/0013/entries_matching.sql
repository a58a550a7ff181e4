-- Revision 0013's lookup of matching entries, in a file of its own so that revision 0018, which
-- replaces it, can put it back on its way down without a copy.
-- The entries whose applicant name or email, or whose own short id, matches an `ILIKE` pattern, as far
-- as the caller may see them. A function because of row-level security: `ILIKE` is not leakproof, so
-- under a policy PostgreSQL must not evaluate it before the policy's own condition, and the trigram
-- indexes could not be used inside the caller's query at all (measured: a sequential scan of every
-- applicant, as a reviewer). Run as the owner, the lookup uses them; what it returns is cut down to the
-- caller's view right here, as the policies say it (staff read every entry; the company side an entry
-- whose folder belongs to a property of rd_visible_property_ids()), so calling it directly reveals
-- nothing. The queue's own query still reads the entries under the caller's policies.
CREATE FUNCTION rd_entries_matching(p_pattern text)
RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
ROWS 1000 AS $$
    SELECT matched.entry_id
    FROM (
        SELECT a.entry_id FROM applicants AS a
        WHERE rd_applicant_name(a.full_name, a.first_name, a.last_name) ILIKE p_pattern OR a.email ILIKE p_pattern
        UNION
        SELECT e.id FROM entries AS e WHERE e.short_id ILIKE p_pattern
    ) AS matched
    WHERE (SELECT rd_is_staff()) OR EXISTS (
        SELECT FROM entries AS e JOIN folders AS f ON f.id = e.folder_id
        WHERE e.id = matched.entry_id AND f.property_id = ANY ((SELECT rd_visible_property_ids())::uuid[])
    )
$$;
REVOKE ALL ON FUNCTION rd_entries_matching(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_entries_matching(text) TO rd_app;
