-- Revision 0006's downgrade: revision 0003's definitions of the functions 0006 replaced, copied
-- verbatim from migrations/sql/0003/functions/ (frozen, so the copy cannot drift), and the
-- gatekeeper's rd_sign_in_status that 0006 dropped, with its grants. Their other grants stayed.

CREATE OR REPLACE FUNCTION rd_current_user_id()
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT id FROM users WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE
$$;

CREATE OR REPLACE FUNCTION rd_current_group()
RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT rd_group_role(role, company_id) FROM users
    WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE AND pg_has_role(session_user, rd_group_role(role, company_id), 'MEMBER')
$$;

CREATE OR REPLACE FUNCTION rd_current_company_id()
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT company_id FROM users WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE
$$;

CREATE OR REPLACE FUNCTION rd_visible_property_ids()
RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH me AS (
        SELECT id, company_id, rd_current_group() AS grp FROM users WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE
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

CREATE OR REPLACE FUNCTION rd_grant_login(p_user_id uuid, p_password_verifier text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_user users;
    v_login text;
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can give existing users a login.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO v_user FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no user %.', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    IF v_user.is_archived THEN
        RAISE EXCEPTION 'The account of % is disabled.', v_user.email USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_login := rd_login_for(v_user.email);
    IF rd_group_role(v_user.role, v_user.company_id) IS NULL THEN
        RAISE EXCEPTION 'Unknown role "%".', v_user.role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(v_user.role, v_user.company_id));
    RETURN v_login;
END
$$;

CREATE OR REPLACE FUNCTION rd_set_own_password(p_password_verifier text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF rd_current_user_id() IS NULL OR NOT rd_is_own_login(session_user::text) THEN
        RAISE EXCEPTION 'Only a signed-in person can change their own password.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM rd_check_verifier(p_password_verifier);
    EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', session_user, p_password_verifier, 'infinity');
END
$$;

CREATE OR REPLACE FUNCTION rd_is_own_login(p_login text)
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- A login role Ruling Desk created: a plain role that is a direct member of rd_app.
    SELECT EXISTS (
        SELECT FROM pg_roles AS r JOIN pg_auth_members AS m ON m.member = r.oid
        WHERE r.rolname = p_login AND m.roleid = 'rd_app'::regrole
          AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls)
    )
$$;

CREATE OR REPLACE FUNCTION rd_ensure_login(p_login text, p_password_verifier text, p_group text)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- Create the person's login role, or reuse the one another database of this cluster created.
BEGIN
    PERFORM rd_check_verifier(p_password_verifier);
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L VALID UNTIL %L', p_login, p_password_verifier, 'infinity');
        EXECUTE format('GRANT rd_app TO %I', p_login);
    ELSIF rd_is_own_login(p_login) THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L VALID UNTIL %L', p_login, p_password_verifier, 'infinity');
    ELSE
        RAISE EXCEPTION 'A database role named % already exists and is not a Ruling Desk account.', p_login
            USING ERRCODE = 'duplicate_object';
    END IF;
    PERFORM rd_set_product_group(p_login, p_group);
END
$$;

CREATE OR REPLACE FUNCTION rd_disable_user(p_user_id uuid)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_user users;
    v_login text;
BEGIN
    SELECT * INTO v_user FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no user %.', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM rd_authorize_account_change(v_user.role, v_user.company_id);
    IF v_user.id = rd_current_user_id() THEN
        RAISE EXCEPTION 'You cannot disable your own account.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE users SET is_archived = true WHERE id = p_user_id AND is_archived IS NOT TRUE;
    v_login := lower(v_user.email);
    IF rd_is_own_login(v_login) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', v_login);
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = v_login;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION rd_login_for(p_email text)
RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_login text := lower(btrim(p_email));
BEGIN
    IF v_login IS NULL OR v_login !~ '^[^@\s]+@[^@\s]+$' THEN
        RAISE EXCEPTION '"%" is not an email address.', p_email USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF octet_length(v_login) > 63 THEN
        RAISE EXCEPTION 'Email addresses longer than 63 bytes cannot be database login names.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_login LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'Email addresses starting with "pg_" cannot be database login names.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_login;
END
$$;

CREATE FUNCTION rd_sign_in_status(p_email text)
RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    -- Why a sign-in failed, for Ruling Desk login roles only; 'unknown' for anything else.
    SELECT coalesce(
        (
            SELECT CASE
                WHEN NOT r.rolcanlogin
                     OR EXISTS (SELECT FROM users WHERE lower(email) = r.rolname AND is_archived IS TRUE)
                    THEN 'disabled'
                WHEN r.rolvaliduntil < now() THEN 'expired'
            END
            FROM pg_roles AS r
            WHERE r.rolname = lower(btrim(p_email)) AND rd_is_own_login(r.rolname)
        ),
        'unknown'
    )
$$;
REVOKE ALL ON FUNCTION rd_sign_in_status(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_sign_in_status(text) TO rd_gatekeeper;
