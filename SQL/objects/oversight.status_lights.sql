-- oversight.status_lights: the current definition of this view.
-- Created by 0011_oversight_views_public_progress.sql; progress_light (the work against 序时进度, apart from
-- punctuality) added with 0019.

CREATE OR REPLACE VIEW oversight.status_lights AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    t.title AS task_title,
    u.code AS unit_code,
    u.name AS unit_name,
    s.light,
    s.reasons,
    s.node_date,
    s.target,
    s.progress,
    s.evaluated_at,
    s.progress_light
   FROM duban.status_lights s
     JOIN duban.tasks t ON t.id = s.task_id
     JOIN duban.plans p ON p.id = t.plan_id
     LEFT JOIN duban.units u ON u.id = s.unit_id;

GRANT SELECT ON TABLE oversight.status_lights TO duban_oversight;
COMMENT ON VIEW oversight.status_lights IS 'Status lights as the server last computed them (unit empty: the task''s own light): light judges the reports and the progress together, progress_light the work against 序时进度 alone; evaluated_at says when.';
