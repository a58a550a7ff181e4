-- Failed sign-ins are slowed down by the auth_delay module (a server restart loads it).
SELECT line FROM (
    VALUES
        (1, '-- in postgresql.conf, then restart the server:'),
        (2, '--   shared_preload_libraries = ''auth_delay''   (added to any libraries already listed)'),
        (3, '--   auth_delay.milliseconds = 500')
) AS fix(position, line)
-- pg_settings gives the bare number; current_setting() adds the unit ("500ms").
WHERE coalesce((SELECT setting::integer FROM pg_settings WHERE name = 'auth_delay.milliseconds'), 0) <= 0
ORDER BY position
