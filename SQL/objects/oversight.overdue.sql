-- oversight.overdue: the current definition of this view.
-- Created by 0011_oversight_views_public_progress.sql.
-- requires: oversight.report_timeliness

CREATE OR REPLACE VIEW oversight.overdue AS
 SELECT t.plan_year,
    t.task_number,
    t.task_title,
    t.unit_code,
    t.unit_name,
    t.tier,
    t.node_date,
    t.due_date,
    t.timeliness,
    t.days_late,
    t.first_received_at,
    ( SELECT count(*) AS count
           FROM duban.urges g
             JOIN duban.units u ON u.id = g.unit_id
             JOIN duban.tasks k ON k.id = g.task_id
             JOIN duban.reporting_nodes n ON n.id = g.node_id
          WHERE u.code = t.unit_code AND k.number = t.task_number AND n.node_date = t.node_date) AS urges
   FROM oversight.report_timeliness t
  WHERE t.timeliness = ANY (ARRAY['late'::text, 'missing'::text]);

GRANT SELECT ON TABLE oversight.overdue TO duban_oversight;
COMMENT ON VIEW oversight.overdue IS 'Reports late or still missing, with how often the unit was urged.';
