-- The append-only audit log (table audit_log, see models.audit), written by one SECURITY
-- DEFINER trigger function: who (session_user and their users row), what (table, key, old
-- and new values, changed columns), when, in which transaction, and why when the writer set
-- rd.audit_reason. Secrets (api_keys.key, invitations.token_hash) are masked.
-- There is no switch a session can set to skip it: the demo seed, as the owner, disables the
-- triggers inside its own transaction instead.
CREATE FUNCTION rd_audit_row()
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Trigger arguments name the key columns that identify a row ('id' for most tables).
DECLARE
    v_old jsonb;
    v_new jsonb;
    v_changed text[];
    v_row_id text;
    v_secret_column text;
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        IF TG_OP <> 'INSERT' THEN
            v_old := to_jsonb(OLD);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            v_new := to_jsonb(NEW);
        END IF;
        IF TG_OP = 'UPDATE' THEN
            SELECT array_agg(n.key ORDER BY n.key) INTO v_changed
            FROM jsonb_each(v_new) AS n
            WHERE n.key <> 'updated_at' AND n.value IS DISTINCT FROM v_old -> n.key;
            IF v_changed IS NULL THEN
                RETURN NULL;  -- nothing but updated_at changed: no change to record
            END IF;
        END IF;
        SELECT string_agg(coalesce(v_new, v_old) ->> k.column_name, '/' ORDER BY k.position) INTO v_row_id
        FROM unnest(TG_ARGV) WITH ORDINALITY AS k(column_name, position);
        FOREACH v_secret_column IN ARRAY ARRAY['key', 'token_hash'] LOOP
            IF v_old ->> v_secret_column IS NOT NULL THEN
                v_old := jsonb_set(v_old, ARRAY[v_secret_column], '"***"');
            END IF;
            IF v_new ->> v_secret_column IS NOT NULL THEN
                v_new := jsonb_set(v_new, ARRAY[v_secret_column], '"***"');
            END IF;
        END LOOP;
    END IF;
    INSERT INTO audit_log (
        db_role, user_id, action, table_name, row_id, old_values, new_values, changed_columns, reason, transaction_id
    )
    VALUES (
        session_user::text, rd_current_user_id(), TG_OP, TG_TABLE_NAME, v_row_id, v_old, v_new, v_changed,
        nullif(current_setting('rd.audit_reason', true), ''), pg_current_xact_id()::text::bigint
    );
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION rd_audit_row() FROM PUBLIC;

CREATE FUNCTION rd_audit_log_is_append_only()
RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed.', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION rd_audit_log_is_append_only() FROM PUBLIC;

-- Review, people, team, grant, invitation and API key tables: every INSERT, UPDATE and DELETE,
-- identified by the trigger's arguments (the key columns).
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON fraud_reviews FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON fraud_document_reviews FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON fraud_results FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON team FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON users_properties FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON users_owners FOR EACH ROW EXECUTE FUNCTION rd_audit_row('owner_id', 'user_id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON invitations FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON invitations_properties FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');

-- entries and folders: an UPDATE only when a review or ruling column changes (the columns
-- ruling staff may update, grants.sql), every DELETE; an entry's INSERT is not review state.
CREATE TRIGGER audit_row AFTER UPDATE ON entries FOR EACH ROW
    WHEN (
        OLD.status IS DISTINCT FROM NEW.status
        OR OLD.result IS DISTINCT FROM NEW.result
        OR OLD.note IS DISTINCT FROM NEW.note
        OR OLD.review_status IS DISTINCT FROM NEW.review_status
        OR OLD.review_date IS DISTINCT FROM NEW.review_date
        OR OLD.review_assigned_date IS DISTINCT FROM NEW.review_assigned_date
        OR OLD.reviewer_id IS DISTINCT FROM NEW.reviewer_id
        OR OLD.review_assigned_to_id IS DISTINCT FROM NEW.review_assigned_to_id
    )
    EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_delete AFTER DELETE ON entries FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_row AFTER UPDATE ON folders FOR EACH ROW
    WHEN (
        OLD.status IS DISTINCT FROM NEW.status
        OR OLD.result IS DISTINCT FROM NEW.result
        OR OLD.dynamic_ruling IS DISTINCT FROM NEW.dynamic_ruling
        OR OLD.ruling_time IS DISTINCT FROM NEW.ruling_time
        OR OLD.last_entry_id IS DISTINCT FROM NEW.last_entry_id
        OR OLD.last_entry_submission_time IS DISTINCT FROM NEW.last_entry_submission_time
        OR OLD.last_entry_result IS DISTINCT FROM NEW.last_entry_result
        OR OLD.last_entry_status IS DISTINCT FROM NEW.last_entry_status
        OR OLD.review_assigned_to_id IS DISTINCT FROM NEW.review_assigned_to_id
        OR OLD.review_assigned_date IS DISTINCT FROM NEW.review_assigned_date
    )
    EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_delete AFTER DELETE ON folders FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');

-- TRUNCATE of any audited table: one row per statement.
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON fraud_reviews FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON fraud_document_reviews FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON fraud_results FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON team FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON users_properties FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON users_owners FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON invitations FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON invitations_properties FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON folders FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row();

-- Append-only for everyone: no role has UPDATE/DELETE/TRUNCATE on it, and this refuses them
-- even to the owner.
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_log_is_append_only();
