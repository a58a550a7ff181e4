-- Table and column privileges. Tables have no PUBLIC privileges; row-level security
-- (policies/) then decides which rows a granted privilege reaches. The job tables'
-- privileges are in jobs.sql; EXECUTE on functions next to each function (functions/).

-- Reading: lookups for everyone; the screening, organisation and people tables for every
-- person and worker node (the policies pick the rows).
GRANT SELECT ON role, country, fraud_result_types TO rd_app, rd_worker;
GRANT SELECT ON alembic_version TO rd_app, rd_worker;
GRANT SELECT ON
    companies, properties, owners, property_owners, folders, entries, applicants, applicant_details,
    applicant_submissions, applicant_submission_document_sources, proof, fraud_submissions, fraud_reviews,
    fraud_document_reviews, fraud_results, income_verification_submissions, income_verification_reviews,
    income_verification_results, asset_verification_submissions, asset_verification_reviews,
    asset_verification_results, id_verifications, rent_verifications, rent_verification_events, matching_entries,
    document_blobs, users, users_properties, users_owners, team, analytics_reports
    TO rd_app, rd_worker;
GRANT SELECT ON unauthenticated_session TO rd_worker;

-- Rulings. The entry's review columns (also what the audit log watches on entries), the
-- folder's denormalised ruling written with each completed review, a proof's result; the
-- reviews themselves, of which a reviewer may still change the outcome but never the
-- submission, author or type.
GRANT UPDATE (
    "status", "result", "note", "review_status", "review_date", "review_assigned_date", "reviewer_id",
    "review_assigned_to_id"
) ON entries TO rd_reviewer, rd_senior_reviewer, rd_qa;
GRANT UPDATE (
    "status", "result", "dynamic_ruling", "ruling_time", "last_entry_id", "last_entry_submission_time",
    "last_entry_result", "last_entry_status", "review_assigned_to_id", "review_assigned_date"
) ON folders TO rd_reviewer, rd_senior_reviewer, rd_qa;
GRANT UPDATE (result) ON proof TO rd_reviewer, rd_senior_reviewer, rd_qa;
GRANT INSERT ON fraud_reviews, fraud_document_reviews, fraud_results TO rd_reviewer, rd_senior_reviewer, rd_qa;
GRANT UPDATE ("result", "fraud_type", "status", "result_reason", "assigned_date", "completed_date")
    ON fraud_reviews TO rd_reviewer, rd_senior_reviewer, rd_qa;
GRANT UPDATE (result, source_type) ON fraud_document_reviews TO rd_reviewer, rd_senior_reviewer, rd_qa;
GRANT UPDATE (result) ON fraud_results TO rd_reviewer, rd_senior_reviewer, rd_qa;

-- People. Everyone their own harmless columns; staff admins teams and grants directly.
-- Creating people, changing roles, disabling, invitations and API keys go through the
-- SECURITY DEFINER functions only. api_keys: every column but the key's hash.
GRANT UPDATE (first_name, last_name, settings_notification) ON users TO rd_app;
GRANT UPDATE (team_id, short_id) ON users TO rd_admin;
GRANT INSERT, UPDATE, DELETE ON team TO rd_admin;
GRANT INSERT, UPDATE, DELETE ON users_properties TO rd_admin;
GRANT INSERT, DELETE ON users_owners TO rd_admin;
GRANT SELECT ON invitations, invitations_properties TO rd_admin, rd_company_admin;
GRANT SELECT (
    "id", "description", "master", "role_id", "company_id", "is_active", "property_id", "inserted_at", "updated_at"
) ON api_keys TO rd_admin;
GRANT SELECT ON audit_log TO rd_admin, rd_qa;

-- Reports: staff request them.
GRANT INSERT (type, "references", all_references, "from", "to", user_id) ON analytics_reports TO rd_staff;

-- Worker nodes: the SLA notification columns, similarity checks, duplicates, finished
-- reports and their blobs, expired sessions.
GRANT UPDATE (
    "primary_notification_sent_at", "secondary_notification_sent_at", "twenty_two_hours_notification_sent_at",
    "sixteen_hours_notification_sent_at"
) ON entries TO rd_worker;
GRANT UPDATE (similarity_check, manual_review_recommended) ON proof TO rd_worker;
GRANT INSERT, UPDATE, DELETE ON matching_entries TO rd_worker;
GRANT UPDATE (status, completed_at, error, document_blob_id) ON analytics_reports TO rd_worker;
GRANT INSERT ON document_blobs TO rd_worker;
GRANT DELETE ON unauthenticated_session TO rd_worker;
