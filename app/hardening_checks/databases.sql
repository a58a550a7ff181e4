-- Every database of the cluster, this one included (a database cloned with CREATE DATABASE ...
-- TEMPLATE gets PUBLIC's defaults back): PUBLIC may neither connect nor create temporary
-- objects; this database is open to the Ruling Desk roles instead (rd_disabled too, revision
-- 0008: a disabled person connects to learn just that).
SELECT statement FROM (
    SELECT d.datname, format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC;', d.datname) AS statement
    FROM pg_database AS d
    WHERE d.datallowconn AND EXISTS (
        SELECT FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) AS a
        WHERE a.grantee = 0 AND a.privilege_type IN ('CONNECT', 'TEMPORARY')
    )
    UNION ALL
    SELECT current_database(), format(
        'GRANT CONNECT ON DATABASE %I TO rd_app, rd_worker, rd_gatekeeper, rd_disabled;', current_database()
    )
    WHERE NOT (
        has_database_privilege('rd_app', current_database(), 'CONNECT')
        AND has_database_privilege('rd_worker', current_database(), 'CONNECT')
        AND has_database_privilege('rd_gatekeeper', current_database(), 'CONNECT')
        AND has_database_privilege('rd_disabled', current_database(), 'CONNECT')
    )
) AS fixes
ORDER BY datname, statement DESC
