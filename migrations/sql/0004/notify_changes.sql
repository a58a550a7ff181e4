-- Live updates: every change a workstation may show is announced on one channel, ids only.
--
-- Channel rd_changes, payload '<kind>:<uuid>' (kind is a services.changes.ChangeKind value).
-- NOTIFY is not filtered by row-level security (every listener on the channel
-- hears every payload), so a payload never carries row contents: a listener
-- re-reads the id through RLS and sees only what it may. PostgreSQL delivers
-- notifications at commit, drops them on rollback, and folds identical
-- payloads within one transaction into one.

CREATE FUNCTION rd_notify_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp
AS $$
-- TG_ARGV[0]: the change kind. Runs as whoever wrote the row; pg_notify needs no privilege.
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('rd_changes', TG_ARGV[0] || ':' || OLD.id::text);
    ELSE
        PERFORM pg_notify('rd_changes', TG_ARGV[0] || ':' || NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION rd_notify_change() FROM PUBLIC;

-- Entries: a new or removed entry, and the columns a queue or case view shows
-- that change after insert (review state, assignment, result, and the
-- submission that brings an entry into the queue). UPDATE OF fires when a
-- column is merely named in SET, so WHEN keeps unchanged rows quiet.
CREATE TRIGGER notify_change AFTER INSERT OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION rd_notify_change('entry');
CREATE TRIGGER notify_change_update
    AFTER UPDATE OF review_status, review_assigned_to_id, review_assigned_date, result, status,
        submission_time, suggested_ruling ON entries
    FOR EACH ROW
    WHEN (
        (OLD.review_status, OLD.review_assigned_to_id, OLD.review_assigned_date, OLD.result, OLD.status,
         OLD.submission_time, OLD.suggested_ruling)
        IS DISTINCT FROM
        (NEW.review_status, NEW.review_assigned_to_id, NEW.review_assigned_date, NEW.result, NEW.status,
         NEW.submission_time, NEW.suggested_ruling)
    )
    EXECUTE FUNCTION rd_notify_change('entry');

-- People, teams, invitations and API keys: small tables the settings pane shows.
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION rd_notify_change('person');
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON team
    FOR EACH ROW EXECUTE FUNCTION rd_notify_change('team');
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON invitations
    FOR EACH ROW EXECUTE FUNCTION rd_notify_change('invitation');
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION rd_notify_change('api_key');
