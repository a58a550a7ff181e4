-- Who may call the workflow functions and see the workflow tables (revision 0005).

REVOKE ALL ON FUNCTION rd_skip_cooldown(), rd_require_reason(text), rd_lock_open_entry(uuid),
    rd_lock_my_open_entry(uuid), rd_return_to_pool(uuid, text), rd_claim_next_entry(),
    rd_release_entry(uuid, text), rd_skip_entry(uuid, text), rd_reassign_entry(uuid, uuid, text),
    rd_escalate_entry(uuid, uuid, text), rd_holds_my_entry(uuid)
FROM PUBLIC;

GRANT EXECUTE ON FUNCTION rd_claim_next_entry(), rd_release_entry(uuid, text), rd_skip_entry(uuid, text)
TO rd_reviewer, rd_senior_reviewer, rd_qa, rd_admin;
GRANT EXECUTE ON FUNCTION rd_reassign_entry(uuid, uuid, text) TO rd_senior_reviewer, rd_qa, rd_admin;
GRANT EXECUTE ON FUNCTION rd_escalate_entry(uuid, uuid, text) TO rd_reviewer, rd_senior_reviewer;

ALTER TABLE ruling_submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_skips ENABLE ROW LEVEL SECURITY;

GRANT SELECT, INSERT ON ruling_submissions TO rd_reviewer, rd_senior_reviewer, rd_qa;
GRANT SELECT ON review_skips TO rd_app;

CREATE POLICY self_read ON ruling_submissions FOR SELECT TO rd_app
    USING (user_id = (SELECT rd_current_user_id()));
CREATE POLICY ruling_insert ON ruling_submissions FOR INSERT TO rd_reviewer, rd_senior_reviewer, rd_qa
    WITH CHECK (user_id = (SELECT rd_current_user_id()) AND rd_may_rule_on_entry(entry_id, NULL));
CREATE POLICY self_read ON review_skips FOR SELECT TO rd_app
    USING (user_id = (SELECT rd_current_user_id()));
GRANT EXECUTE ON FUNCTION rd_holds_my_entry(uuid) TO rd_reviewer, rd_senior_reviewer;

-- The same rule as 0003's, planned per folder row (see rd_holds_my_entry).
DROP POLICY reviewer_update ON folders;
CREATE POLICY reviewer_update ON folders FOR UPDATE TO rd_reviewer, rd_senior_reviewer
    USING (rd_holds_my_entry(id)) WITH CHECK (rd_holds_my_entry(id));
