-- oversight.indicators: the current definition of this view.
-- Created as an object with 0019_indicators_and_implementation_plans.sql.

CREATE OR REPLACE VIEW oversight.indicators AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    i.name AS indicator,
    i.measure,
    i.target,
    i.cumulative,
    i.source,
    i.confirmed,
    u.code AS unit_code,
    s.target AS unit_target,
    i.split_reason
   FROM duban.indicators i
     JOIN duban.tasks t ON t.id = i.task_id
     JOIN duban.plans p ON p.id = t.plan_id
     LEFT JOIN duban.indicator_splits s ON s.indicator_id = i.id
     LEFT JOIN duban.units u ON u.id = s.unit_id;

GRANT SELECT ON TABLE oversight.indicators TO duban_oversight;
COMMENT ON VIEW oversight.indicators IS 'Each task''s indicators (量化指标) and targets, one row per unit''s share when the target is split (unit empty: not split); source city_standard: proposed from the notice''s completion standard.';
