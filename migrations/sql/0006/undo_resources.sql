-- Undoes resources.sql in this database. Connection limits and the privileges on the postgres
-- and template1 databases are cluster-wide: other databases of the cluster may rely on them.
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        GRANT EXECUTE ON FUNCTION lo_creat(integer), lo_create(oid), lo_from_bytea(oid, bytea) TO PUBLIC;
    END IF;
END
$$;
