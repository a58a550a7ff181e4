-- Revision 0013 undone: the indexes, the functions, pg_trgm and its schema.
CREATE INDEX ix_entries_folder_id ON entries (folder_id);
DROP INDEX ix_entries_folder_queue;
DROP FUNCTION rd_entries_matching(text);
DROP INDEX ix_entries_short_id_trigram;
DROP INDEX ix_applicants_email_trigram;
DROP INDEX ix_applicants_name_trigram;
DROP FUNCTION rd_applicant_name(text, text, text);
DROP EXTENSION pg_trgm;
DROP SCHEMA rd_trigram;
