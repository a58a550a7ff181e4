-- Revision 0018 undone: the lookup, the triggers, their functions and the table. Revision 0013's
-- indexes and lookup are put back from their own files by the migration.
DROP FUNCTION rd_open_entries_matching(text);
DROP TRIGGER open_entry_search_delete ON applicants;
DROP TRIGGER open_entry_search_update ON applicants;
DROP TRIGGER open_entry_search_insert ON applicants;
DROP TRIGGER open_entry_search_update ON entries;
DROP TRIGGER open_entry_search_insert ON entries;
DROP FUNCTION rd_private.open_entry_search_per_row();
DROP FUNCTION rd_private.open_entry_search_per_statement();
DROP FUNCTION rd_private.refresh_open_entry_search(uuid[]);
DROP TABLE rd_private.open_entry_search;
