-- Every login Ruling Desk knows of carries a connection limit: people 16, the gatekeeper 10,
-- worker nodes 10 (a DBA creates those, in rd_worker).
SELECT format(
    'ALTER ROLE %I CONNECTION LIMIT %s;',
    r.rolname,
    CASE WHEN r.rolname = 'rd_gatekeeper' OR pg_has_role(r.oid, 'rd_worker', 'MEMBER') THEN 10 ELSE 16 END
)
FROM pg_roles AS r
WHERE r.rolcanlogin AND r.rolconnlimit < 0 AND NOT r.rolsuper
  AND (r.rolname = 'rd_gatekeeper' OR pg_has_role(r.oid, 'rd_worker', 'MEMBER') OR rd_is_own_login(r.rolname))
ORDER BY r.rolname
