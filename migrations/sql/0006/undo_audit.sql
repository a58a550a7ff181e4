-- Undoes audit.sql.
DROP TRIGGER audit_truncate ON proof;
DROP TRIGGER audit_delete ON proof;
DROP TRIGGER audit_row ON proof;
