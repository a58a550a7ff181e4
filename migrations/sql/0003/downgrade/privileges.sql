-- Undoes every privilege 0003 granted in this database and gives PUBLIC back its defaults. The
-- cluster-wide roles stay: other databases of the cluster may still use them.

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM
    rd_app, rd_staff, rd_reviewer, rd_senior_reviewer, rd_qa, rd_admin, rd_company_admin, rd_company_user,
    rd_property_manager, rd_owner_admin, rd_owner_viewer, rd_worker, rd_gatekeeper;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM
    rd_app, rd_staff, rd_reviewer, rd_senior_reviewer, rd_qa, rd_admin, rd_company_admin, rd_company_user,
    rd_property_manager, rd_owner_admin, rd_owner_viewer, rd_worker, rd_gatekeeper;
GRANT EXECUTE ON FUNCTION oban_count_estimate(text, text) TO PUBLIC;
REVOKE ALL ON SCHEMA public FROM
    rd_app, rd_staff, rd_reviewer, rd_senior_reviewer, rd_qa, rd_admin, rd_company_admin, rd_company_user,
    rd_property_manager, rd_owner_admin, rd_owner_viewer, rd_worker, rd_gatekeeper;

DO $$
BEGIN
    EXECUTE format(
        'REVOKE ALL ON DATABASE %I FROM rd_app, rd_staff, rd_reviewer, rd_senior_reviewer, rd_qa, rd_admin, '
        || 'rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer, rd_worker, '
        || 'rd_gatekeeper',
        current_database()
    );
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
END
$$;
