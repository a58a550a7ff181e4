-- Who may connect at all: only our groups. The database's name differs per deployment,
-- hence current_database() in a DO block. (CREATE DATABASE ... TEMPLATE does not copy
-- database privileges: a clone gets PUBLIC's defaults back until this is run again.)
DO $$
BEGIN
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO rd_app, rd_worker, rd_gatekeeper', current_database());
END
$$;

-- Nobody but the owner creates objects in public (nothing to shadow our tables or functions with).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO rd_app, rd_worker, rd_gatekeeper;
