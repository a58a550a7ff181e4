-- Webhooks: where a company's systems want to hear about rulings, and what sending them did.
--
-- The client's schema names a DeliverWebhookWorker but no table for the endpoint, so this is
-- ours: one endpoint per company (webhook_endpoints.company_id is unique), an http(s) URL and
-- the signing key the sender signs each body with (HMAC-SHA256). The column is called "key"
-- so the audit trigger masks it as it masks api_keys.key. The key must be kept as it is (an
-- HMAC needs it), so only worker nodes read it; an administrator sees it once, when
-- rd_set_webhook_endpoint issues it, and hands it to the customer.
--
-- deliveries gains what the sender records on each try: attempts, when, the HTTP status
-- and the last error. sent_at stays the one "it arrived" mark.

CREATE TABLE webhook_endpoints (
    id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_webhook_endpoints PRIMARY KEY,
    company_id uuid NOT NULL CONSTRAINT fk_webhook_endpoints_company_id_companies
        REFERENCES companies (id) ON DELETE CASCADE,
    url text NOT NULL CONSTRAINT ck_webhook_endpoints_url CHECK (url ~ '^https?://[^/\s?#]+[^\s]*$'),
    key text NOT NULL,
    inserted_at timestamp without time zone NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at timestamp without time zone NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    CONSTRAINT uq_webhook_endpoints_company_id UNIQUE (company_id)
);
GRANT SELECT ON webhook_endpoints TO rd_worker;
GRANT SELECT (id, company_id, url, inserted_at, updated_at) ON webhook_endpoints TO rd_admin;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON webhook_endpoints
    FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER set_updated_at BEFORE UPDATE ON webhook_endpoints FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE FUNCTION rd_require_webhook_admin()
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators configure webhooks.' USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION rd_require_webhook_admin() FROM PUBLIC;

CREATE FUNCTION rd_set_webhook_endpoint(p_company_id uuid, p_url text, p_new_key boolean)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Point the company's webhooks at p_url (staff admins). Returns the signing key when one is
-- issued (a new endpoint, or p_new_key), otherwise NULL: the key is never shown again.
DECLARE
    v_key text;
BEGIN
    PERFORM rd_require_webhook_admin();
    IF NOT EXISTS (SELECT FROM companies WHERE id = p_company_id) THEN
        RAISE EXCEPTION 'There is no such company.' USING ERRCODE = 'foreign_key_violation';
    END IF;
    UPDATE webhook_endpoints SET
        url = p_url,
        key = CASE WHEN p_new_key THEN 'whk_' || rd_secret() ELSE key END
    WHERE company_id = p_company_id
    RETURNING CASE WHEN p_new_key THEN key END INTO v_key;
    IF NOT FOUND THEN
        INSERT INTO webhook_endpoints (company_id, url, key) VALUES (p_company_id, p_url, 'whk_' || rd_secret())
        RETURNING key INTO v_key;
    END IF;
    RETURN v_key;
END
$$;
REVOKE ALL ON FUNCTION rd_set_webhook_endpoint(uuid, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_set_webhook_endpoint(uuid, text, boolean) TO rd_admin;

CREATE FUNCTION rd_remove_webhook_endpoint(p_company_id uuid)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
-- Stop the company's webhooks (staff admins); deliveries not yet sent are then given up.
BEGIN
    PERFORM rd_require_webhook_admin();
    DELETE FROM webhook_endpoints WHERE company_id = p_company_id;
    RETURN FOUND;
END
$$;
REVOKE ALL ON FUNCTION rd_remove_webhook_endpoint(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_remove_webhook_endpoint(uuid) TO rd_admin;

ALTER TABLE deliveries
    ADD COLUMN attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN last_attempt_at timestamp without time zone,
    ADD COLUMN response_status integer,
    ADD COLUMN last_error text;
GRANT UPDATE (attempts, last_attempt_at, response_status, last_error, sent_at) ON deliveries TO rd_worker;
