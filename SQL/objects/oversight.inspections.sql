-- oversight.inspections: the current definition of this view.
-- Created by 0009_supervision.sql.

CREATE OR REPLACE VIEW oversight.inspections AS
 SELECT i.id,
    t.number AS task_number,
    u.code AS unit_code,
    i.kind,
    i.inspected_on,
    i.inspectors,
    i.findings,
    i.rectification,
    i.rectification_due,
    i.state,
    i.created_at
   FROM duban.inspections i
     JOIN duban.tasks t ON t.id = i.task_id
     JOIN duban.units u ON u.id = i.unit_id;

GRANT SELECT ON TABLE oversight.inspections TO duban_oversight;
COMMENT ON VIEW oversight.inspections IS 'Inspections and whether their rectification is closed.';
