-- Search over the open entries from an index of their own.
--
-- Revision 0013 looks a search up in trigram indexes over every applicant and short id. At 1,000,000
-- entries a common surname ("Ward": Ward, Edward, Howard, Woodward...) matches tens of thousands of
-- them, nearly all long completed, and reading those took ~155 ms before the queue could keep the
-- few dozen its view shows. The views that hold work (My work, the pool, the team) only ever show
-- open entries (UNASSIGNED, ASSIGNED, IN_REVIEW): about 6 % of a mature database. So the open
-- entries get a search index of their own, and the cost of those searches follows the open work.
--
-- The index needs one row per open entry carrying everything the search box reads: its short id and
-- each applicant's name (rd_applicant_name, as the queue shows it) and email, one per line. A pattern
-- is '%text%' with the text's own wildcards escaped and no line break in it (the box folds white
-- space), so it matches the joined text exactly when it matches one of the parts, which is what
-- revision 0013 asks of them separately.
--
-- Triggers keep it right whoever writes: our service layer, the client's own systems, the demo seed's
-- COPY. Inserts and deletes are statement triggers over the transition table (one pass per COPY
-- chunk); updates are row triggers with a WHEN clause, so a claim or a release (open to open) calls
-- nothing and a ruling (open to COMPLETED) removes one row. It is ours alone, in rd_private: nobody but
-- the owner reads it, and rd_open_entries_matching (below) cuts its answer to the caller's view.

CREATE TABLE rd_private.open_entry_search (
    entry_id uuid PRIMARY KEY REFERENCES public.entries (id) ON DELETE CASCADE,
    haystack text NOT NULL
);
REVOKE ALL ON rd_private.open_entry_search FROM PUBLIC;
-- Written on every new entry and read by every search: no pending list to scan or to flush.
CREATE INDEX ix_open_entry_search_trigram ON rd_private.open_entry_search
    USING gin (haystack rd_trigram.gin_trgm_ops) WITH (fastupdate = off);

CREATE FUNCTION rd_private.refresh_open_entry_search(p_entry_ids uuid[])
RETURNS void LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
    -- Make the rows of these entries what they are now: a row for each open one, none for the rest.
    -- First wait for whoever else is changing these entries or their applicants (their refresh takes the
    -- same lock): the rebuild below then starts after they committed, and sees what they wrote. Without
    -- it, two renames of two applicants of one entry each rebuilt the row from before the other's.
    SELECT FROM entries WHERE id = ANY (p_entry_ids) ORDER BY id FOR NO KEY UPDATE;
    WITH ids AS (
        SELECT DISTINCT id FROM unnest(p_entry_ids) AS id
    ), wanted AS (
        SELECT e.id AS entry_id, concat_ws(E'\n', e.short_id, (
            SELECT string_agg(concat_ws(E'\n', rd_applicant_name(a.full_name, a.first_name, a.last_name), a.email), E'\n')
            FROM applicants AS a WHERE a.entry_id = e.id
        )) AS haystack
        FROM ids JOIN entries AS e ON e.id = ids.id
        WHERE e.review_status IN ('UNASSIGNED', 'ASSIGNED', 'IN_REVIEW')
    ), gone AS (
        DELETE FROM rd_private.open_entry_search AS s USING ids
        WHERE s.entry_id = ids.id AND NOT EXISTS (SELECT FROM wanted WHERE wanted.entry_id = s.entry_id)
    )
    INSERT INTO rd_private.open_entry_search AS s (entry_id, haystack)
    SELECT entry_id, haystack FROM wanted
    ON CONFLICT (entry_id) DO UPDATE SET haystack = excluded.haystack WHERE s.haystack <> excluded.haystack
$$;
REVOKE ALL ON FUNCTION rd_private.refresh_open_entry_search(uuid[]) FROM PUBLIC;

CREATE FUNCTION rd_private.open_entry_search_per_statement()
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- After an INSERT or DELETE of entries (their id) or applicants (their entry_id): one pass per statement.
BEGIN
    IF TG_TABLE_NAME = 'entries' THEN
        PERFORM rd_private.refresh_open_entry_search(ARRAY(SELECT id FROM changed));
    ELSE
        PERFORM rd_private.refresh_open_entry_search(ARRAY(SELECT entry_id FROM changed WHERE entry_id IS NOT NULL));
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION rd_private.open_entry_search_per_statement() FROM PUBLIC;

