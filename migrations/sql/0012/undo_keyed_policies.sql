-- Back to 0003's wording of the company side's entry-child policies.

ALTER POLICY company_read ON applicants USING (entry_id IN (SELECT id FROM entries));
ALTER POLICY company_read ON proof USING (entry_id IN (SELECT id FROM entries));
ALTER POLICY company_read ON fraud_submissions USING (entry_id IN (SELECT id FROM entries));
ALTER POLICY company_read ON income_verification_submissions USING (entry_id IN (SELECT id FROM entries));
ALTER POLICY company_read ON asset_verification_submissions USING (entry_id IN (SELECT id FROM entries));
ALTER POLICY company_read ON matching_entries
    USING (entry_id IN (SELECT id FROM entries) AND matching_entry_id IN (SELECT id FROM entries));
