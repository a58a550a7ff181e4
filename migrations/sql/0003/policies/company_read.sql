-- The company side reads what hangs below a visible property (rd_visible_property_ids(): a company
-- admin's whole company; every company-side role its users_properties grants and the properties its
-- users_owners owners currently own). A row is visible when its parent is: the parent's own policy
-- applies inside the sub-select, so each rule is stated once. document_blobs: through a visible
-- proof naming it (proof.file has no index: fine one document at a time) or a visible report.

CREATE POLICY company_read ON companies FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (id = (SELECT rd_current_company_id()) OR id IN (SELECT company_id FROM properties));

CREATE POLICY company_read ON properties FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (id = ANY ((SELECT rd_visible_property_ids())::uuid[]));

CREATE POLICY company_read ON owners FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (
        id IN (SELECT owner_id FROM users_owners WHERE user_id = (SELECT rd_current_user_id()))
        OR id IN (SELECT owner_id FROM property_owners)
    );

CREATE POLICY company_read ON property_owners FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (property_id = ANY ((SELECT rd_visible_property_ids())::uuid[]));

CREATE POLICY company_read ON folders FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (property_id = ANY ((SELECT rd_visible_property_ids())::uuid[]));

CREATE POLICY company_read ON entries FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (folder_id IN (SELECT id FROM folders));

CREATE POLICY company_read ON applicants FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (entry_id IN (SELECT id FROM entries));

CREATE POLICY company_read ON applicant_details FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (id IN (SELECT applicant_detail_id FROM applicants));

CREATE POLICY company_read ON applicant_submissions FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (applicant_id IN (SELECT id FROM applicants));

CREATE POLICY company_read ON applicant_submission_document_sources FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (applicant_submission_id IN (SELECT id FROM applicant_submissions));

CREATE POLICY company_read ON proof FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (entry_id IN (SELECT id FROM entries));

CREATE POLICY company_read ON fraud_submissions FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (entry_id IN (SELECT id FROM entries));

CREATE POLICY company_read ON fraud_reviews FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (fraud_submission_id IN (SELECT id FROM fraud_submissions));

CREATE POLICY company_read ON fraud_document_reviews FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (fraud_review_id IN (SELECT id FROM fraud_reviews));

CREATE POLICY company_read ON fraud_results FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (applicant_submission_id IN (SELECT id FROM applicant_submissions));

CREATE POLICY company_read ON income_verification_submissions FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (entry_id IN (SELECT id FROM entries));

CREATE POLICY company_read ON income_verification_reviews FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (income_verification_submission_id IN (SELECT id FROM income_verification_submissions));

CREATE POLICY company_read ON income_verification_results FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (applicant_submission_id IN (SELECT id FROM applicant_submissions));

CREATE POLICY company_read ON asset_verification_submissions FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (entry_id IN (SELECT id FROM entries));

CREATE POLICY company_read ON asset_verification_reviews FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (asset_verification_submission_id IN (SELECT id FROM asset_verification_submissions));

CREATE POLICY company_read ON asset_verification_results FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (applicant_submission_id IN (SELECT id FROM applicant_submissions));

CREATE POLICY company_read ON id_verifications FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (property_id = ANY ((SELECT rd_visible_property_ids())::uuid[]));

CREATE POLICY company_read ON rent_verifications FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (applicant_id IN (SELECT id FROM applicants));

CREATE POLICY company_read ON rent_verification_events FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (rent_verification_id IN (SELECT id FROM rent_verifications));

CREATE POLICY company_read ON matching_entries FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (entry_id IN (SELECT id FROM entries) AND matching_entry_id IN (SELECT id FROM entries));

CREATE POLICY company_read ON document_blobs FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (
        'db://document_blobs/' || id::text IN (SELECT file FROM proof UNION ALL SELECT thumb FROM proof)
        OR id IN (SELECT document_blob_id FROM analytics_reports)
    );

CREATE POLICY company_read ON users FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (company_id = (SELECT rd_current_company_id()));

CREATE POLICY company_read ON users_properties FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING ((SELECT rd_current_group()) = 'rd_company_admin' AND user_id IN (SELECT id FROM users));

CREATE POLICY company_read ON users_owners FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING ((SELECT rd_current_group()) = 'rd_company_admin' AND user_id IN (SELECT id FROM users));
