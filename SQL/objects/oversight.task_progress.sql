-- oversight.task_progress: the current definition of this view.
-- Created by 0011_oversight_views_public_progress.sql.
-- requires: oversight.report_timeliness

CREATE OR REPLACE VIEW oversight.task_progress AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    t.title,
    t.not_applicable,
    ( SELECT array_agg(u.code ORDER BY u.code) AS array_agg
           FROM duban.assignments a
             JOIN duban.units u ON u.id = a.unit_id
          WHERE a.task_id = t.id AND a.role = 'lead'::text) AS lead_units,
    s.light,
    s.target,
    s.progress,
    ( SELECT max(v.received_at) AS max
           FROM duban.reports r
             JOIN duban.report_revisions v ON v.report_id = r.id
          WHERE r.task_id = t.id) AS last_update,
    ( SELECT count(*) AS count
           FROM oversight.report_timeliness x
          WHERE x.plan_year = p.year AND x.task_number = t.number AND (x.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text]))) AS expected,
    ( SELECT count(*) AS count
           FROM oversight.report_timeliness x
          WHERE x.plan_year = p.year AND x.task_number = t.number AND (x.timeliness = ANY (ARRAY['on_time'::text, 'late'::text]))) AS received,
    ( SELECT count(*) AS count
           FROM oversight.report_timeliness x
          WHERE x.plan_year = p.year AND x.task_number = t.number AND x.timeliness = 'on_time'::text) AS on_time
   FROM duban.tasks t
     JOIN duban.plans p ON p.id = t.plan_id
     LEFT JOIN duban.status_lights s ON s.task_id = t.id AND s.unit_id IS NULL
  WHERE t.closed_at IS NULL;

GRANT SELECT ON TABLE oversight.task_progress TO duban_oversight;
COMMENT ON VIEW oversight.task_progress IS 'Per task: lead units, light and progress as last computed, last receipt, and its reports expected/received/on time.';
