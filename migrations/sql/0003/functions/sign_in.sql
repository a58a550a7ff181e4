-- Why a sign-in failed, for the gatekeeper: 'disabled'/'expired' only for Ruling Desk login
-- roles, 'unknown' for anything else, so it reveals nothing about other roles. (pg_roles itself
-- lists role names to every connected role; hiding that needs a superuser, outside a migration.)

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
