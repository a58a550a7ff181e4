-- Undo report_speed.sql: no report indexes. The migration then replays revision 0011's
-- report_entries.sql, which puts rd_report_entries back as it was (with its SET clause, so not inlinable).
DROP INDEX ix_proof_fraud_or_edited;
DROP INDEX ix_entries_review_date;
DROP INDEX ix_entries_submitted_or_inserted;
