-- PostgreSQL's catalogs show every role name to everyone who can connect, so a login role's name
-- must say nothing about its person: revision 0008 names them rd_u_<random hex> and renames the
-- address-named logins of the people in its database. One still named otherwise is a login of a
-- database of this cluster that is not at revision 0008 yet.
SELECT format(
    '-- %s Ruling Desk login roles have a name other than an opaque rd_u_<hex> one (e.g. an e-mail address)'
    ' that anyone connected can list: upgrade every Ruling Desk database of this cluster'
    ' ("ruling-desk db upgrade"), whose revision 0008 renames them.',
    count(*)
)
FROM pg_roles AS r
WHERE r.rolname !~ '^rd_u_[0-9a-f]{32}$' AND rd_is_own_login(r.rolname)
HAVING count(*) > 0
