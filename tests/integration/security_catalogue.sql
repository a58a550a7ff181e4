-- The security catalogue of the current database: one row per (section, line), sorted. What
-- varies between runs is left out: OIDs, the database's name, its owner (the owner's own
-- privileges are implicit), the per-person login roles (direct members of rd_app), other login
-- roles, and LOGIN itself (the workstation gives rd_gatekeeper a login at run time).
WITH group_roles AS (
    SELECT r.oid, r.rolname
    FROM pg_roles AS r
    WHERE r.rolname LIKE 'rd\_%'
      AND (NOT r.rolcanlogin OR r.rolname = 'rd_gatekeeper')
      AND NOT EXISTS (
          SELECT FROM pg_auth_members AS m JOIN pg_roles AS app ON app.oid = m.roleid
          WHERE m.member = r.oid AND app.rolname = 'rd_app'
      )
),
grantee_name(oid, name) AS (
    SELECT oid, rolname::text FROM pg_roles UNION ALL SELECT 0::oid, 'PUBLIC'
),
-- Schema public, and the schemas of revision 0007 (their objects' names qualified).
our_schemas AS (
    SELECT oid, nspname, nspowner, nspacl FROM pg_namespace WHERE nspname IN ('public', 'rd_private', 'rd_account_state')
),
tables AS (
    SELECT c.oid, CASE WHEN s.nspname = 'public' THEN c.relname::text ELSE c.oid::regclass::text END AS relname,
           c.relkind, c.relowner, c.relacl, c.relrowsecurity, c.relforcerowsecurity
    FROM pg_class AS c JOIN our_schemas AS s ON s.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
),
routines AS (
    SELECT p.oid, p.oid::regprocedure::text AS signature, p.proowner, p.proacl, p.prosecdef, p.proconfig, p.prokind
    FROM pg_proc AS p JOIN our_schemas AS s ON s.oid = p.pronamespace
)
SELECT section, line FROM (
    -- 1. Group roles with any power they should never have, and whose member each is.
    SELECT 1 AS section, format(
        '%s%s%s%s%s%s', g.rolname, CASE WHEN r.rolsuper THEN ' SUPERUSER' END,
        CASE WHEN r.rolcreaterole THEN ' CREATEROLE' END, CASE WHEN r.rolcreatedb THEN ' CREATEDB' END,
        CASE WHEN r.rolreplication THEN ' REPLICATION' END, CASE WHEN r.rolbypassrls THEN ' BYPASSRLS' END
    ) AS line
    FROM group_roles AS g JOIN pg_roles AS r ON r.oid = g.oid
    UNION ALL
    SELECT 2, format(
        '%s is a member of %s%s%s%s', g.rolname, parent.rolname,
        CASE WHEN m.admin_option THEN ' WITH ADMIN' END,
        CASE WHEN NOT m.inherit_option THEN ' NOINHERIT' END,
        CASE WHEN NOT m.set_option THEN ' NOSET' END
    )
    FROM group_roles AS g
    JOIN pg_auth_members AS m ON m.member = g.oid
    JOIN pg_roles AS parent ON parent.oid = m.roleid
    UNION ALL
    -- 3. The database and our schemas.
    SELECT 3, format('database: %s %s%s', n.name, a.privilege_type, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' END)
    FROM pg_database AS d, aclexplode(d.datacl) AS a JOIN grantee_name AS n ON n.oid = a.grantee
    WHERE d.datname = current_database() AND a.grantee <> d.datdba
    UNION ALL
    SELECT 3, format(
        'schema %s: %s %s%s', s.nspname, n.name, a.privilege_type, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' END
    )
    FROM our_schemas AS s, aclexplode(s.nspacl) AS a JOIN grantee_name AS n ON n.oid = a.grantee
    WHERE a.grantee <> s.nspowner
    UNION ALL
    SELECT 3, format('default privileges: %s', d.defaclacl::text)
    FROM pg_default_acl AS d
    UNION ALL
    -- 4. Row-level security per table.
    SELECT 4, format(
        '%s: %s', t.relname,
        CASE WHEN t.relforcerowsecurity THEN 'enabled, forced' WHEN t.relrowsecurity THEN 'enabled' ELSE 'off' END
    )
    FROM tables AS t WHERE t.relkind IN ('r', 'p')
    UNION ALL
    -- 5. Table privileges (sequences and views included).
    SELECT 5, format('%s: %s %s', t.relname, n.name, string_agg(
        a.privilege_type || CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, ', '
        ORDER BY a.privilege_type
    ))
    FROM tables AS t, aclexplode(t.relacl) AS a JOIN grantee_name AS n ON n.oid = a.grantee
    WHERE a.grantee <> t.relowner
    GROUP BY t.relname, n.name
    UNION ALL
    -- 6. Column privileges.
    SELECT 6, format('%s: %s %s%s (%s)', t.relname, n.name, a.privilege_type,
        CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END,
        string_agg(att.attname, ', ' ORDER BY att.attname))
    FROM tables AS t
    JOIN pg_attribute AS att ON att.attrelid = t.oid AND att.attnum > 0 AND NOT att.attisdropped,
    aclexplode(att.attacl) AS a JOIN grantee_name AS n ON n.oid = a.grantee
    WHERE a.grantee <> t.relowner
    GROUP BY t.relname, n.name, a.privilege_type, a.is_grantable
    UNION ALL
    -- 7. Policies.
    SELECT 7, format('%s.%s: %s %s TO %s%s%s', p.tablename, p.policyname, p.permissive, p.cmd,
        (SELECT string_agg(role, ', ' ORDER BY role) FROM unnest(p.roles) AS role),
        -- The server prints a sub-select over several lines: one line per policy reads better here.
        ' USING (' || regexp_replace(p.qual, '\s+', ' ', 'g') || ')',
        ' WITH CHECK (' || regexp_replace(p.with_check, '\s+', ' ', 'g') || ')')
    FROM pg_policies AS p WHERE p.schemaname = 'public'
    UNION ALL
    -- 8. Routines: who may EXECUTE (no ACL means PUBLIC may), SECURITY DEFINER, settings.
    SELECT 8, format('%s: %s%s; EXECUTE: %s', r.signature,
        CASE WHEN r.prosecdef THEN 'SECURITY DEFINER' ELSE 'SECURITY INVOKER' END,
        '; SET ' || array_to_string(r.proconfig, ', '),
        coalesce((
            SELECT string_agg(n.name, ', ' ORDER BY n.name)
            FROM aclexplode(coalesce(r.proacl, acldefault('f', r.proowner))) AS a
            JOIN grantee_name AS n ON n.oid = a.grantee
            WHERE a.grantee <> r.proowner AND a.privilege_type = 'EXECUTE'
        ), 'owner only'))
    FROM routines AS r
    UNION ALL
    -- 9. Triggers (enabled unless said otherwise).
    SELECT 9, t.relname || ': ' || pg_get_triggerdef(tg.oid) || CASE tg.tgenabled
        WHEN 'O' THEN '' WHEN 'D' THEN ' -- DISABLED' WHEN 'R' THEN ' -- REPLICA ONLY' ELSE ' -- ALWAYS' END
    FROM pg_trigger AS tg JOIN tables AS t ON t.oid = tg.tgrelid
    WHERE NOT tg.tgisinternal
) AS catalogue
ORDER BY section, line COLLATE "C"
