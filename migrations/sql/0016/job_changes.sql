-- Live job changes: a job inserted, deleted or moved to another state is announced on
-- rd_changes as 'job:<id>' (job ids are bigint, not uuid; services.change_listener accepts
-- both), so an open jobs panel refreshes when a node runs a job or another workstation
-- retries, cancels or deletes one. Only state changes count: the columns oban touches
-- without moving a job (meta, attempted_by while it runs) stay quiet.
-- API keys have announced themselves since revision 0004 (trigger notify_change on api_keys).

CREATE TRIGGER notify_change AFTER INSERT OR DELETE ON oban_jobs
    FOR EACH ROW EXECUTE FUNCTION rd_notify_change('job');
CREATE TRIGGER notify_change_update AFTER UPDATE OF state ON oban_jobs
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION rd_notify_change('job');
