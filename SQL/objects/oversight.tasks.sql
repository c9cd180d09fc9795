-- oversight.tasks: the current definition of this view.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE VIEW oversight.tasks AS
 SELECT tasks.plan_id,
    tasks.number,
    tasks.title,
    tasks.content,
    tasks.completion_standard,
    tasks.city_lead_units,
    tasks.city_responsible_units,
    tasks.district_lead_written,
    tasks.district_responsible_written,
    tasks.not_applicable,
    tasks.closed_at
   FROM duban.tasks;

GRANT SELECT ON TABLE oversight.tasks TO duban_oversight;
COMMENT ON VIEW oversight.tasks IS 'Tasks of each plan; not_applicable marks tasks that do not involve the district; closed_at, tasks a corrected notice no longer lists.';
