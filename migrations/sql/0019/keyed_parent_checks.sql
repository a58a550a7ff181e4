-- Every company-side "visible if its parent is" policy as one keyed probe of the parent, per row.
--
-- Revision 0012 restated the policies below entries as `EXISTS (... WHERE parent.id = <row>.entry_id)`,
-- a primary-key probe per row read. Two things were left. Entries themselves, and everything below
-- applicants, proof and the submissions, still said `<column> IN (SELECT id FROM <parent>)`, which
-- inside a policy plans as a hashed subplan over the caller's whole visible parent set. And an EXISTS
-- is no promise either: when the planner expects many outer rows it turns the EXISTS into that same
-- hashed subplan (the alternative it weighs for every correlated EXISTS), from a guess it cannot get
-- right, since the visible properties are an array it only sees at run time (it guesses 3,608 folders
-- for a company admin who sees 143,850).
--
-- Measured at 1,000,000 entries as the demo company admin, who sees one company (15 % of entries):
-- the first queue page built the set of the company's 143,850 folders once per status it merges,
-- 4 times, 620 ms; opening a case built the visible sets of entries, submissions and reviews, 890 ms.
-- A probe per row costs a few microseconds, so both follow the rows the page or the case reads.
--
-- `OFFSET 0` is what makes it a promise: the planner offers the hashed form only for an EXISTS it can
-- simplify, and a sub-select with an OFFSET it leaves as it is. Each rule means what it meant (a row
-- with no parent, or a NULL key, is not visible under either form); the same roles, the same command.
-- Tables whose sets are small by nature (companies, owners, users, invitations) and document_blobs
-- (looked up one document at a time) keep their policies.

ALTER POLICY company_read ON entries
    USING (EXISTS (SELECT 1 FROM folders AS parent WHERE parent.id = entries.folder_id OFFSET 0));

ALTER POLICY company_read ON applicants
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = applicants.entry_id OFFSET 0));

ALTER POLICY company_read ON proof
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = proof.entry_id OFFSET 0));

ALTER POLICY company_read ON fraud_submissions
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = fraud_submissions.entry_id OFFSET 0));

ALTER POLICY company_read ON income_verification_submissions
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = income_verification_submissions.entry_id OFFSET 0));

ALTER POLICY company_read ON asset_verification_submissions
    USING (EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = asset_verification_submissions.entry_id OFFSET 0));

ALTER POLICY company_read ON applicant_details
    USING (EXISTS (SELECT 1 FROM applicants AS parent WHERE parent.applicant_detail_id = applicant_details.id OFFSET 0));

ALTER POLICY company_read ON applicant_submissions
    USING (EXISTS (SELECT 1 FROM applicants AS parent WHERE parent.id = applicant_submissions.applicant_id OFFSET 0));

ALTER POLICY company_read ON rent_verifications
    USING (EXISTS (SELECT 1 FROM applicants AS parent WHERE parent.id = rent_verifications.applicant_id OFFSET 0));

ALTER POLICY company_read ON rent_verification_events
    USING (EXISTS (SELECT 1 FROM rent_verifications AS parent WHERE parent.id = rent_verification_events.rent_verification_id OFFSET 0));

ALTER POLICY company_read ON applicant_submission_document_sources
    USING (EXISTS (SELECT 1 FROM applicant_submissions AS parent WHERE parent.id = applicant_submission_document_sources.applicant_submission_id OFFSET 0));

ALTER POLICY company_read ON fraud_results
    USING (EXISTS (SELECT 1 FROM applicant_submissions AS parent WHERE parent.id = fraud_results.applicant_submission_id OFFSET 0));

ALTER POLICY company_read ON income_verification_results
    USING (EXISTS (SELECT 1 FROM applicant_submissions AS parent WHERE parent.id = income_verification_results.applicant_submission_id OFFSET 0));

ALTER POLICY company_read ON asset_verification_results
    USING (EXISTS (SELECT 1 FROM applicant_submissions AS parent WHERE parent.id = asset_verification_results.applicant_submission_id OFFSET 0));

ALTER POLICY company_read ON fraud_reviews
    USING (EXISTS (SELECT 1 FROM fraud_submissions AS parent WHERE parent.id = fraud_reviews.fraud_submission_id OFFSET 0));

ALTER POLICY company_read ON fraud_document_reviews
    USING (EXISTS (SELECT 1 FROM fraud_reviews AS parent WHERE parent.id = fraud_document_reviews.fraud_review_id OFFSET 0));

ALTER POLICY company_read ON income_verification_reviews
    USING (EXISTS (SELECT 1 FROM income_verification_submissions AS parent WHERE parent.id = income_verification_reviews.income_verification_submission_id OFFSET 0));

ALTER POLICY company_read ON asset_verification_reviews
    USING (EXISTS (SELECT 1 FROM asset_verification_submissions AS parent WHERE parent.id = asset_verification_reviews.asset_verification_submission_id OFFSET 0));

ALTER POLICY company_read ON proof_forensics
    USING (EXISTS (SELECT 1 FROM proof AS parent WHERE parent.id = proof_forensics.proof_id OFFSET 0));

ALTER POLICY company_read ON proof_page_fingerprints
    USING (EXISTS (SELECT 1 FROM proof AS parent WHERE parent.id = proof_page_fingerprints.proof_id OFFSET 0));

ALTER POLICY company_read ON match_decisions
    USING (EXISTS (SELECT 1 FROM matching_entries AS parent WHERE parent.id = match_decisions.matching_entry_id OFFSET 0));

ALTER POLICY company_read ON matching_entries
    USING (
        EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = matching_entries.entry_id OFFSET 0)
        AND EXISTS (SELECT 1 FROM entries AS other WHERE other.id = matching_entries.matching_entry_id OFFSET 0)
    );
