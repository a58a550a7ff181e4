-- Invitations: created by staff admins and company admins, accepted by the gatekeeper (before
-- anyone signs in) with the one-time code. A new invitation withdraws the pending ones for the same
-- address and company; it is valid for between a minute and 30 days. Without skip_email_sending an
-- InvitationEmailWorker job is enqueued in the same transaction: the queue and worker named below
-- mirror services.jobs (a revision never imports the code it serves;
-- tests/integration/test_security_invitations.py checks they agree). Code refusals use SQLSTATE
-- RD401 (wrong code or address), RD403 (withdrawn), RD409 (used, or the account exists), RD410
-- (expired).

CREATE FUNCTION rd_create_invitation(
    p_email text, p_first_name text, p_last_name text, p_role text, p_company_id uuid, p_team_id uuid,
    p_owner_id uuid, p_property_ids uuid[], p_skip_email_sending boolean, p_valid_for interval
)
RETURNS TABLE (invitation_id uuid, token text, expires_at timestamp)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_login text;
    v_property_ids uuid[] := coalesce(p_property_ids, '{}');
    v_group text := rd_group_role(p_role, p_company_id);
    v_existing users;
    v_id uuid;
    v_token text := rd_secret();
    v_expires timestamp;
BEGIN
    PERFORM rd_authorize_account_change(p_role, p_company_id);
    v_login := rd_login_for(p_email);
    PERFORM rd_check_account_scope(p_role, p_company_id, p_owner_id, v_property_ids);
    IF v_group IN ('rd_owner_admin', 'rd_owner_viewer') AND p_owner_id IS NULL THEN
        RAISE EXCEPTION 'An owner_admin or owner_viewer invitation needs an owner.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_valid_for IS NULL OR p_valid_for < interval '1 minute' OR p_valid_for > interval '30 days' THEN
        RAISE EXCEPTION 'An invitation is valid for between a minute and 30 days, not %.', p_valid_for
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_existing FROM users WHERE lower(email) = v_login;
    IF FOUND AND v_existing.is_archived IS NOT TRUE THEN
        RAISE EXCEPTION 'An account for % already exists.', v_login USING ERRCODE = 'unique_violation';
    END IF;
    IF FOUND AND v_existing.company_id IS DISTINCT FROM p_company_id AND NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'The archived account of % belongs to another organisation; ask Ruling Desk staff.', v_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    UPDATE invitations SET revoked_at = (now() AT TIME ZONE 'utc')
    WHERE lower(email) = v_login AND company_id IS NOT DISTINCT FROM p_company_id
      AND accepted_at IS NULL AND revoked_at IS NULL;

    v_expires := (now() AT TIME ZONE 'utc') + p_valid_for;
    INSERT INTO invitations (
        email, first_name, last_name, role, company_id, company_short_id, team_id, owner_id,
        skip_email_sending, token_hash, expires_at, invited_by_id
    )
    VALUES (
        btrim(p_email), p_first_name, p_last_name, p_role, p_company_id,
        (SELECT short_id FROM companies WHERE id = p_company_id), p_team_id, p_owner_id,
        coalesce(p_skip_email_sending, false), rd_secret_hash(v_token), v_expires, rd_current_user_id()
    )
    RETURNING id INTO v_id;
    INSERT INTO invitations_properties (invitation_id, property_id, property_short_id)
    SELECT v_id, p.id, p.short_id FROM properties AS p WHERE p.id = ANY (v_property_ids);

    IF NOT coalesce(p_skip_email_sending, false) THEN
        INSERT INTO oban_jobs (queue, worker, args, max_attempts, tags)
        VALUES (
            'desk_notifications', 'services.jobs.invitation_email.InvitationEmailWorker',
            jsonb_build_object(
                'invitation_id', v_id, 'email', btrim(p_email), 'first_name', p_first_name,
                'last_name', p_last_name, 'role', p_role, 'token', v_token, 'expires_at', v_expires
            ),
            10, ARRAY['invitation']::varchar[]
        );
        PERFORM pg_notify('oban_insert', json_build_object('queue', 'desk_notifications')::text);
    END IF;
    RETURN QUERY SELECT v_id, v_token, v_expires;
END
$$;
REVOKE ALL ON FUNCTION rd_create_invitation(text, text, text, text, uuid, uuid, uuid, uuid[], boolean, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_create_invitation(text, text, text, text, uuid, uuid, uuid, uuid[], boolean, interval) TO rd_admin, rd_company_admin;

CREATE FUNCTION rd_revoke_invitation(p_invitation_id uuid)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_invitation invitations;
BEGIN
    SELECT * INTO v_invitation FROM invitations WHERE id = p_invitation_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no invitation %.', p_invitation_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM rd_authorize_account_change(v_invitation.role, v_invitation.company_id);
    IF v_invitation.accepted_at IS NOT NULL THEN
        RAISE EXCEPTION 'This invitation was already accepted; disable the account instead.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE invitations SET revoked_at = (now() AT TIME ZONE 'utc') WHERE id = p_invitation_id AND revoked_at IS NULL;
END
$$;
REVOKE ALL ON FUNCTION rd_revoke_invitation(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_revoke_invitation(uuid) TO rd_admin, rd_company_admin;

CREATE FUNCTION rd_accept_invitation(p_email text, p_token text, p_password_verifier text)
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
REVOKE ALL ON FUNCTION rd_accept_invitation(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_accept_invitation(text, text, text) TO rd_gatekeeper;
