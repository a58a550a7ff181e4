-- Every person: their own users row (and its harmless columns, grants.sql), their grants, the
-- reports they requested; staff request reports for themselves only.

CREATE POLICY self_read ON users FOR SELECT TO rd_app USING (id = (SELECT rd_current_user_id()));
CREATE POLICY self_update ON users FOR UPDATE TO rd_app
    USING (id = (SELECT rd_current_user_id())) WITH CHECK (id = (SELECT rd_current_user_id()));
CREATE POLICY self_read ON users_properties FOR SELECT TO rd_app USING (user_id = (SELECT rd_current_user_id()));
CREATE POLICY self_read ON users_owners FOR SELECT TO rd_app USING (user_id = (SELECT rd_current_user_id()));

CREATE POLICY requester_read ON analytics_reports FOR SELECT
    TO rd_app USING (user_id = (SELECT rd_current_user_id()));
CREATE POLICY staff_request ON analytics_reports FOR INSERT
    TO rd_staff
    WITH CHECK ((SELECT rd_is_staff()) AND user_id = (SELECT rd_current_user_id()) AND status = 'pending');
