-- Re-enabling a disabled person: the way back that 0006 left out. Disabling (the deferred
-- close_archived_login trigger, 0006/0008) archives the users row, keeps the login with
-- CONNECTION LIMIT 1 in no group but rd_disabled, revokes the pending invitations for the
-- address and ends the sessions. rd_enable_user undoes the account half of that in the same
-- transaction as the UPDATE: the row is active again, the login leaves rd_disabled, gets its
-- connection limit of 16 (0006/resources.sql) back, rd_app and exactly the product group of
-- its role. Its password is the person's own, unchanged: a disabled person who comes back signs
-- in as before (an administrator who doubts the password forces a change with rd_reset_login).
-- Revoked invitation codes stay revoked: a code may have leaked while it was dead, and a person
-- with a login needs none; an administrator issues a fresh one if it is needed.
-- Who may: whoever may disable the person (rd_authorize_account_change: staff administrators
-- anyone, a company administrator their own company's people). The UPDATE of users is audited
-- by the users audit trigger, with the caller's audit reason.

CREATE FUNCTION rd_enable_user(p_user_id uuid)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_user users := rd_lock_user(p_user_id);
    v_login text;
BEGIN
    PERFORM rd_authorize_account_change(v_user.role, v_user.company_id);
    IF v_user.is_archived IS NOT TRUE THEN
        RAISE EXCEPTION 'The account of % is not disabled.', v_user.email USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF rd_group_role(v_user.role, v_user.company_id) IS NULL THEN
        RAISE EXCEPTION 'Unknown role "%".', v_user.role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE users SET is_archived = false WHERE id = p_user_id;
    v_login := rd_mapped_login(p_user_id);
    IF v_login IS NULL OR NOT rd_is_own_login(v_login) THEN
        RETURN;  -- a person who never had a login gets one through an invitation, as before
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN CONNECTION LIMIT 16', v_login);
    IF pg_has_role(v_login, 'rd_disabled', 'MEMBER') THEN
        EXECUTE format('REVOKE rd_disabled FROM %I', v_login);
    END IF;
    IF NOT pg_has_role(v_login, 'rd_app', 'MEMBER') THEN
        EXECUTE format('GRANT rd_app TO %I', v_login);
    END IF;
    PERFORM rd_set_product_group(v_login, rd_group_role(v_user.role, v_user.company_id));
END
$$;
REVOKE ALL ON FUNCTION rd_enable_user(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_enable_user(uuid) TO rd_admin, rd_company_admin;
