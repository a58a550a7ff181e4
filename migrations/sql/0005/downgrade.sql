-- Undoes revision 0005's functions (its tables, with their grants and policies, are dropped by the revision).
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
