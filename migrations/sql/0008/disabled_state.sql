-- Account state after the password, in any server language. With 0006 a disabled login was
-- NOLOGIN, and PostgreSQL tells "right password, but not permitted to log in" from "wrong
-- password" only in its (translated) message text, which the app must not read. Now a disabled
-- login keeps LOGIN, with CONNECTION LIMIT 1, and is in no group but rd_disabled. rd_disabled
-- may connect to this database and call one function, rd_my_account_state(), and nothing else:
-- no USAGE on schema public (where every table and function is), no TEMPORARY. So whoever
-- proves the password connects and learns "disabled"; whoever does not is refused exactly as
-- for a wrong password; and a disabled person can still read, write and call nothing. The
-- identity helpers already require rd_app, and the deferred trigger still ends the person's
-- sessions at commit (and nothing on rollback).

CREATE SCHEMA rd_account_state;
REVOKE ALL ON SCHEMA rd_account_state FROM PUBLIC;
GRANT USAGE ON SCHEMA rd_account_state TO rd_app, rd_disabled;

CREATE FUNCTION rd_account_state.rd_my_account_state()
RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    -- The signed-in login's own account: 'disabled', 'password_reset' (an administrator's
    -- password awaits its person's own), 'active'; NULL for a role that is no person's.
    SELECT CASE
        WHEN u.is_archived THEN 'disabled'
        WHEN rd_must_change_password(u.id) THEN 'password_reset'
        ELSE 'active'
    END
    FROM rd_private.login_roles AS l JOIN users AS u ON u.id = l.user_id
    WHERE l.role_name = session_user::text
$$;
REVOKE ALL ON FUNCTION rd_account_state.rd_my_account_state() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_account_state.rd_my_account_state() TO rd_app, rd_disabled;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO rd_disabled', current_database());
END
$$;

CREATE OR REPLACE FUNCTION rd_close_archived_login()
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_login text := rd_mapped_login(NEW.id);
    v_group text;
BEGIN
    IF NOT (SELECT is_archived FROM users WHERE id = NEW.id) THEN
        RETURN NULL;  -- re-activated again later in the same transaction
    END IF;
    UPDATE invitations SET revoked_at = (now() AT TIME ZONE 'utc')
    WHERE lower(btrim(email)) = lower(NEW.email) AND accepted_at IS NULL AND revoked_at IS NULL;
    IF v_login IS NULL OR NOT rd_is_own_login(v_login) THEN
        RETURN NULL;
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN CONNECTION LIMIT 1', v_login);
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

-- Logins 0006 disabled (NOLOGIN, in rd_disabled) may now log in to learn their state.
DO $$
DECLARE
    v_login text;
BEGIN
    FOR v_login IN
        SELECT l.role_name FROM rd_private.login_roles AS l JOIN users AS u ON u.id = l.user_id
        WHERE u.is_archived AND rd_is_own_login(l.role_name) AND pg_has_role(l.role_name, 'rd_disabled', 'MEMBER')
    LOOP
        EXECUTE format('ALTER ROLE %I LOGIN CONNECTION LIMIT 1', v_login);
    END LOOP;
END
$$;
