-- oversight.assessment_criteria: the current definition of this view.
-- Created by 0012_assessment.sql.

CREATE OR REPLACE VIEW oversight.assessment_criteria AS
 SELECT p.year AS plan_year,
    c.code,
    c.name_zh,
    c.name_en,
    c.max_score,
    c.weight,
    c.prefill,
    c.ordinal
   FROM duban.assessment_criteria c
     LEFT JOIN duban.plans p ON p.id = c.plan_id;

GRANT SELECT ON TABLE oversight.assessment_criteria TO duban_oversight;
COMMENT ON VIEW oversight.assessment_criteria IS 'Assessment criteria, score scales and weights (plan empty: the defaults).';
