-- Passwords set from now on are stored as SCRAM-SHA-256 verifiers, never MD5.
SELECT line FROM (
    VALUES (1, 'ALTER SYSTEM SET password_encryption = ''scram-sha-256'';'), (2, 'SELECT pg_reload_conf();')
) AS fix(position, line)
WHERE current_setting('password_encryption') <> 'scram-sha-256'
ORDER BY position
