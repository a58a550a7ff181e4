-- Audit blind spots: a person's ruling on one document (proof.result) is review state like any
-- other, so its changes are recorded as entries' and folders' review columns are. (Login
-- grants, resets and own password changes are recorded by login_resets.sql.)

CREATE TRIGGER audit_row AFTER UPDATE ON proof
    FOR EACH ROW WHEN (OLD.result IS DISTINCT FROM NEW.result) EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_delete AFTER DELETE ON proof FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON proof FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
