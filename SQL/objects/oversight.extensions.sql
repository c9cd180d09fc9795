-- oversight.extensions: the current definition of this view.
-- Created by 0009_supervision.sql.

CREATE OR REPLACE VIEW oversight.extensions AS
 SELECT e.id,
    t.number AS task_number,
    u.code AS unit_code,
    n.node_date,
    e.requested_due_date,
    e.reason,
    e.state,
    e.granted_due_date,
    e.decision_note,
    e.requested_at,
    e.decided_at
   FROM duban.extensions e
     JOIN duban.tasks t ON t.id = e.task_id
     JOIN duban.units u ON u.id = e.unit_id
     JOIN duban.reporting_nodes n ON n.id = e.node_id;

GRANT SELECT ON TABLE oversight.extensions TO duban_oversight;
COMMENT ON VIEW oversight.extensions IS 'Requests for more time and the supervision office''s decisions.';
