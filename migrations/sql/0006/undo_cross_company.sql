-- Undoes cross_company.sql: revision 0003's staff read of blobs, grants and proof privileges.
DROP POLICY staff_read ON document_blobs;
CREATE POLICY staff_read ON document_blobs FOR SELECT TO rd_staff USING ((SELECT rd_is_staff()));
DROP FUNCTION rd_report_blob_ids();
DROP POLICY owner_level_insert ON users_owners;
DROP POLICY same_company_update ON users_properties;
DROP POLICY same_company_insert ON users_properties;
REVOKE SELECT ON proof FROM rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer;
REVOKE SELECT ON proof FROM rd_staff;
GRANT SELECT ON proof TO rd_app;
