-- Rulings. Reviewers and senior reviewers update an entry only when it is assigned to them, or
-- claim an UNASSIGNED one by assigning it to themselves; handing it back or on is QA's job, and QA
-- may update any entry. Reviews, document reviews, fraud results, proof results and folder rulings
-- are written only on entries assigned to the writer (rd_may_rule_on_entry: reviewers INITIAL
-- reviews, senior reviewers INITIAL and ESCALATION, QA QA and ESCALATION anywhere), and a review's
-- reviewer_id must be the writer. entries.reviewer_id is not policed (a re-opened entry still names
-- its first reviewer); the audit log records who really wrote.

-- Entries: one's own, or claiming an unassigned one for oneself; QA any.
CREATE POLICY reviewer_update ON entries FOR UPDATE
    TO rd_reviewer, rd_senior_reviewer
    USING (
        review_assigned_to_id = (SELECT rd_current_user_id())
        OR (review_assigned_to_id IS NULL AND review_status = 'UNASSIGNED')
    )
    WITH CHECK (review_assigned_to_id = (SELECT rd_current_user_id()));
CREATE POLICY qa_update ON entries FOR UPDATE
    TO rd_qa USING ((SELECT rd_is_staff())) WITH CHECK ((SELECT rd_is_staff()));

-- Folders: the folder of an entry assigned to the writer; QA any.
CREATE POLICY reviewer_update ON folders FOR UPDATE
    TO rd_reviewer, rd_senior_reviewer
    USING (id IN (SELECT e.folder_id FROM entries AS e WHERE e.review_assigned_to_id = (SELECT rd_current_user_id())))
    WITH CHECK (
        id IN (SELECT e.folder_id FROM entries AS e WHERE e.review_assigned_to_id = (SELECT rd_current_user_id()))
    );
CREATE POLICY qa_update ON folders FOR UPDATE
    TO rd_qa USING ((SELECT rd_is_staff())) WITH CHECK ((SELECT rd_is_staff()));

-- A proof's result.
CREATE POLICY ruling_update ON proof FOR UPDATE
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    USING (rd_may_rule_on_entry(entry_id, NULL))
    WITH CHECK (rd_may_rule_on_entry(entry_id, NULL));

-- Fraud reviews: written by the reviewer they name, of a type their group writes, on their entry.
CREATE POLICY ruling_insert ON fraud_reviews FOR INSERT
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    WITH CHECK (
        reviewer_id = (SELECT rd_current_user_id())
        AND rd_may_rule_on_entry(
            (SELECT fs.entry_id FROM fraud_submissions AS fs WHERE fs.id = fraud_submission_id), review_type
        )
    );
CREATE POLICY ruling_update ON fraud_reviews FOR UPDATE
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    USING (
        reviewer_id = (SELECT rd_current_user_id())
        AND rd_may_rule_on_entry(
            (SELECT fs.entry_id FROM fraud_submissions AS fs WHERE fs.id = fraud_submission_id), review_type
        )
    )
    WITH CHECK (
        reviewer_id = (SELECT rd_current_user_id())
        AND rd_may_rule_on_entry(
            (SELECT fs.entry_id FROM fraud_submissions AS fs WHERE fs.id = fraud_submission_id), review_type
        )
    );

-- Document reviews: of one's own review, about a document of that review's entry.
CREATE POLICY ruling_insert ON fraud_document_reviews FOR INSERT
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    WITH CHECK (EXISTS (
        SELECT FROM fraud_reviews AS r
        JOIN fraud_submissions AS fs ON fs.id = r.fraud_submission_id
        JOIN proof AS p ON p.entry_id = fs.entry_id
        WHERE r.id = fraud_review_id AND p.id = document_id AND r.reviewer_id = (SELECT rd_current_user_id())
          AND rd_may_rule_on_entry(fs.entry_id, r.review_type)
    ));
CREATE POLICY ruling_update ON fraud_document_reviews FOR UPDATE
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    USING (EXISTS (
        SELECT FROM fraud_reviews AS r
        JOIN fraud_submissions AS fs ON fs.id = r.fraud_submission_id
        JOIN proof AS p ON p.entry_id = fs.entry_id
        WHERE r.id = fraud_review_id AND p.id = document_id AND r.reviewer_id = (SELECT rd_current_user_id())
          AND rd_may_rule_on_entry(fs.entry_id, r.review_type)
    ))
    WITH CHECK (EXISTS (
        SELECT FROM fraud_reviews AS r
        JOIN fraud_submissions AS fs ON fs.id = r.fraud_submission_id
        JOIN proof AS p ON p.entry_id = fs.entry_id
        WHERE r.id = fraud_review_id AND p.id = document_id AND r.reviewer_id = (SELECT rd_current_user_id())
          AND rd_may_rule_on_entry(fs.entry_id, r.review_type)
    ));

-- Fraud results: on the entry of the applicant submission they belong to.
CREATE POLICY ruling_insert ON fraud_results FOR INSERT
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    WITH CHECK (rd_may_rule_on_entry(
        (
            SELECT a.entry_id FROM applicant_submissions AS s JOIN applicants AS a ON a.id = s.applicant_id
            WHERE s.id = applicant_submission_id
        ),
        NULL
    ));
CREATE POLICY ruling_update ON fraud_results FOR UPDATE
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    USING (rd_may_rule_on_entry(
        (
            SELECT a.entry_id FROM applicant_submissions AS s JOIN applicants AS a ON a.id = s.applicant_id
            WHERE s.id = applicant_submission_id
        ),
        NULL
    ))
    WITH CHECK (rd_may_rule_on_entry(
        (
            SELECT a.entry_id FROM applicant_submissions AS s JOIN applicants AS a ON a.id = s.applicant_id
            WHERE s.id = applicant_submission_id
        ),
        NULL
    ));
