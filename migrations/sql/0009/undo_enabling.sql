DROP FUNCTION rd_enable_user(uuid);
