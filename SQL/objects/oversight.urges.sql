-- oversight.urges: the current definition of this view.
-- Created by 0009_supervision.sql.

CREATE OR REPLACE VIEW oversight.urges AS
 SELECT g.id,
    t.number AS task_number,
    u.code AS unit_code,
    n.node_date,
    g.message,
    g.timeliness,
    g.created_at,
    g.reason,
    g.figures
   FROM duban.urges g
     JOIN duban.tasks t ON t.id = g.task_id
     JOIN duban.units u ON u.id = g.unit_id
     JOIN duban.reporting_nodes n ON n.id = g.node_id;

GRANT SELECT ON TABLE oversight.urges TO duban_oversight;
COMMENT ON VIEW oversight.urges IS 'Every urge (催办): of a late or missing unit (reason late), of a unit behind schedule (behind_schedule, with the figures at the time) or for poor quality (quality).';
