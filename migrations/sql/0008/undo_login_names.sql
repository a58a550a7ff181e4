-- Undoes login_names.sql once the functions it replaced are back: every login is named by its
-- person's lower-cased address again (a SCRAM verifier survives the rename), and the mapping,
-- the decoy key and the gatekeeper's resolver are gone.
DO $$
DECLARE
    v_person record;
BEGIN
    FOR v_person IN
        SELECT l.role_name, lower(u.email) AS address FROM rd_private.login_roles AS l JOIN users AS u ON u.id = l.user_id
        WHERE EXISTS (SELECT FROM pg_roles WHERE rolname = l.role_name) ORDER BY u.id
    LOOP
        EXECUTE format('ALTER ROLE %I RENAME TO %I', v_person.role_name, v_person.address);
    END LOOP;
END
$$;
DROP TRIGGER names_the_person ON audit_log;
DROP FUNCTION rd_audit_names_the_person();
DROP FUNCTION rd_login_role_of(uuid);
DROP FUNCTION rd_login_name(text);
DROP FUNCTION rd_login_of(uuid);
DROP FUNCTION rd_mapped_login(uuid);
DROP FUNCTION rd_hmac_sha256(bytea, bytea);
DROP SCHEMA rd_private CASCADE;
