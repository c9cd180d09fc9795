-- oversight.implementation_plans: the current definition of this view.
-- Created as an object with 0019_indicators_and_implementation_plans.sql.

CREATE OR REPLACE VIEW oversight.implementation_plans AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    u.code AS unit_code,
    v.revision,
    v.revision = ip.accepted_revision AS accepted,
    CASE WHEN v.revision = ip.version THEN ip.state END AS state,
    v.measures,
    v.steps,
    v.splits,
    v.reason,
    v.received_at,
    r.decision,
    r.reason AS decision_reason,
    r.decided_at
   FROM duban.implementation_plans ip
     JOIN duban.implementation_revisions v ON v.plan_id = ip.id
     JOIN duban.tasks t ON t.id = ip.task_id
     JOIN duban.plans p ON p.id = t.plan_id
     JOIN duban.units u ON u.id = ip.unit_id
     LEFT JOIN duban.implementation_reviews r ON r.plan_id = ip.id AND r.revision = v.revision;

GRANT SELECT ON TABLE oversight.implementation_plans TO duban_oversight;
COMMENT ON VIEW oversight.implementation_plans IS 'Each lead unit''s implementation plan (实施方案), one row per revision with the office''s decision on it; accepted marks the revision 序时进度 follows.';
