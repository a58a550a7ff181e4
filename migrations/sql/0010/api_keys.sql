-- API keys an administrator can tell apart and manage without the secret (issue 10).
--
-- public_id: 8 hex characters, unique, shown in lists and embedded in new secrets
-- ("rdk_<public_id>_<64 hex>"), so the holder of a key and the admin name the same key; the
-- "rdk_" prefix lets secret scanners recognise a leaked key. Only the hash of the whole
-- secret is stored, as before; no role reads it.
-- last_used_at: set by rd_verify_api_key each time an integration presents the key. The
-- audit trigger ignores an update that changes nothing else (one row per use would bury the
-- log); deactivating, reactivating and deleting stay audited.

ALTER TABLE api_keys
    ADD COLUMN public_id character varying,
    ADD COLUMN last_used_at timestamp without time zone;
UPDATE api_keys SET public_id = left(rd_secret(), 8) WHERE public_id IS NULL;
-- A default for rows written outside rd_issue_api_key (the owner's scripts, the client's tools).
ALTER TABLE api_keys ALTER COLUMN public_id SET DEFAULT substr(md5(gen_random_uuid()::text), 1, 8),
    ALTER COLUMN public_id SET NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT uq_api_keys_public_id UNIQUE (public_id);
GRANT SELECT (public_id, last_used_at) ON api_keys TO rd_admin;

DROP TRIGGER audit_row ON api_keys;
CREATE TRIGGER audit_row AFTER INSERT OR DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER audit_update AFTER UPDATE ON api_keys FOR EACH ROW
    WHEN ((OLD.description, OLD.key, OLD.master, OLD.role_id, OLD.company_id, OLD.is_active, OLD.property_id,
           OLD.public_id)
          IS DISTINCT FROM
          (NEW.description, NEW.key, NEW.master, NEW.role_id, NEW.company_id, NEW.is_active, NEW.property_id,
           NEW.public_id))
    EXECUTE FUNCTION rd_audit_row('id');

CREATE OR REPLACE FUNCTION rd_issue_api_key(
    p_description text, p_master boolean, p_company_id uuid, p_property_id uuid, p_role_id bigint
)
RETURNS TABLE (api_key_id uuid, secret text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_public_id text := left(rd_secret(), 8);
    v_secret text;
    v_id uuid;
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can issue API keys.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF nullif(btrim(p_description), '') IS NULL THEN
        RAISE EXCEPTION 'Describe what the key is for.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_company_id IS NOT NULL AND p_property_id IS NOT NULL
       AND NOT EXISTS (SELECT FROM properties WHERE id = p_property_id AND company_id = p_company_id) THEN
        RAISE EXCEPTION 'Property % is not a property of company %.', p_property_id, p_company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_secret := 'rdk_' || v_public_id || '_' || rd_secret();
    INSERT INTO api_keys (description, key, master, company_id, property_id, role_id, public_id)
    VALUES (
        btrim(p_description), rd_secret_hash(v_secret), coalesce(p_master, false), p_company_id, p_property_id,
        p_role_id, v_public_id
    )
    RETURNING id INTO v_id;
    RETURN QUERY SELECT v_id, v_secret;
END
$$;

CREATE FUNCTION rd_set_api_key_active(p_api_key_id uuid, p_active boolean)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Deactivate or reactivate a key; verification sees the change at once (it reads is_active).
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can change API keys.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE api_keys SET is_active = coalesce(p_active, false) WHERE id = p_api_key_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no API key %.', p_api_key_id USING ERRCODE = 'no_data_found';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION rd_set_api_key_active(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_set_api_key_active(uuid, boolean) TO rd_admin;

CREATE FUNCTION rd_delete_api_key(p_api_key_id uuid)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Delete a key for good (the audit log keeps that it existed, never its hash).
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can delete API keys.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    DELETE FROM api_keys WHERE id = p_api_key_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no API key %.', p_api_key_id USING ERRCODE = 'no_data_found';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION rd_delete_api_key(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_delete_api_key(uuid) TO rd_admin;

-- Verification now records the use; so it is VOLATILE and no longer SQL-language.
CREATE OR REPLACE FUNCTION rd_verify_api_key(p_secret text)
RETURNS TABLE (api_key_id uuid, master boolean, company_id uuid, property_id uuid, role_id bigint)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    UPDATE api_keys AS k SET last_used_at = now() AT TIME ZONE 'utc'
    WHERE k.key = rd_secret_hash(p_secret) AND k.is_active IS TRUE
    RETURNING k.id, coalesce(k.master, false), k.company_id, k.property_id, k.role_id
$$;

-- The spec's three key roles (section 4: read_only, write, admin); 'admin' is seeded since 0001.
INSERT INTO role (name) VALUES ('read_only'), ('write') ON CONFLICT (name) DO NOTHING;
