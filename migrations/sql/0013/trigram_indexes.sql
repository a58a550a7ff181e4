-- Revision 0013's trigram indexes over every applicant's name and email and every entry's short id, in a
-- file of their own so that revision 0018, which drops them, can put them back on its way down.
CREATE INDEX ix_applicants_name_trigram ON applicants
    USING gin (rd_applicant_name(full_name, first_name, last_name) rd_trigram.gin_trgm_ops);
CREATE INDEX ix_applicants_email_trigram ON applicants USING gin (email rd_trigram.gin_trgm_ops);
CREATE INDEX ix_entries_short_id_trigram ON entries USING gin (short_id rd_trigram.gin_trgm_ops);
