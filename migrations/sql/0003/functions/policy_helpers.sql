-- Who is calling, for the policies. Identity is session_user matched to lower(users.email) of a
-- non-archived row (current_user changes under SET ROLE and SECURITY DEFINER). The group also
-- requires membership in the matching rd_ role, so a users row alone opens nothing, nor does
-- membership alone (group membership is cluster-wide). SECURITY DEFINER and STABLE, and always
-- called as (SELECT fn()) so they run once per query, not per row.
--
-- rd_group_role: users.role to its group. 'admin' without a company is staff (rd_admin), with
-- one that company's administrator (rd_company_admin); 'user' is rd_company_user.

CREATE FUNCTION rd_group_role(p_role text, p_company_id uuid)
RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE
        WHEN p_role = 'admin' AND p_company_id IS NULL THEN 'rd_admin'
        WHEN p_role = 'admin' THEN 'rd_company_admin'
        WHEN p_role = 'user' THEN 'rd_company_user'
        WHEN p_role IN ('reviewer', 'senior_reviewer', 'qa', 'property_manager', 'owner_admin', 'owner_viewer')
            THEN 'rd_' || p_role
    END
$$;
REVOKE ALL ON FUNCTION rd_group_role(text, uuid) FROM PUBLIC;

CREATE FUNCTION rd_current_user_id()
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT id FROM users WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE
$$;
REVOKE ALL ON FUNCTION rd_current_user_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_current_user_id() TO rd_app;

CREATE FUNCTION rd_current_group()
RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT rd_group_role(role, company_id) FROM users
    WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE AND pg_has_role(session_user, rd_group_role(role, company_id), 'MEMBER')
$$;
REVOKE ALL ON FUNCTION rd_current_group() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_current_group() TO rd_app;

CREATE FUNCTION rd_is_staff()
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(rd_current_group() IN ('rd_reviewer', 'rd_senior_reviewer', 'rd_qa', 'rd_admin'), false)
$$;
REVOKE ALL ON FUNCTION rd_is_staff() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_is_staff() TO rd_app;

CREATE FUNCTION rd_current_company_id()
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT company_id FROM users WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE
$$;
REVOKE ALL ON FUNCTION rd_current_company_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_current_company_id() TO rd_app;

CREATE FUNCTION rd_visible_property_ids()
RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH me AS (
        SELECT id, company_id, rd_current_group() AS grp FROM users WHERE lower(email) = session_user::text AND is_archived IS NOT TRUE
    )
    SELECT coalesce(array_agg(DISTINCT visible.property_id), '{}')
    FROM (
        SELECT p.id AS property_id
        FROM me JOIN properties AS p ON p.company_id = me.company_id
        WHERE me.grp = 'rd_company_admin'
        UNION ALL
        SELECT up.property_id
        FROM me JOIN users_properties AS up ON up.user_id = me.id
        WHERE me.grp IN ('rd_company_admin', 'rd_company_user', 'rd_property_manager', 'rd_owner_admin', 'rd_owner_viewer')
        UNION ALL
        SELECT po.property_id
        FROM me
        JOIN users_owners AS uo ON uo.user_id = me.id
        JOIN property_owners AS po ON po.owner_id = uo.owner_id AND po.ownership_end IS NULL
        WHERE me.grp IN ('rd_company_admin', 'rd_company_user', 'rd_property_manager', 'rd_owner_admin', 'rd_owner_viewer')
    ) AS visible
$$;
REVOKE ALL ON FUNCTION rd_visible_property_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_visible_property_ids() TO rd_app;

CREATE FUNCTION rd_may_rule_on_entry(p_entry_id uuid, p_review_type text)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    -- p_review_type NULL: "any review type this person writes" (results, proof rulings).
    SELECT CASE rd_current_group()
        WHEN 'rd_qa' THEN
            coalesce(p_review_type IN ('QA', 'ESCALATION'), true)
            AND EXISTS (SELECT FROM entries WHERE id = p_entry_id)
        WHEN 'rd_senior_reviewer' THEN
            coalesce(p_review_type IN ('INITIAL', 'ESCALATION'), true)
            AND EXISTS (SELECT FROM entries WHERE id = p_entry_id AND review_assigned_to_id = rd_current_user_id())
        WHEN 'rd_reviewer' THEN
            coalesce(p_review_type = 'INITIAL', true)
            AND EXISTS (SELECT FROM entries WHERE id = p_entry_id AND review_assigned_to_id = rd_current_user_id())
        ELSE false
    END
$$;
REVOKE ALL ON FUNCTION rd_may_rule_on_entry(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_may_rule_on_entry(uuid, text) TO rd_staff;
