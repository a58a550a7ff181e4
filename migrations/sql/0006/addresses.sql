-- Look-alike addresses: an address is a person's identity (and, today, their login role's name),
-- so two addresses that print alike must not both exist. A zero-width space, a bidirectional
-- override or a Cyrillic "а" in place of a Latin "a" each makes one. Addresses are therefore
-- plain ASCII: the RFC 5321 "atext" characters and dots before the @, and DNS labels after it
-- (an international domain in its xn-- form). Plain ASCII is NFC by construction; the input is
-- checked as given (trimmed), not after normalising or lower-casing it, since both turn some
-- non-ASCII characters (the Kelvin sign) into ASCII ones that the functions would then store raw.
-- The same rule holds for every function (rd_login_for) and for every row (CHECK constraints
-- on users.email and invitations.email). A database that already holds such an address stops
-- this migration with the constraint's name and the row: a person must decide whose it is.

CREATE FUNCTION rd_is_plain_address(p_address text)
RETURNS boolean LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT p_address ~ '^[A-Za-z0-9!#$%&''*+/=?^_`{|}~.-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$'
$$;
REVOKE ALL ON FUNCTION rd_is_plain_address(text) FROM PUBLIC;
-- The CHECK constraints run it with the privileges of whoever writes a users row.
GRANT EXECUTE ON FUNCTION rd_is_plain_address(text) TO rd_app;

CREATE OR REPLACE FUNCTION rd_login_for(p_email text)
RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_address text := btrim(p_email);
    v_login text := lower(v_address);
BEGIN
    IF v_address IS NULL OR NOT rd_is_plain_address(v_address) THEN
        RAISE EXCEPTION '"%" is not an email address Ruling Desk accepts: plain ASCII only (an international'
            ' domain in its xn-- form), nothing invisible.', p_email
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF octet_length(v_login) > 63 THEN
        RAISE EXCEPTION 'Email addresses longer than 63 bytes cannot be database login names.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_login LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'Email addresses starting with "pg_" cannot be database login names.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_login;
END
$$;

ALTER TABLE users ADD CONSTRAINT ck_users_email_plain_address CHECK (rd_is_plain_address(email));
ALTER TABLE invitations
    ADD CONSTRAINT ck_invitations_email_plain_address CHECK (rd_is_plain_address(email));
