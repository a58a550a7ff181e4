-- Account takeover: setting a password for an existing login is its own, audited step.
--
-- rd_grant_login only creates a login that does not exist yet. Replacing the
-- password of an existing login is rd_reset_login: it writes an audit row
-- (table_name 'logins', row_id the users id) and, unless the deployment owner
-- says otherwise, marks the login "must change": until the person sets their
-- own password (rd_set_own_password, which writes its own 'logins' row) the
-- identity helpers do not recognise them, so whoever chose the password sees
-- nothing and does nothing as the victim. The latest 'logins' row of a person
-- decides; the audit log is append-only, so the trail cannot be tidied away.

CREATE FUNCTION rd_login_event(p_user_id uuid, p_event text, p_must_change boolean)
RETURNS void LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO audit_log (db_role, user_id, action, table_name, row_id, new_values, reason, transaction_id)
    VALUES (
        session_user::text, rd_current_user_id(), 'UPDATE', 'logins', p_user_id::text,
        jsonb_build_object('event', p_event, 'must_change', p_must_change),
        nullif(current_setting('rd.audit_reason', true), ''), pg_current_xact_id()::text::bigint
    )
$$;
REVOKE ALL ON FUNCTION rd_login_event(uuid, text, boolean) FROM PUBLIC;

CREATE FUNCTION rd_must_change_password(p_user_id uuid)
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(
        (
            SELECT (new_values ->> 'must_change')::boolean FROM audit_log
            WHERE table_name = 'logins' AND row_id = p_user_id::text
            ORDER BY occurred_at DESC, id DESC LIMIT 1
        ),
        false
    )
$$;
REVOKE ALL ON FUNCTION rd_must_change_password(uuid) FROM PUBLIC;

CREATE FUNCTION rd_signed_in_user_id()
RETURNS uuid LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- The caller's active users row, whether or not they still have to choose a password.
    -- Membership of rd_app is read from the latest catalog, whatever the snapshot: a disabling
    -- (which revokes it, see disabling.sql) is seen at the next query.
    SELECT id FROM users
    WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE
      AND pg_has_role(session_user, 'rd_app', 'MEMBER')
$$;
REVOKE ALL ON FUNCTION rd_signed_in_user_id() FROM PUBLIC;

CREATE FUNCTION rd_active_caller_id()
RETURNS uuid LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- Who the caller is for every policy and function: nobody while a reset password awaits its change.
    SELECT id FROM (SELECT rd_signed_in_user_id() AS id) AS me WHERE NOT rd_must_change_password(me.id)
$$;
REVOKE ALL ON FUNCTION rd_active_caller_id() FROM PUBLIC;

CREATE OR REPLACE FUNCTION rd_current_user_id()
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT rd_active_caller_id()
$$;

CREATE OR REPLACE FUNCTION rd_current_group()
RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT rd_group_role(role, company_id) FROM users
    WHERE id = rd_active_caller_id() AND pg_has_role(session_user, rd_group_role(role, company_id), 'MEMBER')
$$;

CREATE OR REPLACE FUNCTION rd_current_company_id()
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT company_id FROM users WHERE id = rd_active_caller_id()
$$;

CREATE OR REPLACE FUNCTION rd_visible_property_ids()
RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH me AS (
        SELECT id, company_id, rd_current_group() AS grp FROM users WHERE id = rd_active_caller_id()
    )
    SELECT coalesce(array_agg(DISTINCT visible.property_id), '{}')
    FROM (
        SELECT p.id AS property_id
        FROM me JOIN properties AS p ON p.company_id = me.company_id
        WHERE me.grp = 'rd_company_admin'
        UNION ALL
        SELECT up.property_id
        FROM me JOIN users_properties AS up ON up.user_id = me.id
        WHERE me.grp IN ('rd_company_admin', 'rd_company_user', 'rd_property_manager', 'rd_owner_admin', 'rd_owner_viewer')
        UNION ALL
        SELECT po.property_id
        FROM me
        JOIN users_owners AS uo ON uo.user_id = me.id
        JOIN property_owners AS po ON po.owner_id = uo.owner_id AND po.ownership_end IS NULL
        WHERE me.grp IN ('rd_company_admin', 'rd_company_user', 'rd_property_manager', 'rd_owner_admin', 'rd_owner_viewer')
    ) AS visible
