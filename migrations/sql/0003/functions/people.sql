-- Creating people, giving an existing users row a login, changing one's own password, changing
-- a role and disabling: SECURITY DEFINER, fixed search_path (pg_temp last, so a temporary table
-- never shadows users), EXECUTE for exactly the groups that may, and each re-checks the caller.
-- An archived users row is re-activated rather than duplicated (only a staff admin may move it to
-- another company). Disabling archives the row, makes the role NOLOGIN and ends the person's open
-- sessions; nobody disables themselves.

CREATE FUNCTION rd_create_user(
    p_email text, p_first_name text, p_last_name text, p_role text, p_company_id uuid, p_team_id uuid,
    p_property_ids uuid[], p_password_verifier text
)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_login text;
    v_property_ids uuid[] := coalesce(p_property_ids, '{}');
    v_user_id uuid;
BEGIN
    PERFORM rd_authorize_account_change(p_role, p_company_id);
    v_login := rd_login_for(p_email);
    PERFORM rd_check_account_scope(p_role, p_company_id, NULL, v_property_ids);
    PERFORM rd_check_verifier(p_password_verifier);
    v_user_id := rd_put_user(
        v_login, btrim(p_email), p_first_name, p_last_name, p_role, p_company_id, p_team_id,
        rd_acting_as_staff_admin()
    );
    PERFORM rd_replace_user_grants(v_user_id, v_property_ids, NULL);
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(p_role, p_company_id));
    RETURN v_user_id;
END
$$;
REVOKE ALL ON FUNCTION rd_create_user(text, text, text, text, uuid, uuid, uuid[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_create_user(text, text, text, text, uuid, uuid, uuid[], text) TO rd_admin, rd_company_admin;

CREATE FUNCTION rd_grant_login(p_user_id uuid, p_password_verifier text)
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
REVOKE ALL ON FUNCTION rd_grant_login(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_grant_login(uuid, text) TO rd_admin;

CREATE FUNCTION rd_set_own_password(p_password_verifier text)
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
REVOKE ALL ON FUNCTION rd_set_own_password(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_set_own_password(text) TO rd_app;

CREATE FUNCTION rd_change_user_role(p_user_id uuid, p_role text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_user users;
    v_login text;
BEGIN
    SELECT * INTO v_user FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no user %.', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    -- Whoever changes a role must be allowed to manage the person both as they are and as they will be.
    PERFORM rd_authorize_account_change(v_user.role, v_user.company_id);
    PERFORM rd_authorize_account_change(p_role, v_user.company_id);
    PERFORM rd_check_account_scope(p_role, v_user.company_id, NULL, '{}');
    IF v_user.is_archived THEN
        RAISE EXCEPTION 'The account of % is disabled.', v_user.email USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE users SET role = p_role WHERE id = p_user_id;
    v_login := lower(v_user.email);
    IF rd_is_own_login(v_login) THEN
        PERFORM rd_set_product_group(v_login, rd_group_role(p_role, v_user.company_id));
    END IF;
END
$$;
REVOKE ALL ON FUNCTION rd_change_user_role(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_change_user_role(uuid, text) TO rd_admin, rd_company_admin;

CREATE FUNCTION rd_disable_user(p_user_id uuid)
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
REVOKE ALL ON FUNCTION rd_disable_user(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_disable_user(uuid) TO rd_admin, rd_company_admin;
