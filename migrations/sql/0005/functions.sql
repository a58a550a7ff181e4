-- The reviewer's workflow functions (revision 0005). SECURITY DEFINER, fixed
-- search_path (pg_temp last), the caller re-checked from session_user; see the
-- revision's docstring for the rules and the SQLSTATEs.

-- How long claim-next keeps a skipped entry away from the person who skipped it: one shift.
CREATE FUNCTION rd_skip_cooldown() RETURNS interval
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT interval '8 hours'
$$;

-- Records why the assignment changes in this transaction, for the audit trigger.
CREATE FUNCTION rd_require_reason(p_reason text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF nullif(btrim(p_reason), '') IS NULL THEN
        RAISE EXCEPTION 'Give a reason.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN btrim(p_reason);
END
$$;

-- Locks an entry that is still open for review, or refuses: no such entry (P0002), ruled already (RD409).
CREATE FUNCTION rd_lock_open_entry(p_entry_id uuid) RETURNS entries
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_entry entries;
BEGIN
    SELECT * INTO v_entry FROM entries WHERE id = p_entry_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no entry %.', p_entry_id USING ERRCODE = 'no_data_found';
    END IF;
    IF v_entry.review_status = 'COMPLETED' THEN
        RAISE EXCEPTION 'Entry % has been ruled on already.', coalesce(v_entry.short_id, p_entry_id::text)
            USING ERRCODE = 'RD409';
    END IF;
    RETURN v_entry;
END
$$;

-- Locks an open entry assigned to the caller, or refuses (42501 when it is someone else's or nobody's).
CREATE FUNCTION rd_lock_my_open_entry(p_entry_id uuid) RETURNS entries
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_entry entries := rd_lock_open_entry(p_entry_id);
BEGIN
    IF v_entry.review_assigned_to_id IS DISTINCT FROM rd_current_user_id() OR rd_current_user_id() IS NULL THEN
        RAISE EXCEPTION 'Entry % is not assigned to you.', coalesce(v_entry.short_id, p_entry_id::text)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN v_entry;
END
$$;

-- Puts an entry back into the unassigned pool (release, skip, a lead's "back to the pool").
CREATE FUNCTION rd_return_to_pool(p_entry_id uuid, p_audit_reason text) RETURNS void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT set_config('rd.audit_reason', p_audit_reason, true);
    UPDATE entries
    SET review_assigned_to_id = NULL, review_assigned_date = NULL, review_status = 'UNASSIGNED', status = 'submitted'
    WHERE id = p_entry_id;
    SELECT set_config('rd.audit_reason', '', true);
$$;

CREATE FUNCTION rd_claim_next_entry() RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_me uuid := rd_current_user_id();
    v_entry_id uuid;
BEGIN
    IF v_me IS NULL OR NOT rd_is_staff() THEN
        RAISE EXCEPTION 'Only review staff claim entries.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('rd.audit_reason', 'claimed next', true);
    -- One statement: the ordered index range of UNASSIGNED entries, rows other
    -- claimers hold locked skipped, the first free one taken.
    UPDATE entries AS e
    SET review_assigned_to_id = v_me,
        review_assigned_date = (now() AT TIME ZONE 'utc'),
        review_status = 'IN_REVIEW',
        status = 'in_review'
    WHERE e.id = (
        SELECT c.id
        FROM entries AS c
        WHERE c.review_status = 'UNASSIGNED'
          AND c.submission_time IS NOT NULL
          AND c.review_assigned_to_id IS NULL
          AND NOT EXISTS (
              SELECT FROM review_skips AS s
              WHERE s.user_id = v_me AND s.entry_id = c.id
                AND s.skipped_at > (now() AT TIME ZONE 'utc') - rd_skip_cooldown()
          )
        ORDER BY c.submission_time, c.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
    )
    RETURNING e.id INTO v_entry_id;
    PERFORM set_config('rd.audit_reason', '', true);
    RETURN v_entry_id;
END
$$;

CREATE FUNCTION rd_release_entry(p_entry_id uuid, p_reason text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_reason text := rd_require_reason(p_reason);
BEGIN
    PERFORM rd_lock_my_open_entry(p_entry_id);
    PERFORM rd_return_to_pool(p_entry_id, 'released: ' || v_reason);
END
$$;

CREATE FUNCTION rd_skip_entry(p_entry_id uuid, p_reason text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_reason text := rd_require_reason(p_reason);
BEGIN
    PERFORM rd_lock_my_open_entry(p_entry_id);
    INSERT INTO review_skips (user_id, entry_id, reason)
    VALUES (rd_current_user_id(), p_entry_id, v_reason)
    ON CONFLICT (user_id, entry_id) DO UPDATE
    SET reason = EXCLUDED.reason, skipped_at = EXCLUDED.skipped_at;
    PERFORM rd_return_to_pool(p_entry_id, 'skipped: ' || v_reason);
END
$$;

-- p_assignee_id NULL: back to the pool.
CREATE FUNCTION rd_reassign_entry(p_entry_id uuid, p_assignee_id uuid, p_reason text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_reason text := rd_require_reason(p_reason);
BEGIN
    IF coalesce(rd_current_group() NOT IN ('rd_senior_reviewer', 'rd_qa', 'rd_admin'), true) THEN
        RAISE EXCEPTION 'Only senior reviewers, QA and administrators reassign entries.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM rd_lock_open_entry(p_entry_id);
    IF p_assignee_id IS NULL THEN
        PERFORM rd_return_to_pool(p_entry_id, 'reassigned to the pool: ' || v_reason);
        RETURN;
    END IF;
    IF NOT EXISTS (
        SELECT FROM users
        WHERE id = p_assignee_id AND is_archived IS NOT TRUE
          AND rd_group_role(role, company_id) IN ('rd_reviewer', 'rd_senior_reviewer', 'rd_qa')
    ) THEN
        RAISE EXCEPTION 'Entries can only be assigned to active reviewers, senior reviewers or QA.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM set_config('rd.audit_reason', 'reassigned: ' || v_reason, true);
    UPDATE entries
    SET review_assigned_to_id = p_assignee_id,
        review_assigned_date = (now() AT TIME ZONE 'utc'),
        review_status = 'ASSIGNED',
        status = 'submitted'
    WHERE id = p_entry_id;
    PERFORM set_config('rd.audit_reason', '', true);
END
$$;

-- p_review_id: the workstation's id for this escalation, so a retry creates it once.
CREATE FUNCTION rd_escalate_entry(p_entry_id uuid, p_review_id uuid, p_reason text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_reason text := rd_require_reason(p_reason);
    v_submission_id uuid;
BEGIN
    IF EXISTS (
        SELECT FROM fraud_reviews AS r JOIN fraud_submissions AS fs ON fs.id = r.fraud_submission_id
        WHERE r.id = p_review_id AND fs.entry_id = p_entry_id AND r.review_type = 'ESCALATION'
    ) THEN
        RETURN;  -- a retry of an escalation that was written
    END IF;
    PERFORM rd_lock_my_open_entry(p_entry_id);
    SELECT id INTO v_submission_id FROM fraud_submissions
    WHERE entry_id = p_entry_id ORDER BY inserted_at DESC, id DESC LIMIT 1;
    IF v_submission_id IS NULL THEN
        RAISE EXCEPTION 'This entry has no documents submitted for fraud review.' USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM set_config('rd.audit_reason', 'escalated to QA: ' || v_reason, true);
    INSERT INTO fraud_reviews (id, fraud_submission_id, reviewer_id, status, review_type, result_reason)
    VALUES (p_review_id, v_submission_id, NULL, 'PENDING', 'ESCALATION', v_reason);
    UPDATE entries
    SET review_assigned_to_id = NULL, review_assigned_date = NULL, review_status = 'IN_REVIEW', status = 'in_review'
    WHERE id = p_entry_id;
    PERFORM set_config('rd.audit_reason', '', true);
END
$$;

-- Whether a folder holds an entry assigned to the caller: the folders' reviewer UPDATE policy.
-- A function, not the sub-select 0003 wrote, so a ruling's one-row folder update checks that
-- folder's few entries instead of hashing every entry ever assigned to the caller.
CREATE FUNCTION rd_holds_my_entry(p_folder_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT EXISTS (
        SELECT FROM entries WHERE folder_id = p_folder_id AND review_assigned_to_id = rd_current_user_id()
    )
$$;
