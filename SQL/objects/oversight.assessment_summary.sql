-- oversight.assessment_summary: the current definition of this view.
-- Created by 0012_assessment.sql.

CREATE OR REPLACE VIEW oversight.assessment_summary AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    t.title AS task_title,
    u.code AS unit_code,
    u.name AS unit_name,
    l.code AS lead_unit_code,
    a.scores,
    a.prefilled,
    a.reasons,
    a.comment,
    a.total,
    a.state,
    a.review_note,
    a.written_at,
    a.reviewed_at
   FROM duban.assessments a
     JOIN duban.tasks t ON t.id = a.task_id
     JOIN duban.plans p ON p.id = t.plan_id
     JOIN duban.units u ON u.id = a.unit_id
     JOIN duban.units l ON l.id = a.lead_unit_id;

GRANT SELECT ON TABLE oversight.assessment_summary TO duban_oversight;
COMMENT ON VIEW oversight.assessment_summary IS 'Year-end assessment sheets: per task and responsible unit, scores per criterion, weighted total (of 100), review state.';
