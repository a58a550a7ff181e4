DELETE FROM role WHERE name IN ('read_only', 'write') AND NOT EXISTS (SELECT FROM api_keys WHERE role_id = role.id);
DROP FUNCTION rd_delete_api_key(uuid);
DROP FUNCTION rd_set_api_key_active(uuid, boolean);
DROP TRIGGER audit_update ON api_keys;
DROP TRIGGER audit_row ON api_keys;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
ALTER TABLE api_keys DROP COLUMN last_used_at, DROP COLUMN public_id;
