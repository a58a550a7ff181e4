-- Workstations reach a central server over the network: the server offers TLS.
SELECT line FROM (
    VALUES
        (1, '-- in postgresql.conf: ssl = on, with ssl_cert_file and ssl_key_file;'),
        (2, '-- in pg_hba.conf: hostssl (not host) lines for the Ruling Desk roles, then reload.')
) AS fix(position, line)
WHERE current_setting('ssl') <> 'on'
ORDER BY position
