-- Administration: staff admins read invitations, API keys (not the key, grants.sql) and reports,
-- and manage users, teams and grants directly; company admins read their company's invitations;
-- the audit log is read by staff admins and QA. Staff admins do not rule.

-- Reading what only administrators see.
CREATE POLICY admin_read ON analytics_reports FOR SELECT TO rd_admin USING ((SELECT rd_is_staff()));
CREATE POLICY admin_read ON invitations FOR SELECT TO rd_admin USING ((SELECT rd_is_staff()));
CREATE POLICY admin_read ON invitations_properties FOR SELECT TO rd_admin USING ((SELECT rd_is_staff()));
CREATE POLICY company_admin_read ON invitations FOR SELECT
    TO rd_company_admin
    USING ((SELECT rd_current_group()) = 'rd_company_admin' AND company_id = (SELECT rd_current_company_id()));
CREATE POLICY company_admin_read ON invitations_properties FOR SELECT
    TO rd_company_admin
    USING (invitation_id IN (SELECT id FROM invitations));
CREATE POLICY admin_read ON api_keys FOR SELECT TO rd_admin USING ((SELECT rd_is_staff()));
CREATE POLICY staff_read ON audit_log FOR SELECT TO rd_admin, rd_qa USING ((SELECT rd_is_staff()));

-- Staff admins manage people, teams and grants directly (what else changes goes through functions/).
CREATE POLICY admin_update ON users FOR UPDATE TO rd_admin
    USING ((SELECT rd_is_staff())) WITH CHECK ((SELECT rd_is_staff()));
CREATE POLICY admin_insert ON team FOR INSERT TO rd_admin WITH CHECK ((SELECT rd_is_staff()));
CREATE POLICY admin_update ON team FOR UPDATE TO rd_admin
    USING ((SELECT rd_is_staff())) WITH CHECK ((SELECT rd_is_staff()));
CREATE POLICY admin_delete ON team FOR DELETE TO rd_admin USING ((SELECT rd_is_staff()));
CREATE POLICY admin_insert ON users_properties FOR INSERT TO rd_admin WITH CHECK ((SELECT rd_is_staff()));
CREATE POLICY admin_update ON users_properties FOR UPDATE TO rd_admin
    USING ((SELECT rd_is_staff())) WITH CHECK ((SELECT rd_is_staff()));
CREATE POLICY admin_delete ON users_properties FOR DELETE TO rd_admin USING ((SELECT rd_is_staff()));
CREATE POLICY admin_insert ON users_owners FOR INSERT TO rd_admin WITH CHECK ((SELECT rd_is_staff()));
CREATE POLICY admin_delete ON users_owners FOR DELETE TO rd_admin USING ((SELECT rd_is_staff()));
