-- Undoes addresses.sql once revision 0003's rd_login_for is back.
ALTER TABLE invitations DROP CONSTRAINT ck_invitations_email_plain_address;
ALTER TABLE users DROP CONSTRAINT ck_users_email_plain_address;
DROP FUNCTION rd_is_plain_address(text);
