-- Revision 0019 undone, part one: each policy revision 0019 changed from its 0003 or 0007 text gets that
-- text back. The six that revision 0012 had restated come back by replaying 0012's own file.

ALTER POLICY company_read ON entries
    USING (folder_id IN (SELECT id FROM folders));

ALTER POLICY company_read ON applicant_details
    USING (id IN (SELECT applicant_detail_id FROM applicants));

ALTER POLICY company_read ON applicant_submissions
    USING (applicant_id IN (SELECT id FROM applicants));

ALTER POLICY company_read ON rent_verifications
    USING (applicant_id IN (SELECT id FROM applicants));

ALTER POLICY company_read ON rent_verification_events
    USING (rent_verification_id IN (SELECT id FROM rent_verifications));

ALTER POLICY company_read ON applicant_submission_document_sources
    USING (applicant_submission_id IN (SELECT id FROM applicant_submissions));

ALTER POLICY company_read ON fraud_results
    USING (applicant_submission_id IN (SELECT id FROM applicant_submissions));

ALTER POLICY company_read ON income_verification_results
    USING (applicant_submission_id IN (SELECT id FROM applicant_submissions));

ALTER POLICY company_read ON asset_verification_results
    USING (applicant_submission_id IN (SELECT id FROM applicant_submissions));

ALTER POLICY company_read ON fraud_reviews
    USING (fraud_submission_id IN (SELECT id FROM fraud_submissions));

ALTER POLICY company_read ON fraud_document_reviews
    USING (fraud_review_id IN (SELECT id FROM fraud_reviews));

ALTER POLICY company_read ON income_verification_reviews
    USING (income_verification_submission_id IN (SELECT id FROM income_verification_submissions));

ALTER POLICY company_read ON asset_verification_reviews
    USING (asset_verification_submission_id IN (SELECT id FROM asset_verification_submissions));

ALTER POLICY company_read ON proof_forensics
    USING (proof_id IN (SELECT id FROM proof));

ALTER POLICY company_read ON proof_page_fingerprints
    USING (proof_id IN (SELECT id FROM proof));

ALTER POLICY company_read ON match_decisions
    USING (matching_entry_id IN (SELECT id FROM matching_entries));
