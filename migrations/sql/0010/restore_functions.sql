-- Revision 0010's downgrade: the 0003 definitions of the functions 0010 replaced, copied verbatim.
CREATE OR REPLACE FUNCTION rd_issue_api_key(
    p_description text, p_master boolean, p_company_id uuid, p_property_id uuid, p_role_id bigint
)
RETURNS TABLE (api_key_id uuid, secret text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_secret text := 'rdk_' || rd_secret();
    v_id uuid;
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can issue API keys.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_company_id IS NOT NULL AND p_property_id IS NOT NULL
       AND NOT EXISTS (SELECT FROM properties WHERE id = p_property_id AND company_id = p_company_id) THEN
        RAISE EXCEPTION 'Property % is not a property of company %.', p_property_id, p_company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO api_keys (description, key, master, company_id, property_id, role_id)
    VALUES (p_description, rd_secret_hash(v_secret), coalesce(p_master, false), p_company_id, p_property_id, p_role_id)
    RETURNING id INTO v_id;
    RETURN QUERY SELECT v_id, v_secret;
END
$$;

CREATE OR REPLACE FUNCTION rd_verify_api_key(p_secret text)
RETURNS TABLE (api_key_id uuid, master boolean, company_id uuid, property_id uuid, role_id bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT k.id, coalesce(k.master, false), k.company_id, k.property_id, k.role_id
    FROM api_keys AS k
    WHERE k.key = rd_secret_hash(p_secret) AND k.is_active IS TRUE
$$;
