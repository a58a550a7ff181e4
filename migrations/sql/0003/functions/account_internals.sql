-- Internals of the privileged functions (EXECUTE: the owner only; they run inside the SECURITY
-- DEFINER functions of people.sql, invitations.sql and api_keys.sql). Refusals use SQLSTATE
-- 42501 (not allowed), 22023 (malformed request), P0002 (no such row), 23505 (account exists).
--
-- The deployment owner (a member of the tables' owner, e.g. the ruling-desk users command) may do
-- what a staff admin may. A company admin manages only their own company's admin, user and
-- property_manager accounts. A login role is named by the lower-cased address (at most 63 bytes,
-- never silently truncated into someone else's name); one that exists is reused only if it is
-- ours (a plain direct member of rd_app). Passwords never reach the server: callers pass a
-- SCRAM-SHA-256 verifier computed client-side. Secrets are 244 random bits; only their SHA-256
-- is stored.

CREATE FUNCTION rd_acting_as_staff_admin()
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- The deployment owner (who owns the tables; or a superuser) may do what a staff admin may.
    SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.users'::regclass), 'MEMBER')
        OR rd_current_group() IS NOT DISTINCT FROM 'rd_admin'
$$;
REVOKE ALL ON FUNCTION rd_acting_as_staff_admin() FROM PUBLIC;

CREATE FUNCTION rd_authorize_account_change(p_role text, p_company_id uuid)
RETURNS void LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF rd_acting_as_staff_admin() THEN
        RETURN;
    END IF;
    IF rd_current_group() IS DISTINCT FROM 'rd_company_admin' THEN
        RAISE EXCEPTION 'Only administrators can manage accounts and invitations.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_company_id IS DISTINCT FROM rd_current_company_id() THEN
        RAISE EXCEPTION 'Company administrators can only manage accounts of their own company.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF rd_group_role(p_role, p_company_id) IS NULL
       OR rd_group_role(p_role, p_company_id) NOT IN ('rd_company_admin', 'rd_company_user', 'rd_property_manager') THEN
        RAISE EXCEPTION 'Company administrators can only give the roles admin, user and property_manager.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION rd_authorize_account_change(text, uuid) FROM PUBLIC;

CREATE FUNCTION rd_login_for(p_email text)
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
REVOKE ALL ON FUNCTION rd_login_for(text) FROM PUBLIC;

CREATE FUNCTION rd_check_account_scope(p_role text, p_company_id uuid, p_owner_id uuid, p_property_ids uuid[])
RETURNS void LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_group text := rd_group_role(p_role, p_company_id);
    v_foreign uuid;
BEGIN
    IF v_group IS NULL THEN
        RAISE EXCEPTION 'Unknown role "%".', p_role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_group IN ('rd_reviewer', 'rd_senior_reviewer', 'rd_qa') AND p_company_id IS NOT NULL THEN
        RAISE EXCEPTION 'The % role is review staff: it belongs to no company.', p_role
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_group IN ('rd_company_user', 'rd_property_manager') AND p_company_id IS NULL THEN
        RAISE EXCEPTION 'The % role needs a company.', p_role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_owner_id IS NOT NULL AND v_group NOT IN ('rd_owner_admin', 'rd_owner_viewer') THEN
        RAISE EXCEPTION 'Only owner_admin and owner_viewer accounts belong to an owner.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_property_ids) > 0 AND v_group IN ('rd_reviewer', 'rd_senior_reviewer', 'rd_qa', 'rd_admin') THEN
        RAISE EXCEPTION 'Review staff see every property; grant none.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT requested INTO v_foreign
    FROM unnest(p_property_ids) AS requested
    WHERE NOT EXISTS (SELECT FROM properties WHERE id = requested AND company_id = p_company_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'Property % is not a property of the account''s company.', v_foreign
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION rd_check_account_scope(text, uuid, uuid, uuid[]) FROM PUBLIC;

CREATE FUNCTION rd_put_user(
    p_login text, p_email text, p_first_name text, p_last_name text, p_role text, p_company_id uuid,
    p_team_id uuid, p_may_move boolean
)
RETURNS uuid LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- A new users row, or the archived row of a returning person re-activated.
DECLARE
    v_existing users;
BEGIN
    SELECT * INTO v_existing FROM users WHERE lower(email) = p_login FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO users (email, first_name, last_name, role, company_id, team_id)
        VALUES (p_email, p_first_name, p_last_name, p_role, p_company_id, p_team_id)
        RETURNING id INTO v_existing.id;
        RETURN v_existing.id;
    END IF;
    IF v_existing.is_archived IS NOT TRUE THEN
        RAISE EXCEPTION 'An account for % already exists.', p_login USING ERRCODE = 'unique_violation';
    END IF;
    IF v_existing.company_id IS DISTINCT FROM p_company_id AND NOT p_may_move THEN
        RAISE EXCEPTION 'The archived account of % belongs to another organisation; ask Ruling Desk staff.', p_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE users
    SET first_name = p_first_name, last_name = p_last_name, role = p_role,
        company_id = p_company_id, team_id = p_team_id, is_archived = false
    WHERE id = v_existing.id;
    RETURN v_existing.id;
END
$$;
REVOKE ALL ON FUNCTION rd_put_user(text, text, text, text, text, uuid, uuid, boolean) FROM PUBLIC;

CREATE FUNCTION rd_replace_user_grants(p_user_id uuid, p_property_ids uuid[], p_owner_id uuid)
RETURNS void LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
    DELETE FROM users_properties WHERE user_id = p_user_id AND property_id <> ALL (p_property_ids);
    INSERT INTO users_properties (user_id, property_id)
    SELECT DISTINCT p_user_id, property_id FROM unnest(p_property_ids) AS property_id
    ON CONFLICT (user_id, property_id) DO NOTHING;
    DELETE FROM users_owners WHERE user_id = p_user_id AND owner_id IS DISTINCT FROM p_owner_id;
    INSERT INTO users_owners (owner_id, user_id)
    SELECT p_owner_id, p_user_id WHERE p_owner_id IS NOT NULL
    ON CONFLICT (owner_id, user_id) DO NOTHING;
$$;
REVOKE ALL ON FUNCTION rd_replace_user_grants(uuid, uuid[], uuid) FROM PUBLIC;

CREATE FUNCTION rd_is_own_login(p_login text)
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- A login role Ruling Desk created: a plain role that is a direct member of rd_app.
    SELECT EXISTS (
        SELECT FROM pg_roles AS r JOIN pg_auth_members AS m ON m.member = r.oid
        WHERE r.rolname = p_login AND m.roleid = 'rd_app'::regrole
          AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls)
    )
$$;
REVOKE ALL ON FUNCTION rd_is_own_login(text) FROM PUBLIC;

CREATE FUNCTION rd_set_product_group(p_login text, p_group text)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- Exactly one product group: revoke the others, grant p_group.
DECLARE
    v_group text;
BEGIN
    FOREACH v_group IN ARRAY ARRAY['rd_reviewer', 'rd_senior_reviewer', 'rd_qa', 'rd_admin', 'rd_company_admin', 'rd_company_user', 'rd_property_manager', 'rd_owner_admin', 'rd_owner_viewer'] LOOP
        IF v_group <> p_group AND pg_has_role(p_login, v_group, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', v_group, p_login);
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', p_group, p_login);
END
$$;
REVOKE ALL ON FUNCTION rd_set_product_group(text, text) FROM PUBLIC;

CREATE FUNCTION rd_check_verifier(p_password_verifier text)
RETURNS void LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF p_password_verifier IS NULL
       OR p_password_verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        RAISE EXCEPTION 'Pass a SCRAM-SHA-256 verifier computed by the client, never a password.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION rd_check_verifier(text) FROM PUBLIC;

CREATE FUNCTION rd_ensure_login(p_login text, p_password_verifier text, p_group text)
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
REVOKE ALL ON FUNCTION rd_ensure_login(text, text, text) FROM PUBLIC;

CREATE FUNCTION rd_secret()
RETURNS text LANGUAGE sql VOLATILE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
$$;
REVOKE ALL ON FUNCTION rd_secret() FROM PUBLIC;

CREATE FUNCTION rd_secret_hash(p_secret text)
RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT encode(sha256(convert_to(lower(btrim(p_secret)), 'UTF8')), 'hex')
$$;
REVOKE ALL ON FUNCTION rd_secret_hash(text) FROM PUBLIC;
