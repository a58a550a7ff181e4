-- Opaque login role names (issue 7, class 9): PostgreSQL's catalogs (pg_roles, pg_auth_members,
-- pg_get_userbyid() over any OID range, pg_stat_activity) show every role name to every role
-- that can connect, the gatekeeper included, and no privilege hides them. So a login role's
-- name must not say whose it is: it is "rd_u_" and 32 hex digits of a SHA-256 over 244 random
-- bits, neither derived from the address (nothing to reverse) nor sequential (nothing to
-- enumerate). users.email stays the person's identity.
--
-- rd_private.login_roles maps a users row to its login role. It lives in a schema of its own
-- that only the owner may use: whoever could read it could turn every opaque name in the
-- catalogs back into a person, which is exactly what the names hide. (A column on users would
-- be readable wherever the users row is, e.g. by every staff member; a column privilege would
-- have to be kept right on every later grant.)
--
-- At sign-in the gatekeeper resolves ONE address at a time (rd_login_name). For an address
-- without a login it returns a decoy of the same shape, an HMAC-SHA-256 of the lower-cased
-- address under a server secret (rd_private.login_name_key, made here, never leaves the
-- database): stable per address, so asking twice cannot tell known from unknown, and
-- unpredictable without the secret. What the gatekeeper can still do is ask the catalogs whether
-- the name it got exists (pg_roles, a ::regrole cast): it can confirm one guessed address at a
-- time, as a failed sign-in could; it can no longer list anyone (README, security).
--
-- Existing logins (named by their address) are renamed here. ALTER ROLE ... RENAME keeps a
-- SCRAM-SHA-256 verifier (its salt is random, not the role name) but clears an MD5 password
-- (salted with the name); Ruling Desk only ever stores SCRAM verifiers (rd_check_verifier), and
-- a superuser running this migration is told about any MD5 password it cleared.

CREATE SCHEMA rd_private;
REVOKE ALL ON SCHEMA rd_private FROM PUBLIC;

CREATE TABLE rd_private.login_roles (
    user_id uuid PRIMARY KEY REFERENCES public.users (id) ON DELETE CASCADE,
    role_name text NOT NULL UNIQUE CHECK (role_name ~ '^rd_u_[0-9a-f]{32}$')
);
REVOKE ALL ON rd_private.login_roles FROM PUBLIC;

CREATE TABLE rd_private.login_name_key (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    secret bytea NOT NULL CHECK (octet_length(secret) = 32)
);
REVOKE ALL ON rd_private.login_name_key FROM PUBLIC;
INSERT INTO rd_private.login_name_key (secret)
VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));

CREATE FUNCTION rd_hmac_sha256(p_key bytea, p_message bytea)
RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, public, pg_temp AS $$
-- RFC 2104 over SHA-256 (block size 64), for keys of at most 64 bytes; pgcrypto is not assumed.
DECLARE
    v_key bytea := p_key || decode(repeat('00', 64 - octet_length(p_key)), 'hex');
    v_inner bytea := v_key;
    v_outer bytea := v_key;
