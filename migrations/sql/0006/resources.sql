-- Resource abuse: one credential must not be able to take the server down for every company.
--
-- Connections: every person's login gets CONNECTION LIMIT 16 (a workstation's pool, its LISTEN
-- connection and a sign-in, with room for a second window; rd_ensure_login sets it on every
-- login it creates or re-activates), the gatekeeper 10 (it only accepts invitations). Worker
-- nodes' logins are the DBA's: `ruling-desk db check` lists those without a limit.
--
-- Superuser-only steps, taken here when the migrating role is one (the embedded server's owner
-- is) and otherwise listed with their statements by `ruling-desk db check`:
-- - large objects live outside every table and policy, and any role could create them without
--   bound: creating them (lo_creat, lo_create, lo_from_bytea) is revoked from PUBLIC in this
--   database (reading or writing another role's large object was never allowed);
-- - the cluster's `postgres` and `template1` databases: PUBLIC may no longer connect or create
--   temporary objects there (cluster-wide, so a downgrade leaves it, as it leaves the roles).

ALTER ROLE rd_gatekeeper CONNECTION LIMIT 10;

DO $$
DECLARE
    v_login text;
BEGIN
    FOR v_login IN
        SELECT r.rolname FROM pg_roles AS r
        WHERE r.rolcanlogin AND r.rolconnlimit < 0 AND rd_is_own_login(r.rolname)
    LOOP
        EXECUTE format('ALTER ROLE %I CONNECTION LIMIT 16', v_login);
    END LOOP;
END
$$;

DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE NOTICE 'Not a superuser: large objects and the postgres/template1 databases are left to a DBA;'
            ' run "ruling-desk db check" for the statements.';
        RETURN;
    END IF;
    REVOKE EXECUTE ON FUNCTION lo_creat(integer), lo_create(oid), lo_from_bytea(oid, bytea) FROM PUBLIC;
    REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
    REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;
END
$$;
