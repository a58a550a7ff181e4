-- Undoes access_grants.sql: grants go back to staff admins' direct writes (0003) only.
DROP TRIGGER notify_change ON users_owners;
DROP TRIGGER notify_change ON users_properties;
DROP FUNCTION rd_notify_access_change();
DROP FUNCTION rd_revoke_owners(uuid, uuid[]);
DROP FUNCTION rd_grant_owners(uuid, uuid[]);
DROP FUNCTION rd_revoke_properties(uuid, uuid[]);
DROP FUNCTION rd_grant_properties(uuid, uuid[]);
DROP FUNCTION rd_change_grants(uuid, text, uuid[], boolean);
