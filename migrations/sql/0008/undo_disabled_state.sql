-- Undoes disabled_state.sql once 0006's rd_close_archived_login is back: disabled logins are
-- NOLOGIN again (with 0006's connection limit), and rd_disabled may no longer connect here.
DO $$
DECLARE
    v_login text;
BEGIN
    FOR v_login IN
        SELECT l.role_name FROM rd_private.login_roles AS l JOIN users AS u ON u.id = l.user_id
        WHERE u.is_archived AND rd_is_own_login(l.role_name) AND pg_has_role(l.role_name, 'rd_disabled', 'MEMBER')
    LOOP
        EXECUTE format('ALTER ROLE %I NOLOGIN CONNECTION LIMIT 16', v_login);
    END LOOP;
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM rd_disabled', current_database());
END
$$;
DROP SCHEMA rd_account_state CASCADE;
