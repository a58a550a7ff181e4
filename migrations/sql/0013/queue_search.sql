-- Queue search by trigram, and company-side queue pages driven by the folders a person may see.
--
-- The queues area's search box matches part of an applicant's name or email, or of the entry's short
-- id, case-insensitively (`ILIKE '%text%'`). No b-tree serves a pattern with a leading wildcard, so the
-- search read every applicant of the queue (~60 ms at 100,000 entries, ten times that at 1,000,000).
-- pg_trgm's GIN operator class indexes the three-letter pieces of a text and answers `ILIKE` with any
-- wildcards from them: the cost follows the rows that match, not the size of the table.

-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner who migrates may create it. It
-- gets a schema of its own, so its functions and operators stay out of public (where every routine is
-- ours and in the security catalogue). Nobody needs USAGE on it: an index scan does not check the
-- privileges of its operator class, and `ILIKE` is PostgreSQL's own operator.
CREATE SCHEMA rd_trigram;
CREATE EXTENSION pg_trgm WITH SCHEMA rd_trigram;

-- The applicant's name as the queue shows it: the full name, else first and last name joined. The same
-- expression feeds the queue's name column and its search, and indexes it here. `concat_ws` is only
-- STABLE (it formats any type), which an index expression may not use; for two texts it is exactly this
-- CASE. IMMUTABLE and written in plain SQL, the planner inlines it into both the index and the query, so
-- they match as the same expression and no function call is left per row.
CREATE FUNCTION rd_applicant_name(full_name text, first_name text, last_name text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(
    nullif(btrim(full_name), ''),
    nullif(CASE
        WHEN first_name IS NULL THEN last_name
        WHEN last_name IS NULL THEN first_name
        ELSE first_name || ' ' || last_name
    END, '')
);
REVOKE ALL ON FUNCTION rd_applicant_name(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_applicant_name(text, text, text) TO rd_app;

-- A queue page of someone granted a few properties (a property manager, a company user, an owner). Their
-- entries are visible through their folders (entries' policy `folder_id IN (SELECT id FROM folders)`),
-- which a policy can only apply as a filter: reading the status ranges of ix_entries_review_queue in
-- queue order, a property manager who sees 36 of 6,200 open entries read all 6,200 to fill a page, and
-- ten times that at 1,000,000 entries. With this index the page starts from the visible properties'
-- folders and reads each folder's entries of the asked statuses from the index alone, so it costs what
-- the person may see. It has folder_id first, so it also serves everything ix_entries_folder_id did.
CREATE INDEX ix_entries_folder_queue ON entries (folder_id, review_status, submission_time, id);
DROP INDEX ix_entries_folder_id;