CREATE FUNCTION rd_private.open_entry_search_per_row()
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- After an UPDATE the trigger's WHEN clause found relevant: the entry (or both of an applicant's entries).
BEGIN
    IF TG_TABLE_NAME = 'entries' THEN
        IF NEW.review_status IN ('UNASSIGNED', 'ASSIGNED', 'IN_REVIEW') THEN
            PERFORM rd_private.refresh_open_entry_search(ARRAY[NEW.id]);
        ELSE  -- a ruling: the entry leaves the open work, nothing to rebuild (on every submit, so kept cheap)
            DELETE FROM rd_private.open_entry_search WHERE entry_id = NEW.id;
        END IF;
    ELSE
        PERFORM rd_private.refresh_open_entry_search(array_remove(ARRAY[OLD.entry_id, NEW.entry_id], NULL));
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION rd_private.open_entry_search_per_row() FROM PUBLIC;

CREATE TRIGGER open_entry_search_insert AFTER INSERT ON entries
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rd_private.open_entry_search_per_statement();
CREATE TRIGGER open_entry_search_update AFTER UPDATE ON entries FOR EACH ROW
    WHEN (OLD.short_id IS DISTINCT FROM NEW.short_id
          OR (OLD.review_status IN ('UNASSIGNED', 'ASSIGNED', 'IN_REVIEW'))
             <> (NEW.review_status IN ('UNASSIGNED', 'ASSIGNED', 'IN_REVIEW')))
    EXECUTE FUNCTION rd_private.open_entry_search_per_row();
CREATE TRIGGER open_entry_search_insert AFTER INSERT ON applicants
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rd_private.open_entry_search_per_statement();
CREATE TRIGGER open_entry_search_update AFTER UPDATE ON applicants FOR EACH ROW
    WHEN (OLD.entry_id IS DISTINCT FROM NEW.entry_id OR OLD.email IS DISTINCT FROM NEW.email
          OR OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.first_name IS DISTINCT FROM NEW.first_name
          OR OLD.last_name IS DISTINCT FROM NEW.last_name)
    EXECUTE FUNCTION rd_private.open_entry_search_per_row();
CREATE TRIGGER open_entry_search_delete AFTER DELETE ON applicants
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rd_private.open_entry_search_per_statement();
-- A deleted entry's row goes with it (ON DELETE CASCADE).

SELECT rd_private.refresh_open_entry_search(
    ARRAY(SELECT id FROM entries WHERE review_status IN ('UNASSIGNED', 'ASSIGNED', 'IN_REVIEW'))
);

-- The lookup of the views of open work, in place of revision 0013's over every entry of all time. The
-- answer is cut to the caller's view as 0013's was, now by one keyed probe per match (`OFFSET 0`, as
-- revision 0019 explains): for a company admin the planner had turned the cut into the set of every
-- entry of the company (150,000 at 1,000,000 entries), built on each search.
DROP FUNCTION rd_entries_matching(text);
CREATE FUNCTION rd_open_entries_matching(p_pattern text)
RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
ROWS 1000 AS $$
    SELECT s.entry_id
    FROM rd_private.open_entry_search AS s
    WHERE s.haystack ILIKE p_pattern AND ((SELECT rd_is_staff()) OR EXISTS (
        SELECT FROM entries AS e JOIN folders AS f ON f.id = e.folder_id
        WHERE e.id = s.entry_id AND f.property_id = ANY ((SELECT rd_visible_property_ids())::uuid[])
        OFFSET 0
    ))
$$;
REVOKE ALL ON FUNCTION rd_open_entries_matching(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_open_entries_matching(text) TO rd_app;

-- Nothing reads 0013's indexes any more: the views over entries of any status test the rows they read
-- (Recently completed is one person's own rulings; the company side reads from its folders), and each
-- index cost every insert of an applicant or an entry a GIN update.
DROP INDEX ix_applicants_name_trigram;
DROP INDEX ix_applicants_email_trigram;
DROP INDEX ix_entries_short_id_trigram;
