-- Undoes disabling.sql once revision 0003's function bodies are back. rd_disabled, like every
-- cluster-wide role, stays: other databases of the cluster may use it.
DROP TRIGGER close_archived_login ON users;
DROP FUNCTION rd_close_archived_login();
