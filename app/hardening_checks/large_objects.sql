-- Large objects are stored outside every table and policy: nobody but a superuser creates them.
SELECT 'REVOKE EXECUTE ON FUNCTION lo_creat(integer), lo_create(oid), lo_from_bytea(oid, bytea) FROM PUBLIC;'
WHERE EXISTS (
    SELECT FROM pg_proc AS p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
    WHERE p.oid IN ('lo_creat(integer)'::regprocedure, 'lo_create(oid)'::regprocedure,
                    'lo_from_bytea(oid, bytea)'::regprocedure)
      AND a.grantee = 0
)
