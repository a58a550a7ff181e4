-- Revision 0019 undone: each policy as revisions 0003, 0007 and 0012 left it.

ALTER POLICY company_read ON entries
    USING (folder_id IN (SELECT id FROM folders));

ALTER POLICY company_read ON applicants
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = applicants.entry_id));

ALTER POLICY company_read ON proof
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = proof.entry_id));

ALTER POLICY company_read ON fraud_submissions
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = fraud_submissions.entry_id));

ALTER POLICY company_read ON income_verification_submissions
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = income_verification_submissions.entry_id));

ALTER POLICY company_read ON asset_verification_submissions
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = asset_verification_submissions.entry_id));

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

ALTER POLICY company_read ON matching_entries
    USING (
        EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = matching_entries.entry_id)
        AND EXISTS (SELECT 1 FROM entries AS other WHERE other.id = matching_entries.matching_entry_id)
    );
