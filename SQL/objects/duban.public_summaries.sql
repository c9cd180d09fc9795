-- duban.public_summaries: the current definition of this function.
-- Created as an object with 0019_indicators_and_implementation_plans.sql.
-- Every public summary the supervision office accepted on a lead unit's report, per task and node
-- (the newest accepted per node), for the public page's history.

CREATE OR REPLACE FUNCTION duban.public_summaries(p_year integer DEFAULT NULL::integer)
 RETURNS TABLE(task_number integer, node_date date, summary text, accepted_at timestamp with time zone)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    WITH plan AS (
        SELECT id FROM duban.plans WHERE p_year IS NULL OR year = p_year ORDER BY year DESC, id DESC LIMIT 1
    )
    SELECT DISTINCT ON (t.number, n.node_date) t.number, n.node_date, v.public_summary, w.received_at
      FROM duban.reports r
      JOIN duban.tasks t ON t.id = r.task_id AND t.closed_at IS NULL
      JOIN plan ON plan.id = t.plan_id
      JOIN duban.report_revisions v ON v.report_id = r.id AND v.revision = r.reviewed_revision
      JOIN duban.report_reviews w ON w.report_id = r.id AND w.revision = v.revision AND w.decision = 'accept'
      JOIN duban.accounts acc ON acc.id = w.account_id AND acc.role = 'supervisor'
      JOIN duban.reporting_nodes n ON n.id = r.node_id
     WHERE r.review_state = 'accepted' AND v.public_summary IS NOT NULL
       AND EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = r.task_id AND a.unit_id = r.unit_id AND a.role = 'lead')
     ORDER BY t.number, n.node_date DESC, w.received_at DESC
$function$;

REVOKE ALL ON FUNCTION duban.public_summaries(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.public_summaries(integer) TO duban_app;
