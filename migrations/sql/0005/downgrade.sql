-- Undoes revision 0005's functions and policy (its tables, with their grants and policies, are dropped by the revision).
DROP POLICY reviewer_update ON folders;
CREATE POLICY reviewer_update ON folders FOR UPDATE TO rd_reviewer, rd_senior_reviewer
    USING (id IN (SELECT e.folder_id FROM entries AS e WHERE e.review_assigned_to_id = (SELECT rd_current_user_id())))
    WITH CHECK (id IN (SELECT e.folder_id FROM entries AS e WHERE e.review_assigned_to_id = (SELECT rd_current_user_id())));
DROP FUNCTION rd_holds_my_entry(uuid);
DROP FUNCTION rd_escalate_entry(uuid, uuid, text);
DROP FUNCTION rd_reassign_entry(uuid, uuid, text);
DROP FUNCTION rd_skip_entry(uuid, text);
DROP FUNCTION rd_release_entry(uuid, text);
DROP FUNCTION rd_claim_next_entry();
DROP FUNCTION rd_return_to_pool(uuid, text);
DROP FUNCTION rd_lock_my_open_entry(uuid);
DROP FUNCTION rd_lock_open_entry(uuid);
DROP FUNCTION rd_require_reason(text);
DROP FUNCTION rd_skip_cooldown();
