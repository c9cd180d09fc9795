-- duban.public_indicators: the current definition of this function.
-- Created as an object with 0019_indicators_and_implementation_plans.sql.
-- What the public page shows of each task's confirmed indicators: the target and what was done, from
-- the newest revision of a lead unit's report the supervision office accepted.

CREATE OR REPLACE FUNCTION duban.public_indicators(p_year integer DEFAULT NULL::integer)
 RETURNS TABLE(task_number integer, name text, measure text, target numeric, done numeric, city_standard boolean)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    WITH plan AS (
        SELECT id FROM duban.plans WHERE p_year IS NULL OR year = p_year ORDER BY year DESC, id DESC LIMIT 1
    ), accepted AS (
        SELECT DISTINCT ON (r.task_id, q.key) r.task_id, q.key AS name, q.value
          FROM duban.reports r
          JOIN duban.tasks t ON t.id = r.task_id
          JOIN plan ON plan.id = t.plan_id
          JOIN duban.report_revisions v ON v.report_id = r.id AND v.revision = r.reviewed_revision
          JOIN duban.report_reviews w ON w.report_id = r.id AND w.revision = v.revision AND w.decision = 'accept'
          JOIN duban.accounts acc ON acc.id = w.account_id AND acc.role = 'supervisor'
          JOIN duban.reporting_nodes n ON n.id = r.node_id
          CROSS JOIN LATERAL jsonb_each(v.quantities) AS q(key, value)
         WHERE r.review_state = 'accepted' AND jsonb_typeof(q.value) = 'number'
           AND EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = r.task_id AND a.unit_id = r.unit_id AND a.role = 'lead')
         ORDER BY r.task_id, q.key, n.node_date DESC, w.received_at DESC
    )
    SELECT t.number, i.name, i.measure, i.target, (acc.value #>> '{}')::numeric, i.source = 'city_standard'
      FROM plan JOIN duban.tasks t ON t.plan_id = plan.id AND t.closed_at IS NULL
      JOIN duban.indicators i ON i.task_id = t.id AND i.confirmed
      LEFT JOIN accepted acc ON acc.task_id = t.id AND acc.name = i.name
     ORDER BY t.number, i.position, i.id
$function$;

REVOKE ALL ON FUNCTION duban.public_indicators(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.public_indicators(integer) TO duban_app;
