-- The public progress page (issue 6): a lead unit marks what may be published with its report, as a
-- short summary beside the internal text. Only a lead unit's summary on a report the supervision
-- office accepted is ever shown to the public; the report's text, returns and names never are.
ALTER TABLE duban.report_revisions
    ADD COLUMN public_summary text CHECK (length(public_summary) <= 2000);

-- Status lights as the server last computed them (the rule replays receipts, see Deploy/SUPERVISION.md),
-- so oversight users read them with SQL. One row per task and unit (unit NULL: the task's own light).
CREATE TABLE duban.status_lights (
    task_id         bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE CASCADE,
    unit_id         bigint REFERENCES duban.units (id) ON DELETE CASCADE,
    light           text NOT NULL CHECK (light IN ('green', 'yellow', 'red')),
    reasons         text[] NOT NULL DEFAULT '{}',
    node_date       date,
    target          numeric(6, 2),
    progress        numeric(6, 2),
    evaluated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX status_lights_key ON duban.status_lights (task_id, coalesce(unit_id, 0));
ALTER TABLE duban.status_lights ENABLE ROW LEVEL SECURITY;
CREATE POLICY status_lights_read ON duban.status_lights FOR SELECT TO duban_app
    USING (duban.current_account_role() IS NOT NULL);
-- Written by the server's light keeper, which runs as a central scope.
CREATE POLICY status_lights_write ON duban.status_lights FOR ALL TO duban_app
    USING (duban.current_account_role() IN ('supervisor', 'oversight', 'admin'))
    WITH CHECK (duban.current_account_role() IN ('supervisor', 'oversight', 'admin'));
GRANT SELECT, INSERT, UPDATE, DELETE ON duban.status_lights TO duban_app;
