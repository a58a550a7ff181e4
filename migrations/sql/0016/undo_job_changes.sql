DROP TRIGGER notify_change_update ON oban_jobs;
DROP TRIGGER notify_change ON oban_jobs;
