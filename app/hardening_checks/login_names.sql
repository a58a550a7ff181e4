-- PostgreSQL's catalogs show every role name to everyone who can connect: login role names
-- must not be people's addresses. Not closed yet (README, security: opaque login names).
SELECT format('-- %s login roles are named by an e-mail address and can be listed by anyone connected.', count(*))
FROM pg_roles AS r
WHERE r.rolname LIKE '%@%' AND rd_is_own_login(r.rolname)
HAVING count(*) > 0
