-- The company side's "visible if the parent entry is" policies, restated as a keyed lookup of the parent.
--
-- 0003 wrote them as `entry_id IN (SELECT id FROM entries)`. Inside a policy that plans as one hashed
-- subplan over the caller's whole visible entry set, built by reading every entry of the database
-- (entries' own policy filters them by folder): a property manager's queue page, which looks up the
-- applicant of its 50 rows, read all 100,000 entries to do so (90 ms of a 195 ms page; 10x that at
-- 1,000,000). As `EXISTS (... WHERE e.id = <row>.entry_id)` the check is one primary-key probe of
-- entries per row, with entries' own policy applied inside exactly as before, so a row is visible
-- under the same rule; its cost follows the rows read, not the size of the database.
-- Only the policy text changes: the same roles, the same command, the same meaning.

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

ALTER POLICY company_read ON matching_entries
    USING (
        EXISTS (SELECT 1 FROM entries AS parent WHERE parent.id = matching_entries.entry_id)
        AND EXISTS (SELECT 1 FROM entries AS other WHERE other.id = matching_entries.matching_entry_id)
    );