$$;

CREATE FUNCTION rd_lock_user(p_user_id uuid)
RETURNS users LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- The users row an account function is about to change, locked; refused when there is none.
DECLARE
    v_user users;
BEGIN
    SELECT * INTO v_user FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no user %.', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN v_user;
END
$$;
REVOKE ALL ON FUNCTION rd_lock_user(uuid) FROM PUBLIC;

CREATE FUNCTION rd_lock_active_user(p_user_id uuid)
RETURNS users LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- rd_lock_user, refused too when the account is disabled.
DECLARE
    v_user users := rd_lock_user(p_user_id);
BEGIN
    IF v_user.is_archived THEN
        RAISE EXCEPTION 'The account of % is disabled.', v_user.email USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_user;
END
$$;
REVOKE ALL ON FUNCTION rd_lock_active_user(uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION rd_grant_login(p_user_id uuid, p_password_verifier text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- A first login for an existing users row (e.g. a seeded person). An existing login is never
-- given a password here: that is rd_reset_login's audited step.
DECLARE
    v_user users;
    v_login text;
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can give existing users a login.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_user := rd_lock_active_user(p_user_id);
    v_login := rd_login_for(v_user.email);
    IF rd_group_role(v_user.role, v_user.company_id) IS NULL THEN
        RAISE EXCEPTION 'Unknown role "%".', v_user.role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = v_login) THEN
        RAISE EXCEPTION '% already has a login; resetting its password is a separate, audited step.', v_user.email
            USING ERRCODE = 'duplicate_object';
    END IF;
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(v_user.role, v_user.company_id));
    PERFORM rd_login_event(p_user_id, 'granted', false);
    RETURN v_login;
END
$$;

CREATE FUNCTION rd_reset_login(p_user_id uuid, p_password_verifier text, p_must_change boolean)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- A new password for someone's existing login, chosen by a staff administrator: recorded, and
-- useless until the person replaces it with their own. Only the deployment owner (a superuser on
-- the embedded server, who could ALTER ROLE anyway) may skip the forced change.
DECLARE
    v_user users;
    v_login text;
    v_owner boolean := pg_has_role(
        session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.users'::regclass), 'MEMBER'
    );
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can reset a login.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT coalesce(p_must_change, true) AND NOT v_owner THEN
        RAISE EXCEPTION 'A reset password must be changed by its person at the next sign-in.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_user := rd_lock_active_user(p_user_id);
    IF v_user.id = rd_current_user_id() THEN
        RAISE EXCEPTION 'Change your own password with rd_set_own_password.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_login := lower(v_user.email);
    IF NOT rd_is_own_login(v_login) THEN
        RAISE EXCEPTION '% has no login to reset.', v_user.email USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(v_user.role, v_user.company_id));
    PERFORM rd_login_event(p_user_id, 'reset', coalesce(p_must_change, true));
    RETURN v_login;
END
$$;
REVOKE ALL ON FUNCTION rd_reset_login(uuid, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_reset_login(uuid, text, boolean) TO rd_admin;

CREATE OR REPLACE FUNCTION rd_set_own_password(p_password_verifier text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Also the way out of a reset: it needs only an active account, not a recognised one.
DECLARE
    v_user_id uuid := rd_signed_in_user_id();
BEGIN
    IF v_user_id IS NULL OR NOT rd_is_own_login(session_user::text) THEN
        RAISE EXCEPTION 'Only a signed-in person can change their own password.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM rd_check_verifier(p_password_verifier);
    EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', session_user, p_password_verifier, 'infinity');
    PERFORM rd_login_event(v_user_id, 'changed by its person', false);
END
$$;

CREATE FUNCTION rd_password_change_required()
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    -- Whether the signed-in person must choose their own password before anything else works.
    SELECT coalesce(rd_must_change_password(rd_signed_in_user_id()), false)
$$;
REVOKE ALL ON FUNCTION rd_password_change_required() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_password_change_required() TO rd_app;