BEGIN
    FOR i IN 0..63 LOOP
        v_inner := set_byte(v_inner, i, get_byte(v_key, i) # 54);
        v_outer := set_byte(v_outer, i, get_byte(v_key, i) # 92);
    END LOOP;
    RETURN sha256(v_outer || sha256(v_inner || p_message));
END
$$;
REVOKE ALL ON FUNCTION rd_hmac_sha256(bytea, bytea) FROM PUBLIC;

CREATE FUNCTION rd_mapped_login(p_user_id uuid)
RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT role_name FROM rd_private.login_roles WHERE user_id = p_user_id
$$;
REVOKE ALL ON FUNCTION rd_mapped_login(uuid) FROM PUBLIC;

CREATE FUNCTION rd_login_of(p_user_id uuid)
RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- The person's login role name: the one they have, or a fresh random one recorded for them.
DECLARE
    v_login text := rd_mapped_login(p_user_id);
BEGIN
    IF v_login IS NULL THEN
        v_login := 'rd_u_' || left(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'), 32);
        INSERT INTO rd_private.login_roles (user_id, role_name) VALUES (p_user_id, v_login);
    END IF;
    RETURN v_login;
END
$$;
REVOKE ALL ON FUNCTION rd_login_of(uuid) FROM PUBLIC;

CREATE FUNCTION rd_login_name(p_email text)
RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- The login role to sign in as with this address: its person's, or the address's stable decoy.
-- The decoy is computed for every address, so the time taken does not tell them apart either.
DECLARE
    v_address text := lower(btrim(coalesce(p_email, '')));
    v_decoy text := 'rd_u_' || left(encode(rd_hmac_sha256(
        (SELECT secret FROM rd_private.login_name_key), convert_to(v_address, 'UTF8')
    ), 'hex'), 32);
    v_login text;
BEGIN
    SELECT l.role_name INTO v_login
    FROM users AS u JOIN rd_private.login_roles AS l ON l.user_id = u.id
    WHERE lower(u.email) = v_address;
    RETURN coalesce(v_login, v_decoy);
END
$$;
REVOKE ALL ON FUNCTION rd_login_name(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_login_name(text) TO rd_gatekeeper;

CREATE FUNCTION rd_login_role_of(p_user_id uuid)
RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- For the deployment owner (the users command): which login role is this person's.
    SELECT rd_mapped_login(p_user_id)
$$;
REVOKE ALL ON FUNCTION rd_login_role_of(uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION rd_signed_in_user_id()
RETURNS uuid LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
    -- The caller's active users row, whether or not they still have to choose a password.
    -- Membership of rd_app is read from the latest catalog, whatever the snapshot: a disabling
    -- (which revokes it, see 0006's disabling.sql) is seen at the next query.
    SELECT u.id FROM users AS u JOIN rd_private.login_roles AS l ON l.user_id = u.id
    WHERE l.role_name = session_user::text AND u.is_archived IS NOT TRUE
      AND pg_has_role(session_user, 'rd_app', 'MEMBER')
$$;

CREATE OR REPLACE FUNCTION rd_login_for(p_email text)
RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
-- Since revision 0008 no login name: the address as the account functions match users by
-- (trimmed, lower-cased), refused unless it is a plain address (0006's addresses.sql). Without a
-- login named after it, an address may be longer than 63 bytes and may start with "pg_".
DECLARE
    v_address text := btrim(p_email);
BEGIN
    IF v_address IS NULL OR NOT rd_is_plain_address(v_address) THEN
        RAISE EXCEPTION '"%" is not an email address Ruling Desk accepts: plain ASCII only (an international'
            ' domain in its xn-- form), nothing invisible.', p_email
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN lower(v_address);
END
$$;

CREATE OR REPLACE FUNCTION rd_create_user(
    p_email text, p_first_name text, p_last_name text, p_role text, p_company_id uuid, p_team_id uuid,
    p_property_ids uuid[], p_password_verifier text
)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_address text;
    v_property_ids uuid[] := coalesce(p_property_ids, '{}');
    v_user_id uuid;
BEGIN
    PERFORM rd_authorize_account_change(p_role, p_company_id);
    v_address := rd_login_for(p_email);
    PERFORM rd_check_account_scope(p_role, p_company_id, NULL, v_property_ids);
    PERFORM rd_check_verifier(p_password_verifier);
    v_user_id := rd_put_user(
        v_address, btrim(p_email), p_first_name, p_last_name, p_role, p_company_id, p_team_id,
        rd_acting_as_staff_admin()
    );
    PERFORM rd_replace_user_grants(v_user_id, v_property_ids, NULL);
    PERFORM rd_ensure_login(rd_login_of(v_user_id), p_password_verifier, rd_group_role(p_role, p_company_id));
    RETURN v_user_id;
END
$$;

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
    PERFORM rd_login_for(v_user.email);
    IF rd_group_role(v_user.role, v_user.company_id) IS NULL THEN
        RAISE EXCEPTION 'Unknown role "%".', v_user.role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = rd_mapped_login(p_user_id)) THEN
        RAISE EXCEPTION '% already has a login; resetting its password is a separate, audited step.', v_user.email
            USING ERRCODE = 'duplicate_object';
    END IF;
    v_login := rd_login_of(p_user_id);
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(v_user.role, v_user.company_id));
    PERFORM rd_login_event(p_user_id, 'granted', false);
    RETURN v_login;
END
$$;

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
    v_login := rd_mapped_login(p_user_id);
    IF v_login IS NULL OR NOT rd_is_own_login(v_login) THEN
        RAISE EXCEPTION '% has no login to reset.', v_user.email USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(v_user.role, v_user.company_id));
    PERFORM rd_login_event(p_user_id, 'reset', coalesce(p_must_change, true));
    RETURN v_login;
END
$$;

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
    v_login := rd_mapped_login(p_user_id);
    IF v_login IS NOT NULL AND rd_is_own_login(v_login) THEN
        PERFORM rd_set_product_group(v_login, rd_group_role(p_role, v_user.company_id));
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION rd_accept_invitation(p_email text, p_token text, p_password_verifier text)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_invitation invitations;
    v_address text := lower(btrim(p_email));
    v_user_id uuid;
BEGIN
    SELECT * INTO v_invitation FROM invitations WHERE token_hash = rd_secret_hash(p_token) FOR UPDATE;
    IF NOT FOUND OR lower(btrim(v_invitation.email)) IS DISTINCT FROM v_address THEN
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
    IF EXISTS (SELECT FROM users WHERE lower(email) = v_address AND is_archived IS NOT TRUE) THEN
        RAISE EXCEPTION 'An account for this email address already exists; sign in with your password.'
            USING ERRCODE = 'RD409';
    END IF;
    PERFORM rd_check_verifier(p_password_verifier);

    PERFORM set_config('rd.audit_reason', format('accepted invitation %s', v_invitation.id), true);
    v_user_id := rd_put_user(
        v_address, btrim(v_invitation.email), v_invitation.first_name, v_invitation.last_name,
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
    PERFORM rd_ensure_login(
        rd_login_of(v_user_id), p_password_verifier, rd_group_role(v_invitation.role, v_invitation.company_id)
    );
    UPDATE invitations SET accepted_at = (now() AT TIME ZONE 'utc'), accepted_user_id = v_user_id WHERE id = v_invitation.id;
    RETURN v_user_id;
END
$$;

-- The audit log names the person, not the opaque role: whichever function writes a row (the
-- audit trigger, login events, job signals), db_role holds the address of the login's person
-- (user_id, where the writer knows it, their users id); roles of no person keep their name.
CREATE FUNCTION rd_audit_names_the_person()
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.db_role := coalesce(
        (
            SELECT u.email FROM rd_private.login_roles AS l JOIN users AS u ON u.id = l.user_id
            WHERE l.role_name = NEW.db_role
        ),
        NEW.db_role
    );
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION rd_audit_names_the_person() FROM PUBLIC;
CREATE TRIGGER names_the_person BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION rd_audit_names_the_person();

-- Existing logins: every users row whose address names one of our login roles gets an opaque
-- one, renamed in place (password, groups, grants and open sessions stay with the role).
DO $$
DECLARE
    v_person record;
    v_superuser boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
BEGIN
    FOR v_person IN
        SELECT u.id, u.email, lower(u.email) AS old_name FROM users AS u
        WHERE rd_is_own_login(lower(u.email)) ORDER BY u.id
    LOOP
        IF v_superuser AND EXISTS (
            SELECT FROM pg_authid WHERE rolname = v_person.old_name AND rolpassword LIKE 'md5%'
        ) THEN
            RAISE NOTICE 'The login of % had an MD5 password, which renaming clears; reset it (rd_reset_login).',
                v_person.email;
        END IF;
        EXECUTE format('ALTER ROLE %I RENAME TO %I', v_person.old_name, rd_login_of(v_person.id));
    END LOOP;
END
$$;
