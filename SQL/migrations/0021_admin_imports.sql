-- Admins import plans and rosters through the API (`POST /v1/admin/plans/import`,
-- `POST /v1/admin/units/import`), not only with `duban-server import-plan` as the owner: the
-- server's role may write the plan's tables, and row-level security lets only admins do so.
-- Every write is audited by the tables' `duban.audit_row` triggers with the admin's scope.

GRANT INSERT, UPDATE ON duban.plans, duban.tasks TO duban_app;
GRANT INSERT, UPDATE, DELETE ON duban.reporting_nodes, duban.assignments TO duban_app;

CREATE POLICY plans_admin_insert ON duban.plans FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY plans_admin_update ON duban.plans FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'admin') WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY tasks_admin_insert ON duban.tasks FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY tasks_admin_update ON duban.tasks FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'admin') WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY nodes_admin_write ON duban.reporting_nodes FOR ALL TO duban_app
    USING (duban.current_account_role() = 'admin') WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY assignments_admin_write ON duban.assignments FOR ALL TO duban_app
    USING (duban.current_account_role() = 'admin') WITH CHECK (duban.current_account_role() = 'admin');
