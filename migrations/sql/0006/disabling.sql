-- Disabling is airtight: at commit, every way back in closes, and nothing happens on rollback.
--
-- Archiving a person (rd_disable_user, or the owner's own UPDATE of users.is_archived) fires a
-- deferred constraint trigger that, when the transaction commits:
-- - makes the login NOLOGIN and takes it out of rd_app and its product group (into rd_disabled,
--   which only marks it as ours for a later re-activation). Group membership is checked from
--   the latest committed catalog at every statement, whatever a session's snapshot, so even a
--   session that slipped in while the disabling transaction was in flight loses every table
--   and function at its next statement;
-- - revokes the pending invitations for the person's address, which would otherwise re-activate
--   the archived row at acceptance;
-- - ends the person's open sessions (the server log records each termination).
-- A rolled-back disabling therefore ends no session at all. The identity helpers require
-- membership of rd_app (rd_signed_in_user_id), so they refuse a disabled person at every query.

DO $$
DECLARE
    v_role pg_roles;
BEGIN
    SELECT * INTO v_role FROM pg_roles WHERE rolname = 'rd_disabled';
    IF NOT FOUND THEN
        BEGIN
            CREATE ROLE rd_disabled NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- another database of this cluster created it concurrently
        END;
    ELSIF v_role.rolsuper OR v_role.rolcreaterole OR v_role.rolcreatedb OR v_role.rolreplication
          OR v_role.rolbypassrls OR v_role.rolcanlogin THEN
        RAISE EXCEPTION 'Role rd_disabled exists with attributes Ruling Desk never gives it; it is not ours.'
            USING ERRCODE = 'duplicate_object';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION rd_is_own_login(p_login text)
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- A login role Ruling Desk created: a plain role directly in rd_app (or, disabled, in rd_disabled).
    SELECT EXISTS (
        SELECT FROM pg_roles AS r JOIN pg_auth_members AS m ON m.member = r.oid
        WHERE r.rolname = p_login AND m.roleid IN ('rd_app'::regrole, 'rd_disabled'::regrole)
          AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls)
    )
$$;

CREATE OR REPLACE FUNCTION rd_ensure_login(p_login text, p_password_verifier text, p_group text)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- Create the person's login role, or reuse (and re-activate) one of ours. Its connection limit:
-- see resources.sql.
BEGIN
    PERFORM rd_check_verifier(p_password_verifier);
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format(
            'CREATE ROLE %I LOGIN CONNECTION LIMIT 16 PASSWORD %L VALID UNTIL %L',
            p_login, p_password_verifier, 'infinity'
        );
    ELSIF rd_is_own_login(p_login) THEN
        EXECUTE format(
            'ALTER ROLE %I LOGIN CONNECTION LIMIT 16 PASSWORD %L VALID UNTIL %L',
            p_login, p_password_verifier, 'infinity'
        );
        IF pg_has_role(p_login, 'rd_disabled', 'MEMBER') THEN
            EXECUTE format('REVOKE rd_disabled FROM %I', p_login);
        END IF;
    ELSE
        RAISE EXCEPTION 'A database role named % already exists and is not a Ruling Desk account.', p_login
            USING ERRCODE = 'duplicate_object';
    END IF;
    IF NOT pg_has_role(p_login, 'rd_app', 'MEMBER') THEN
        EXECUTE format('GRANT rd_app TO %I', p_login);
    END IF;
    PERFORM rd_set_product_group(p_login, p_group);
END
$$;

CREATE FUNCTION rd_close_archived_login()
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_login text := lower(NEW.email);
    v_group text;
BEGIN
    IF NOT (SELECT is_archived FROM users WHERE id = NEW.id) THEN
        RETURN NULL;  -- re-activated again later in the same transaction
    END IF;
    UPDATE invitations SET revoked_at = (now() AT TIME ZONE 'utc')
    WHERE lower(btrim(email)) = v_login AND accepted_at IS NULL AND revoked_at IS NULL;
    IF NOT rd_is_own_login(v_login) THEN
        RETURN NULL;
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN', v_login);
    FOR v_group IN
        SELECT g.rolname FROM pg_auth_members AS m JOIN pg_roles AS g ON g.oid = m.roleid
        WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = v_login) AND g.rolname <> 'rd_disabled'
    LOOP
        EXECUTE format('REVOKE %I FROM %I', v_group, v_login);
    END LOOP;
    IF NOT pg_has_role(v_login, 'rd_disabled', 'MEMBER') THEN
        EXECUTE format('GRANT rd_disabled TO %I', v_login);
    END IF;
    PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = v_login AND pid <> pg_backend_pid();
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION rd_close_archived_login() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER close_archived_login AFTER UPDATE OF is_archived ON users
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.is_archived IS TRUE AND OLD.is_archived IS NOT TRUE)
    EXECUTE FUNCTION rd_close_archived_login();

CREATE OR REPLACE FUNCTION rd_disable_user(p_user_id uuid)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Archives the person; the close_archived_login trigger closes their login when this commits.
DECLARE
    v_user users := rd_lock_user(p_user_id);
BEGIN
    PERFORM rd_authorize_account_change(v_user.role, v_user.company_id);
    IF v_user.id = rd_current_user_id() THEN
        RAISE EXCEPTION 'You cannot disable your own account.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE users SET is_archived = true WHERE id = p_user_id AND is_archived IS NOT TRUE;
END
$$;
