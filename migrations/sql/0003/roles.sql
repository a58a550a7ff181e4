-- The group roles (cluster-wide, so prefixed rd_ and created only if missing).
--   rd_app            every person (their login role is a direct member)
--   rd_staff          umbrella of the four review-staff groups below
--   rd_reviewer, rd_senior_reviewer, rd_qa, rd_admin                  review staff
--   rd_company_admin, rd_company_user, rd_property_manager,
--   rd_owner_admin, rd_owner_viewer                                   the company side
--   rd_worker         background job nodes
--   rd_gatekeeper     a workstation before anyone signs in
-- A same-named role with powers we never give (or LOGIN, except the gatekeeper's) is not
-- ours: the migration stops instead of adopting it.
DO $$
DECLARE
    v_name text;
    v_role pg_roles;
BEGIN
    FOREACH v_name IN ARRAY ARRAY[
        'rd_app', 'rd_staff', 'rd_reviewer', 'rd_senior_reviewer', 'rd_qa', 'rd_admin',
        'rd_company_admin', 'rd_company_user', 'rd_property_manager', 'rd_owner_admin', 'rd_owner_viewer',
        'rd_worker', 'rd_gatekeeper'
    ] LOOP
        SELECT * INTO v_role FROM pg_roles WHERE rolname = v_name;
        IF NOT FOUND THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', v_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another database of this cluster created it concurrently
            END;
        ELSIF v_role.rolsuper OR v_role.rolcreaterole OR v_role.rolcreatedb OR v_role.rolreplication
              OR v_role.rolbypassrls OR (v_role.rolcanlogin AND v_name <> 'rd_gatekeeper') THEN
            RAISE EXCEPTION 'Role % exists with attributes Ruling Desk never gives it; it is not ours.', v_name
                USING ERRCODE = 'duplicate_object';
        END IF;
    END LOOP;
END
$$;

GRANT rd_staff TO rd_reviewer, rd_senior_reviewer, rd_qa, rd_admin;
