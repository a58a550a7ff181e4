-- Account state without a password: rd_sign_in_status told whoever held the gatekeeper's
-- password (every workstation carries it) that an address was disabled or expired. It is gone.
-- What a person may learn now comes only with proof of their password, from PostgreSQL itself:
-- a disabled login (NOLOGIN) is reported as "not permitted to log in" only after its password
-- was right; a login reset by an administrator connects and is told by
-- rd_password_change_required(). PostgreSQL's own VALID UNTIL expiry stays indistinguishable
-- from a wrong password, as PostgreSQL intends; Ruling Desk never sets it.
-- Throttling repeated failures is the server's: auth_delay (see README, security).
DROP FUNCTION rd_sign_in_status(text);
