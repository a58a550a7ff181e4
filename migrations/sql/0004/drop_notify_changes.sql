-- Undo notify_changes.sql, object by object (no CASCADE: anything missing stops the downgrade).
DROP TRIGGER notify_change ON api_keys;
DROP TRIGGER notify_change ON invitations;
DROP TRIGGER notify_change ON team;
DROP TRIGGER notify_change ON users;
DROP TRIGGER notify_change_update ON entries;
DROP TRIGGER notify_change ON entries;
DROP FUNCTION rd_notify_change();
