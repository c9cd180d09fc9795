-- oversight.assignments: the current definition of this view.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE VIEW oversight.assignments AS
 SELECT t.plan_id,
    t.number AS task_number,
    u.code AS unit_code,
    u.name AS unit_name,
    a.role,
    a.written_as
   FROM duban.assignments a
     JOIN duban.tasks t ON t.id = a.task_id
     JOIN duban.units u ON u.id = a.unit_id;

GRANT SELECT ON TABLE oversight.assignments TO duban_oversight;
COMMENT ON VIEW oversight.assignments IS 'District-level assignments: which unit leads or is responsible for which task.';
