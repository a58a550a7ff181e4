-- Undoes login_resets.sql once revision 0003's function bodies are back (they no longer call these).
DROP FUNCTION rd_password_change_required();
DROP FUNCTION rd_reset_login(uuid, text, boolean);
DROP FUNCTION rd_lock_active_user(uuid);
DROP FUNCTION rd_lock_user(uuid);
DROP FUNCTION rd_active_caller_id();
DROP FUNCTION rd_signed_in_user_id();
DROP FUNCTION rd_must_change_password(uuid);
DROP FUNCTION rd_login_event(uuid, text, boolean);
