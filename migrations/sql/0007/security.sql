-- Forensics tables (models.forensics): privileges, row-level security, audit and live updates.
--
-- Fingerprints and findings: staff read all; the company side reads them only for proofs it
-- can already see (proof's own policy applies inside the sub-select); worker nodes write them,
-- and staff workstations may add what is missing (computed on demand) or refresh stale
-- findings. Match decisions: staff read all, the company side those on matches it sees;
-- reviewers, senior reviewers and QA write one on a match when they may rule on either of its
-- entries, always in their own name (decided_by_id is checked against the caller).

GRANT SELECT ON proof_page_fingerprints, proof_forensics, match_decisions TO rd_app, rd_worker;
GRANT INSERT, UPDATE, DELETE ON proof_page_fingerprints, proof_forensics TO rd_worker;
GRANT INSERT ON proof_page_fingerprints TO rd_staff;
GRANT INSERT, UPDATE (analyser_version, findings, computed_at) ON proof_forensics TO rd_staff;
GRANT INSERT (matching_entry_id, decision, note), UPDATE (decision, note, decided_by_id)
    ON match_decisions TO rd_reviewer, rd_senior_reviewer, rd_qa;

ALTER TABLE proof_page_fingerprints ENABLE ROW LEVEL SECURITY;
ALTER TABLE proof_forensics ENABLE ROW LEVEL SECURITY;
ALTER TABLE match_decisions ENABLE ROW LEVEL SECURITY;

CREATE POLICY staff_read ON proof_page_fingerprints FOR SELECT TO rd_staff USING ((SELECT rd_is_staff()));
CREATE POLICY staff_read ON proof_forensics FOR SELECT TO rd_staff USING ((SELECT rd_is_staff()));
CREATE POLICY staff_read ON match_decisions FOR SELECT TO rd_staff USING ((SELECT rd_is_staff()));

CREATE POLICY company_read ON proof_page_fingerprints FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (proof_id IN (SELECT id FROM proof));
CREATE POLICY company_read ON proof_forensics FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (proof_id IN (SELECT id FROM proof));
CREATE POLICY company_read ON match_decisions FOR SELECT
    TO rd_company_admin, rd_company_user, rd_property_manager, rd_owner_admin, rd_owner_viewer
    USING (matching_entry_id IN (SELECT id FROM matching_entries));

CREATE POLICY worker_write ON proof_page_fingerprints FOR ALL TO rd_worker USING (true) WITH CHECK (true);
CREATE POLICY worker_write ON proof_forensics FOR ALL TO rd_worker USING (true) WITH CHECK (true);

CREATE POLICY staff_insert ON proof_page_fingerprints FOR INSERT
    TO rd_staff WITH CHECK ((SELECT rd_is_staff()) AND proof_id IN (SELECT id FROM proof));
CREATE POLICY staff_insert ON proof_forensics FOR INSERT
    TO rd_staff WITH CHECK ((SELECT rd_is_staff()) AND proof_id IN (SELECT id FROM proof));
CREATE POLICY staff_update ON proof_forensics FOR UPDATE
    TO rd_staff USING ((SELECT rd_is_staff())) WITH CHECK ((SELECT rd_is_staff()));

CREATE FUNCTION rd_may_decide_match(p_matching_entry_id bigint)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    -- A duplicate decision belongs to whoever may rule on either of the two entries.
    SELECT EXISTS (
        SELECT FROM matching_entries AS m
        WHERE m.id = p_matching_entry_id
          AND (rd_may_rule_on_entry(m.entry_id, NULL) OR rd_may_rule_on_entry(m.matching_entry_id, NULL))
    )
$$;
REVOKE ALL ON FUNCTION rd_may_decide_match(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd_may_decide_match(bigint) TO rd_staff;

CREATE POLICY decision_insert ON match_decisions FOR INSERT
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    WITH CHECK (decided_by_id = (SELECT rd_current_user_id()) AND rd_may_decide_match(matching_entry_id));
CREATE POLICY decision_update ON match_decisions FOR UPDATE
    TO rd_reviewer, rd_senior_reviewer, rd_qa
    USING (rd_may_decide_match(matching_entry_id))
    WITH CHECK (decided_by_id = (SELECT rd_current_user_id()) AND rd_may_decide_match(matching_entry_id));

CREATE TRIGGER set_updated_at BEFORE UPDATE ON match_decisions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON match_decisions
    FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id');
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON match_decisions
    FOR EACH ROW EXECUTE FUNCTION rd_notify_change('match');
