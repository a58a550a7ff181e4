-- Access grants from the settings pane: which properties (users_properties) and owners (users_owners)
-- a company-side or owner-level person sees, granted and revoked one person at a time.
--
-- 0003 let staff admins write both tables directly under row-level security and gave company
-- admins no way at all; issue 10 asks that a company admin manages their own company's grants.
-- Rather than a second set of policies with the refusal "new row violates row-level security
-- policy", the step is four SECURITY DEFINER functions with the account functions' rules and
-- messages: rd_authorize_account_change (a staff admin anyone; a company admin only their own
-- company's admin, user and property_manager people) and rd_check_account_scope (a property of
-- the person's own company; review staff see everything and are granted nothing; owners only to
-- owner_admin and owner_viewer). Owner-level people belong to no company, so owner grants are a
-- staff admin's (EXECUTE for rd_admin only). Each function returns how many rows it changed;
-- granting what is already granted and revoking what is not are no-ops, not errors.
-- The rows are audited by 0003's audit triggers on both tables with the caller's audit reason;
-- the triggers below announce 'access:<user id>' on rd_changes so every workstation re-reads
-- what depends on grants (a property manager's queue, the people page's grant list).

CREATE FUNCTION rd_change_grants(p_user_id uuid, p_kind text, p_ids uuid[], p_grant boolean)
RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
-- The four functions below in one place: p_kind 'property' or 'owner', p_grant true to add.
DECLARE
    v_user users := rd_lock_user(p_user_id);
    v_owner_level boolean := rd_group_role(v_user.role, v_user.company_id) IN ('rd_owner_admin', 'rd_owner_viewer');
    v_missing uuid;
    v_changed integer;
BEGIN
    PERFORM rd_authorize_account_change(v_user.role, v_user.company_id);
    IF p_grant AND p_kind = 'property' THEN
        IF v_owner_level THEN
            RAISE EXCEPTION '% sees the properties of their owners: grant an owner instead.', v_user.email
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM rd_check_account_scope(v_user.role, v_user.company_id, NULL, coalesce(p_ids, '{}'));
        INSERT INTO users_properties (user_id, property_id)
        SELECT DISTINCT p_user_id, requested FROM unnest(p_ids) AS requested
        ON CONFLICT (user_id, property_id) DO NOTHING;
    ELSIF p_grant THEN
        IF v_owner_level IS NOT TRUE THEN
            RAISE EXCEPTION 'Only owner_admin and owner_viewer accounts belong to an owner.'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        SELECT requested INTO v_missing FROM unnest(p_ids) AS requested
        WHERE NOT EXISTS (SELECT FROM owners WHERE id = requested) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'There is no owner %.', v_missing USING ERRCODE = 'no_data_found';
        END IF;
        INSERT INTO users_owners (owner_id, user_id)
        SELECT DISTINCT requested, p_user_id FROM unnest(p_ids) AS requested
        ON CONFLICT (owner_id, user_id) DO NOTHING;
    ELSIF p_kind = 'property' THEN
        DELETE FROM users_properties WHERE user_id = p_user_id AND property_id = ANY (p_ids);
    ELSE
        DELETE FROM users_owners WHERE user_id = p_user_id AND owner_id = ANY (p_ids);
    END IF;
    GET DIAGNOSTICS v_changed = ROW_COUNT;
    RETURN v_changed;
END
$$;
REVOKE ALL ON FUNCTION rd_change_grants(uuid, text, uuid[], boolean) FROM PUBLIC;

CREATE FUNCTION rd_grant_properties(p_user_id uuid, p_property_ids uuid[])
RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
RETURN rd_change_grants(p_user_id, 'property', p_property_ids, true);
CREATE FUNCTION rd_revoke_properties(p_user_id uuid, p_property_ids uuid[])
RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
RETURN rd_change_grants(p_user_id, 'property', p_property_ids, false);
CREATE FUNCTION rd_grant_owners(p_user_id uuid, p_owner_ids uuid[])
RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
RETURN rd_change_grants(p_user_id, 'owner', p_owner_ids, true);
CREATE FUNCTION rd_revoke_owners(p_user_id uuid, p_owner_ids uuid[])
RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
RETURN rd_change_grants(p_user_id, 'owner', p_owner_ids, false);
REVOKE ALL ON FUNCTION rd_grant_properties(uuid, uuid[]), rd_revoke_properties(uuid, uuid[]),
    rd_grant_owners(uuid, uuid[]), rd_revoke_owners(uuid, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_grant_properties(uuid, uuid[]), rd_revoke_properties(uuid, uuid[])
    TO rd_admin, rd_company_admin;
GRANT EXECUTE ON FUNCTION rd_grant_owners(uuid, uuid[]), rd_revoke_owners(uuid, uuid[]) TO rd_admin;

-- Live updates (0004's channel and payload shape): the person whose access changed. Neither table
-- has a column 0004's rd_notify_change could name (users_owners has no id; a grant's own id means
-- nothing to a view), so the payload carries user_id.
CREATE FUNCTION rd_notify_access_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('rd_changes', 'access:' || OLD.user_id::text);
    ELSE
        PERFORM pg_notify('rd_changes', 'access:' || NEW.user_id::text);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION rd_notify_access_change() FROM PUBLIC;

CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON users_properties
    FOR EACH ROW EXECUTE FUNCTION rd_notify_access_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON users_owners
    FOR EACH ROW EXECUTE FUNCTION rd_notify_access_change();
