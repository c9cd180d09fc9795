-- oversight.reports: the current definition of this view.
-- Created by 0003_reports_sync.sql, redefined by 0008_reviews.sql.

CREATE OR REPLACE VIEW oversight.reports AS
 SELECT r.id AS report_id,
    t.plan_id,
    t.number AS task_number,
    u.code AS unit_code,
    n.node_date,
    r.version,
    r.head_revision,
    r.open_conflicts > 0 AS in_conflict,
    r.created_at,
    r.updated_at,
    r.review_state,
    r.reviewed_revision
   FROM duban.reports r
     JOIN duban.tasks t ON t.id = r.task_id
     JOIN duban.units u ON u.id = r.unit_id
     JOIN duban.reporting_nodes n ON n.id = r.node_id;

GRANT SELECT ON TABLE oversight.reports TO duban_oversight;
COMMENT ON VIEW oversight.reports IS 'One row per report (task, unit, node) with its newest and head revision.';
