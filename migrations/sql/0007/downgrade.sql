-- Undo what security.sql created outside the tables (their policies, triggers and
-- privileges go with them when the revision drops them afterwards).
DROP POLICY decision_insert ON match_decisions;
DROP POLICY decision_update ON match_decisions;
DROP FUNCTION rd_may_decide_match(bigint);
