-- Revision 0008's downgrade: the definitions of the functions 0008 replaced, copied verbatim from
-- where they were last defined (0003's functions/, 0006's login_resets, addresses and disabling;
-- those files are frozen, so the copy cannot drift). Only CREATE became CREATE OR REPLACE;
-- their grants stayed.

-- from 0006/login_resets.sql
CREATE OR REPLACE FUNCTION rd_signed_in_user_id()
RETURNS uuid LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- The caller's active users row, whether or not they still have to choose a password.
    -- Membership of rd_app is read from the latest catalog, whatever the snapshot: a disabling
    -- (which revokes it, see disabling.sql) is seen at the next query.
    SELECT id FROM users
    WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE
      AND pg_has_role(session_user, 'rd_app', 'MEMBER')
$$;

-- from 0006/addresses.sql
CREATE OR REPLACE FUNCTION rd_login_for(p_email text)
RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_address text := btrim(p_email);
    v_login text := lower(v_address);
BEGIN
    IF v_address IS NULL OR NOT rd_is_plain_address(v_address) THEN
        RAISE EXCEPTION '"%" is not an email address Ruling Desk accepts: plain ASCII only (an international'
            ' domain in its xn-- form), nothing invisible.', p_email
            USING ERRCODE = 'invalid_parameter_value';
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

-- from 0003/functions/people.sql
CREATE OR REPLACE FUNCTION rd_create_user(
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

-- from 0006/login_resets.sql
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

-- from 0006/login_resets.sql
CREATE OR REPLACE FUNCTION rd_reset_login(p_user_id uuid, p_password_verifier text, p_must_change boolean)
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

-- from 0003/functions/people.sql
CREATE OR REPLACE FUNCTION rd_change_user_role(p_user_id uuid, p_role text)
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

-- from 0003/functions/invitations.sql
CREATE OR REPLACE FUNCTION rd_accept_invitation(p_email text, p_token text, p_password_verifier text)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_invitation invitations;
    v_login text := lower(btrim(p_email));
    v_user_id uuid;
BEGIN
    SELECT * INTO v_invitation FROM invitations WHERE token_hash = rd_secret_hash(p_token) FOR UPDATE;
    IF NOT FOUND OR lower(btrim(v_invitation.email)) IS DISTINCT FROM v_login THEN
        RAISE EXCEPTION 'This invitation code is not valid for that email address.' USING ERRCODE = 'RD401';
    END IF;
    IF v_invitation.accepted_at IS NOT NULL THEN
        RAISE EXCEPTION 'This invitation has already been used; sign in with your password.'
            USING ERRCODE = 'RD409';
    END IF;
    IF v_invitation.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'This invitation was withdrawn by an administrator.' USING ERRCODE = 'RD403';
    END IF;
    IF v_invitation.expires_at IS NULL OR v_invitation.expires_at <= (now() AT TIME ZONE 'utc') THEN
        RAISE EXCEPTION 'This invitation expired on % UTC; ask your administrator for a new one.',
            coalesce(v_invitation.expires_at::timestamp(0)::text, 'an unknown date')
            USING ERRCODE = 'RD410';
    END IF;
    IF EXISTS (SELECT FROM users WHERE lower(email) = v_login AND is_archived IS NOT TRUE) THEN
        RAISE EXCEPTION 'An account for this email address already exists; sign in with your password.'
            USING ERRCODE = 'RD409';
    END IF;
    PERFORM rd_check_verifier(p_password_verifier);

    PERFORM set_config('rd.audit_reason', format('accepted invitation %s', v_invitation.id), true);
    v_user_id := rd_put_user(
        v_login, btrim(v_invitation.email), v_invitation.first_name, v_invitation.last_name,
        v_invitation.role, v_invitation.company_id, v_invitation.team_id, true
    );
    PERFORM rd_replace_user_grants(
        v_user_id,
        ARRAY(
            SELECT property_id FROM invitations_properties
            WHERE invitation_id = v_invitation.id AND property_id IS NOT NULL
        ),
        v_invitation.owner_id
    );
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(v_invitation.role, v_invitation.company_id));
    UPDATE invitations SET accepted_at = (now() AT TIME ZONE 'utc'), accepted_user_id = v_user_id WHERE id = v_invitation.id;
    RETURN v_user_id;
END
$$;

-- from 0006/disabling.sql
CREATE OR REPLACE FUNCTION rd_close_archived_login()
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
